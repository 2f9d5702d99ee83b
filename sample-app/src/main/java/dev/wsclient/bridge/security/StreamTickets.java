package dev.wsclient.bridge.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Single-use, short-lived tickets that open a stream. A browser's {@code EventSource} and
 * {@code WebSocket} cannot send an {@code Authorization} or {@code X-API-Key} header, and
 * a long-lived key must not go into a URL (it would end up in logs and histories): a page
 * holding a key or a token asks for a ticket with it, then opens
 * {@code /streams/{client}?ticket=...}. A ticket carries the read authorities of whoever
 * asked for it and nothing else; it is valid once, for a short time.
 */
public final class StreamTickets {

	private static final int TICKET_BYTES = 32;

	private final SecureRandom random = new SecureRandom();

	private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();

	private final Duration timeToLive;

	private final int maxOutstanding;

	private final Clock clock;

	/**
	 * Create the tickets.
	 * @param timeToLive how long a ticket stays valid
	 * @param maxOutstanding tickets issued and not yet used or expired, at most
	 * @param clock the clock
	 */
	public StreamTickets(Duration timeToLive, int maxOutstanding, Clock clock) {
		this.timeToLive = timeToLive;
		this.maxOutstanding = maxOutstanding;
		this.clock = clock;
	}

	/**
	 * Return how long a ticket stays valid.
	 * @return the time to live
	 */
	public Duration timeToLive() {
		return this.timeToLive;
	}

	/**
	 * Issue a ticket for a caller.
	 * @param caller who asks, authenticated with a token or a key
	 * @return the ticket, or {@code null} when as many tickets are outstanding as allowed
	 */
	public @Nullable String issue(Authentication caller) {
		Instant now = this.clock.instant();
		if (this.tickets.size() >= this.maxOutstanding) {
			this.tickets.values().removeIf((ticket) -> ticket.expired(now));
			if (this.tickets.size() >= this.maxOutstanding) {
				return null;
			}
		}
		byte[] bytes = new byte[TICKET_BYTES];
		this.random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		this.tickets.put(value,
				new Ticket(caller.getName(), readAuthorities(caller.getAuthorities()), now.plus(this.timeToLive)));
		return value;
	}

	/**
	 * Use a ticket: it is valid once.
	 * @param value the ticket
	 * @return who it was issued to and what it allows, or {@code null} when it is
	 * unknown, used or expired
	 */
	@Nullable Ticket redeem(String value) {
		Ticket ticket = this.tickets.remove(value);
		return (ticket != null && !ticket.expired(this.clock.instant())) ? ticket : null;
	}

	private static List<GrantedAuthority> readAuthorities(Collection<? extends GrantedAuthority> authorities) {
		return authorities.stream()
			.filter((authority) -> String.valueOf(authority.getAuthority())
				.startsWith(BridgeAuthorities.PREFIX + "read:"))
			.map(GrantedAuthority.class::cast)
			.toList();
	}

	/**
	 * An issued ticket.
	 *
	 * @param issuedTo the name of the caller it was issued to
	 * @param authorities the caller's read authorities
	 * @param expiresAt when it stops being valid
	 */
	record Ticket(String issuedTo, List<GrantedAuthority> authorities, Instant expiresAt) {

		boolean expired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

	}

}
