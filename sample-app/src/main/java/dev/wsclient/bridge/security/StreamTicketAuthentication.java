package dev.wsclient.bridge.security;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

/**
 * Authentication with a stream ticket in the {@value #PARAMETER} query parameter, for
 * {@code GET /streams/...} only.
 */
final class StreamTicketAuthentication implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

	static final String PARAMETER = "ticket";

	private static final Log logger = LogFactory.getLog(StreamTicketAuthentication.class);

	private final StreamTickets tickets;

	StreamTicketAuthentication(StreamTickets tickets) {
		this.tickets = tickets;
	}

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		if (!HttpMethod.GET.equals(exchange.getRequest().getMethod())
				|| !exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/streams/")) {
			return Mono.empty();
		}
		String ticket = exchange.getRequest().getQueryParams().getFirst(PARAMETER);
		return (ticket != null) ? Mono.just(new PresentedCredential(ticket, "ticket")) : Mono.empty();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof PresentedCredential presented)) {
			return Mono.empty();
		}
		StreamTickets.Ticket ticket = this.tickets.redeem(presented.value());
		if (ticket == null) {
			logger.debug("Refused a stream ticket: unknown, used or expired");
			return Mono.error(new BadCredentialsException("Invalid stream ticket"));
		}
		return Mono.just(new CheckedCaller(ticket.issuedTo(), ticket.authorities()));
	}

}
