package dev.wsclient.core;

import reactor.netty.transport.ProxyProvider;

/** Translates {@link WsProxy} into Reactor Netty's proxy configuration. */
final class ProxySettings {

	private ProxySettings() {
	}

	static ProxyProvider.Builder apply(WsProxy proxy, ProxyProvider.TypeSpec spec) {
		ProxyProvider.AddressSpec address = spec.type(type(proxy.type()));
		ProxyProvider.Builder builder = address.host(proxy.host()).port(proxy.port());
		String username = proxy.username();
		String password = proxy.password();
		if (username != null) {
			builder = builder.username(username);
			if (password != null) {
				builder = builder.password((user) -> password);
			}
		}
		String nonProxyHosts = proxy.nonProxyHosts();
		if (nonProxyHosts != null) {
			builder = builder.nonProxyHosts(nonProxyHosts);
		}
		return builder;
	}

	private static ProxyProvider.Proxy type(WsProxy.Type type) {
		return switch (type) {
			case HTTP -> ProxyProvider.Proxy.HTTP;
			case SOCKS4 -> ProxyProvider.Proxy.SOCKS4;
			case SOCKS5 -> ProxyProvider.Proxy.SOCKS5;
		};
	}

}
