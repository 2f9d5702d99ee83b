package dev.wsclient.core;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receive time of {@link WsMessage}: only messages read from a socket have one, and
 * it does not take part in equality.
 */
class WsMessageTests {

	@Test
	void messagesCreatedByTheApplicationHaveNoReceiveTime() {
		for (WsMessage message : new WsMessage[] { WsMessage.text("a"), WsMessage.binary(new byte[] { 1 }),
				WsMessage.binary(ByteBuffer.wrap(new byte[] { 1 })),
				WsMessage.wrap(WsOpcode.TEXT, new byte[] { 'a' }) }) {
			assertThat(message.receivedAt()).as(message.toString()).isNull();
			assertThat(message.receivedNanos()).as(message.toString()).isZero();
		}
	}

	@Test
	void aReceivedMessageGivesItsReceiveTimeOnBothClocks() {
		Instant at = Instant.parse("2025-06-01T09:12:44.103456789Z");
		long epochNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
		WsMessage message = WsMessage.received(WsOpcode.TEXT, new byte[] { 'a' }, epochNanos, 42);
		assertThat(message.receivedAt()).isEqualTo(at);
		assertThat(message.receivedNanos()).isEqualTo(42);
	}

	@Test
	void theReceiveTimeIsNotPartOfEquality() {
		WsMessage received = WsMessage.received(WsOpcode.TEXT, new byte[] { 'a' }, 1, 2);
		assertThat(received).isEqualTo(WsMessage.text("a")).hasSameHashCodeAs(WsMessage.text("a"));
	}

}
