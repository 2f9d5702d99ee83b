package dev.wsclient.bridge.web;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.bridge.BridgeProperties;
import dev.wsclient.core.WsClient;
import dev.wsclient.core.WsSendException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /clients/{client}/messages}: sends the request body upstream, as a text
 * message for {@code text/plain} (in the request's charset, UTF-8 by default) and as a
 * binary message for {@code application/octet-stream}; any other {@code Content-Type}, or
 * none, is refused with 415. Answers 202 with a receipt once the message is written to
 * the upstream connection; failures are problem details ({@link Problems}): 409 when the
 * client is not open, 413 when the message is larger than the client may send, 503 when
 * its send buffer is full or the bridge is reading too many bodies, 502 when the
 * connection was lost before the message was written, 504 when it was not written in
 * time.
 */
@RestController
class ClientMessageController {

	static final String PATH = "/clients/{client}/messages";

	private final WsClients clients;

	private final RequestBodies bodies;

	private final Duration sendTimeout;

	ClientMessageController(WsClients clients, BridgeProperties properties) {
		this.clients = clients;
		this.bodies = new RequestBodies(properties.getSend().getMaxBufferedBytes().toBytes());
		this.sendTimeout = properties.getSend().getTimeout();
	}

	@PostMapping(PATH)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<SendReceipt> send(@PathVariable String client, ServerHttpRequest request) {
		WsClient upstream = this.clients.get(client);
		MediaType contentType = request.getHeaders().getContentType();
		if (contentType != null && MediaType.TEXT_PLAIN.equalsTypeAndSubtype(contentType)) {
			Charset requested = contentType.getCharset();
			return sendText(client, upstream, request, (requested != null) ? requested : StandardCharsets.UTF_8);
		}
		if (contentType != null && MediaType.APPLICATION_OCTET_STREAM.equalsTypeAndSubtype(contentType)) {
			return body(client, upstream, request).flatMap((bytes) -> send(client, upstream, () -> upstream.send(bytes),
					new SendReceipt(client, "binary", bytes.length)));
		}
		return Mono.error(Problems.unsupportedContentType(contentType != null));
	}

	private Mono<SendReceipt> sendText(String client, WsClient upstream, ServerHttpRequest request, Charset charset) {
		return body(client, upstream, request).flatMap((bytes) -> {
			String text;
			try {
				text = decode(bytes, charset);
			}
			catch (CharacterCodingException ex) {
				return Mono.error(Problems.notText(client, charset, ex));
			}
			return send(client, upstream, () -> upstream.send(text),
					new SendReceipt(client, "text", text.getBytes(StandardCharsets.UTF_8).length));
		});
	}

	private Mono<byte[]> body(String client, WsClient upstream, ServerHttpRequest request) {
		return this.bodies.read(request, client, upstream.options().maxOutboundMessageSize());
	}

	private Mono<SendReceipt> send(String client, WsClient upstream, Sender sender, SendReceipt receipt) {
		// WsClient.send reports a refused message (not open, too large, buffer full) as
		// an error signal, like a write that fails later.
		return sender.send()
			.onErrorMap(WsSendException.class, (ex) -> Problems.sendFailed(client, upstream, ex))
			.timeout(this.sendTimeout, Mono.error(() -> Problems.sendTimedOut(client, this.sendTimeout)))
			.thenReturn(receipt);
	}

	private static String decode(byte[] bytes, Charset charset) throws CharacterCodingException {
		return charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(bytes))
			.toString();
	}

	@FunctionalInterface
	private interface Sender {

		Mono<Void> send();

	}

	/**
	 * What was sent upstream.
	 *
	 * @param client the client name
	 * @param type {@code text} or {@code binary}
	 * @param bytes the payload size in bytes (UTF-8 for text)
	 */
	record SendReceipt(String client, String type, int bytes) {

	}

}
