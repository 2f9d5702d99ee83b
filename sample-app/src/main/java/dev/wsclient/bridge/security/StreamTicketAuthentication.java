package dev.wsclient.bridge.security;

import java.util.Collection;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
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
		return (ticket != null) ? Mono.just(new Presented(ticket)) : Mono.empty();
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		if (!(authentication instanceof Presented presented)) {
			return Mono.empty();
		}
		StreamTickets.Ticket ticket = this.tickets.redeem(presented.ticket);
		if (ticket == null) {
			logger.debug("Refused a stream ticket: unknown, used or expired");
			return Mono.error(new BadCredentialsException("Invalid stream ticket"));
		}
		return Mono.just(new TicketToken(ticket.issuedTo(), ticket.authorities()));
	}

	/**
	 * A ticket as presented, not yet checked.
	 */
	private static final class Presented extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final transient String ticket;

		Presented(String ticket) {
			super((Collection<? extends GrantedAuthority>) null);
			this.ticket = ticket;
		}

		@Override
		public Object getCredentials() {
			return this.ticket;
		}

		@Override
		public Object getPrincipal() {
			return "ticket";
		}

	}

	/**
	 * A redeemed ticket, in the name of whoever it was issued to.
	 */
	static final class TicketToken extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final String issuedTo;

		TicketToken(String issuedTo, Collection<? extends GrantedAuthority> authorities) {
			super(authorities);
			this.issuedTo = issuedTo;
			setAuthenticated(true);
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return this.issuedTo;
		}

	}

}
