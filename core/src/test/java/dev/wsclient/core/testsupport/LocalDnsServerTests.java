package dev.wsclient.core.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Checks {@link LocalDnsServer} with a hand-built query and with Reactor Netty's
 * resolver.
 */
class LocalDnsServerTests {

	@Test
	void answersAHandBuiltQueryWithNxdomain() throws Exception {
		byte[] query = query(0x1234, "no-such-host.test");
		try (LocalDnsServer dns = LocalDnsServer.start();
				DatagramSocket client = new DatagramSocket(
						new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			assertThat(dns.address().getAddress().isLoopbackAddress()).isTrue();
			client.setSoTimeout(5000);
			client.send(new DatagramPacket(query, query.length, dns.address()));
			DatagramPacket packet = new DatagramPacket(new byte[512], 512);
			client.receive(packet);
			byte[] response = Arrays.copyOf(packet.getData(), packet.getLength());

			assertThat(response).hasSize(query.length);
			assertThat(Arrays.copyOfRange(response, 0, 2)).containsExactly(0x12, 0x34);
			assertThat(response[2] & 0x80).as("QR").isEqualTo(0x80);
			assertThat(response[2] & 0x01).as("RD echoed").isEqualTo(1);
			assertThat(response[3] & 0x0F).as("RCODE").isEqualTo(LocalDnsServer.RCODE_NXDOMAIN);
			assertThat(Arrays.copyOfRange(response, 4, 12)).as("counts").containsExactly(0, 1, 0, 0, 0, 0, 0, 0);
			assertThat(Arrays.copyOfRange(response, 12, response.length)).as("question section")
				.isEqualTo(Arrays.copyOfRange(query, 12, query.length));
			assertThat(dns.queriesReceived()).isEqualTo(1);
			assertThat(dns.queriedNames()).containsExactly("no-such-host.test");
			assertThat(dns.failures()).isEmpty();
		}
	}

	@Test
	void answersGarbageWithFormatError() throws Exception {
		byte[] query = Arrays.copyOf(query(7, "truncated.test"), 20);
		try (LocalDnsServer dns = LocalDnsServer.start();
				DatagramSocket client = new DatagramSocket(
						new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			client.setSoTimeout(5000);
			client.send(new DatagramPacket(query, query.length, dns.address()));
			DatagramPacket packet = new DatagramPacket(new byte[512], 512);
			client.receive(packet);
			assertThat(packet.getLength()).isEqualTo(12);
			assertThat(packet.getData()[3] & 0x0F).isEqualTo(LocalDnsServer.RCODE_FORMERR);
		}
	}

	@Test
	void reactorNettyLookupFailsForReal() {
		try (LocalDnsServer dns = LocalDnsServer.start()) {
			HttpClient client = HttpClient.create()
				.resolver((spec) -> spec.searchDomains(List.of())
					.queryTimeout(Duration.ofSeconds(3))
					.dnsAddressResolverGroupProvider((builder) -> new DnsAddressResolverGroup(
							builder.nameServerProvider(new SingletonDnsServerAddressStreamProvider(dns.address())))));
			assertThatThrownBy(() -> client.websocket()
				.uri("ws://no-such-host.wsclient.test/echo")
				.handle((in, out) -> in.receive().then())
				.blockLast(Duration.ofSeconds(15))).hasCauseInstanceOf(UnknownHostException.class)
				.rootCause()
				.isInstanceOfSatisfying(DnsErrorCauseException.class,
						(cause) -> assertThat(cause.getCode()).isEqualTo(DnsResponseCode.NXDOMAIN));
			assertThat(dns.queriesReceived()).isPositive();
			assertThat(dns.queriedNames()).contains("no-such-host.wsclient.test");
		}
	}

	private static byte[] query(int id, String name) {
		ByteArrayOutputStream query = new ByteArrayOutputStream();
		query.write(id >> 8);
		query.write(id & 0xFF);
		query.write(0x01); // RD
		query.write(0x00);
		query.writeBytes(new byte[] { 0, 1, 0, 0, 0, 0, 0, 0 }); // QDCOUNT 1
		for (String label : name.split("\\.", -1)) {
			byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
			query.write(bytes.length);
			query.writeBytes(bytes);
		}
		query.write(0);
		query.writeBytes(new byte[] { 0, 1, 0, 1 }); // type A, class IN
		return query.toByteArray();
	}

}
