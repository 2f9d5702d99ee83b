package dev.wsclient.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.proxy.ProxyConnectException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Turns the exceptions of Netty, Reactor Netty and the JDK into close statuses. Looks
 * through the cause chain, since Netty wraps TLS and decoder failures.
 */
final class FailureClassifier {

	private FailureClassifier() {
	}

	static WsCloseStatus classify(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			WsCloseStatus status = classifyOne(cause);
			if (status != null) {
				return status;
			}
		}
		WsStatusCode fallback = (failure instanceof IOException) ? WsStatusCode.TRANSPORT_ERROR
				: WsStatusCode.INTERNAL_ERROR;
		return WsCloseStatus.failure(fallback, null, failure);
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

	private static @Nullable WsCloseStatus classifyOne(Throwable cause) {
		if (cause instanceof WebSocketClientHandshakeException handshake) {
			return handshakeFailure(handshake);
		}
		if (cause instanceof WebSocketHandshakeException) {
			return WsCloseStatus.failure(WsStatusCode.INVALID_HANDSHAKE, null, cause);
		}
		if (cause instanceof TimeoutException || cause instanceof ConnectTimeoutException) {
			return WsCloseStatus.failure(WsStatusCode.CONNECT_TIMEOUT, null, cause);
		}
		if (cause instanceof UnknownHostException) {
			return WsCloseStatus.failure(WsStatusCode.DNS_FAILED, null, cause);
		}
		if (cause instanceof SSLException) {
			return WsCloseStatus.failure(WsStatusCode.TLS_HANDSHAKE_FAILED, null, cause);
		}
		if (cause instanceof ProxyConnectException) {
			return WsCloseStatus.failure(WsStatusCode.PROXY_ERROR, null, cause);
		}
		if (cause instanceof PrematureCloseException) {
			String message = String.valueOf(cause.getMessage());
			WsStatusCode status = message.contains("BEFORE") ? WsStatusCode.INVALID_HANDSHAKE
					: WsStatusCode.CLOSED_WITHOUT_CLOSE_FRAME;
			return WsCloseStatus.failure(status, null, cause);
		}
		if (cause instanceof NoRouteToHostException) {
			return WsCloseStatus.failure(WsStatusCode.HOST_UNREACHABLE, null, cause);
		}
		if (cause instanceof IOException) {
			return transportFailure(cause);
		}
		return null;
	}

	private static WsCloseStatus handshakeFailure(WebSocketClientHandshakeException handshake) {
		if (handshake.response() != null && handshake.response().status().code() != 101) {
			int httpStatus = handshake.response().status().code();
			String reason = WsStatusCode.NOT_SWITCHING_PROTOCOLS.description() + ": the server answered HTTP "
					+ handshake.response().status();
			return new WsCloseStatus(WsStatusCode.NOT_SWITCHING_PROTOCOLS, null, reason, httpStatus, handshake);
		}
		return WsCloseStatus.failure(WsStatusCode.INVALID_HANDSHAKE, null, handshake);
	}

	// The JDK reports socket errors by message only; these are the Linux texts of the
	// errnos.
	private static @Nullable WsCloseStatus transportFailure(Throwable cause) {
		String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
		WsStatusCode status;
		if (message.contains("connection refused")) {
			status = WsStatusCode.CONNECTION_REFUSED;
		}
		else if (message.contains("connection reset")) {
			status = WsStatusCode.CONNECTION_RESET;
		}
		else if (message.contains("broken pipe")) {
			status = WsStatusCode.BROKEN_PIPE;
		}
		else if (message.contains("no route to host")) {
			status = WsStatusCode.HOST_UNREACHABLE;
		}
		else if (message.contains("network is unreachable")) {
			status = WsStatusCode.NETWORK_UNREACHABLE;
		}
		else if (message.contains("timed out")) {
			status = WsStatusCode.CONNECTION_TIMED_OUT;
		}
		else if (message.contains("connection abort")) {
			status = WsStatusCode.CONNECTION_ABORTED;
		}
		else if (cause instanceof ConnectException) {
			status = WsStatusCode.TRANSPORT_ERROR;
		}
		else {
			return null;
		}
		return WsCloseStatus.failure(status, null, cause);
	}

}
