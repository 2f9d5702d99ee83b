package dev.wsclient.bridge.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.wsclient.autoconfigure.WsClientRedaction;
import dev.wsclient.autoconfigure.WsClients;
import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint;
import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint.ClientDescriptor;
import dev.wsclient.autoconfigure.endpoint.WsClientsEndpoint.ClientsDescriptor;
import dev.wsclient.bridge.security.StreamAccess;
import dev.wsclient.bridge.security.StreamTickets;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the status page reads on the API port, whatever port the actuator is on:
 * <ul>
 * <li>{@code GET /api/clients}: the {@code wsclients} endpoint's description of every
 * client the caller may read (anonymous callers: those readable anonymously), in the same
 * JSON;</li>
 * <li>{@code POST /api/stream-tickets}: a single-use ticket for opening a stream from a
 * browser, for a caller authenticated with a token or an API key.</li>
 * </ul>
 */
@RestController
class ClientsController {

	private final WsClientsEndpoint endpoint;

	private final StreamAccess access;

	private final StreamTickets tickets;

	ClientsController(WsClients clients, WsClientRedaction redaction, StreamAccess access, StreamTickets tickets) {
		// The starter's redaction, so that the page hides what wsclient.redaction says.
		this.endpoint = new WsClientsEndpoint(clients, redaction, null);
		this.access = access;
		this.tickets = tickets;
	}

	@GetMapping("/api/clients")
	Mono<ClientsDescriptor> clients() {
		return caller().map((caller) -> {
			Map<String, ClientDescriptor> readable = new LinkedHashMap<>();
			this.endpoint.clients().clients().forEach((name, client) -> {
				if (this.access.canRead(caller, name)) {
					readable.put(name, client);
				}
			});
			return new ClientsDescriptor(readable);
		});
	}

	@PostMapping("/api/stream-tickets")
	Mono<Ticket> streamTicket() {
		return caller().map((caller) -> {
			String ticket = this.tickets.issue(caller);
			if (ticket == null) {
				throw Problems.busy("as many stream tickets are outstanding as the bridge allows");
			}
			return new Ticket(ticket, this.tickets.timeToLive().toSeconds());
		});
	}

	private static Mono<Authentication> caller() {
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED)));
	}

	/**
	 * A stream ticket.
	 *
	 * @param ticket the value of the {@code ticket} query parameter
	 * @param expiresInSeconds how long it stays valid
	 */
	record Ticket(String ticket, long expiresInSeconds) {

	}

}
