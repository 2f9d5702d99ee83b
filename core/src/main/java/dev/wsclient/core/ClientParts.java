package dev.wsclient.core;

/**
 * What the connections of one client share with it: its options and transport, where its
 * facts go (the {@link Lifecycle} for those that change its state, {@link ClientEvents}
 * for the others), the hub whose subscribers pace the reading, and its time.
 *
 * @param options the client's options
 * @param transport the Reactor Netty configuration to connect with
 * @param hub the subscribers of events
 * @param events where the facts of an open connection go
 * @param lifecycle the owner of the client's state
 * @param timers the clock and timers
 */
record ClientParts(WsClientOptions options, Transport transport, EventHub hub, ClientEvents events, Lifecycle lifecycle,
		Timers timers) {
}
