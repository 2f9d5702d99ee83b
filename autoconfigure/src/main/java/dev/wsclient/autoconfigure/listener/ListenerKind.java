package dev.wsclient.autoconfigure.listener;

import java.lang.annotation.Annotation;
import java.util.List;

import dev.wsclient.autoconfigure.event.WsClientClosedEvent;
import dev.wsclient.autoconfigure.event.WsClientConnectedEvent;
import dev.wsclient.autoconfigure.event.WsClientEvent;
import dev.wsclient.autoconfigure.event.WsClientReconnectingEvent;
import dev.wsclient.core.WsCloseStatus;
import dev.wsclient.core.WsEvent;
import org.jspecify.annotations.Nullable;

/**
 * The four kinds of listener methods: one per annotation and per kind of client event.
 */
enum ListenerKind {

	MESSAGE(WsClientListener.class, WsEvent.Received.class, null),

	CONNECTED(WsClientConnected.class, WsEvent.Connected.class, WsClientConnectedEvent.class),

	CLOSED(WsClientClosed.class, WsEvent.Closed.class, WsClientClosedEvent.class),

	RECONNECTING(WsClientReconnecting.class, WsEvent.Reconnecting.class, WsClientReconnectingEvent.class);

	static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(WsClientListener.class,
			WsClientConnected.class, WsClientClosed.class, WsClientReconnecting.class);

	private final Class<? extends Annotation> annotation;

	private final Class<? extends WsEvent> event;

	private final @Nullable Class<? extends WsClientEvent> applicationEvent;

	ListenerKind(Class<? extends Annotation> annotation, Class<? extends WsEvent> event,
			@Nullable Class<? extends WsClientEvent> applicationEvent) {
		this.annotation = annotation;
		this.event = event;
		this.applicationEvent = applicationEvent;
	}

	static ListenerKind of(Class<? extends Annotation> annotation) {
		for (ListenerKind kind : values()) {
			if (kind.annotation == annotation) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Not a listener annotation: " + annotation.getName());
	}

	Class<? extends Annotation> annotation() {
		return this.annotation;
	}

	/**
	 * Return the application event a method of this kind may take as a parameter.
	 * @return the event class, or {@code null} for message listeners
	 */
	@Nullable Class<? extends WsClientEvent> applicationEvent() {
		return this.applicationEvent;
	}

	boolean handles(WsEvent event) {
		return this.event.isInstance(event);
	}

	/**
	 * Return whether a method of this kind may return a value to send: only while a
	 * connection is open.
	 * @return whether replies are possible
	 */
	boolean mayReply() {
		return this == MESSAGE || this == CONNECTED;
	}

	/**
	 * Return the parameter types a method of this kind may take, besides a payload.
	 * @return the types, described for an error message
	 */
	String parameterTypes() {
		return switch (this) {
			case MESSAGE -> "WsClient, WsMessageMetadata and one payload (String, byte[], ByteBuffer, WsMessage "
					+ "or a type read from JSON)";
			case CONNECTED -> "WsClient and WsClientConnectedEvent";
			case CLOSED -> "WsCloseStatus, WsClient and WsClientClosedEvent";
			case RECONNECTING -> "WsClient and WsClientReconnectingEvent";
		};
	}

	/**
	 * Return the annotation as written on a method.
	 * @return {@code @WsClientListener}, ...
	 */
	String display() {
		return "@" + this.annotation.getSimpleName();
	}

	/**
	 * Return whether a type is one that only a lifecycle method can take, so that a
	 * message listener taking it is a mistake, not a payload.
	 * @param type the parameter type
	 * @return whether it belongs to a lifecycle method
	 */
	static boolean isLifecycleType(Class<?> type) {
		return type == WsCloseStatus.class || WsClientEvent.class.isAssignableFrom(type)
				|| WsEvent.class.isAssignableFrom(type);
	}

}
