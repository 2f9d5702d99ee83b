package dev.wsclient.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wsclient.test.server.raw.Frame;
import dev.wsclient.test.server.raw.RawHandshakeRequest;
import dev.wsclient.test.server.raw.ScriptedConnection;
import dev.wsclient.test.server.raw.ScriptedServer;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Autobahn driver against a small stand-in for the fuzzing server that speaks the
 * same protocol ({@code /getCaseCount}, {@code /runCase}, {@code /updateReports},
 * {@code /getCaseInfo}, {@code /getCaseStatus}) and judges four cases of its own, so that
 * the driver is tested in every build even where the real fuzzing server cannot run.
 */
class AutobahnDriverTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final FakeFuzzingServer fuzzer = new FakeFuzzingServer();

	@AfterEach
	void stop() {
		this.fuzzer.close();
	}

	@Test
	void driverRunsEveryCaseEchoingWithTheOpcodeAndCollectsEveryResult() {
		AutobahnDriver driver = new AutobahnDriver(this.fuzzer.uri(), "wsclient-test",
				AutobahnDriver.caseOptions(false), TIMEOUT);
		List<AutobahnDriver.CaseResult> results = driver.runAll();
		assertThat(results).extracting(AutobahnDriver.CaseResult::id).containsExactly("1.1.1", "1.2.1", "5.6", "6.3.1");
		assertThat(results).allSatisfy((result) -> {
			assertThat(result.behavior()).as(result.toString()).isEqualTo("OK");
			assertThat(result.failed()).isFalse();
		});
		assertThat(this.fuzzer.reportsUpdatedFor).containsExactly("wsclient-test");
		assertThat(this.fuzzer.paths).startsWith("/getCaseCount", "/runCase", "/runCase", "/runCase", "/runCase",
				"/updateReports");
	}

	@Test
	void caseTheServerJudgesFailedIsReportedAsFailed() {
		this.fuzzer.verdictOverride.put(2, "FAILED");
		AutobahnDriver driver = new AutobahnDriver(this.fuzzer.uri(), "wsclient-test",
				AutobahnDriver.caseOptions(false), TIMEOUT);
		List<AutobahnDriver.CaseResult> results = driver.runAll();
		assertThat(results).filteredOn(AutobahnDriver.CaseResult::failed).singleElement().satisfies((result) -> {
			assertThat(result.id()).isEqualTo("1.2.1");
			assertThat(result.toString()).contains("FAILED").contains("binary");
		});
	}

	@Test
	void aCaseWhoseHandshakeFailsCountsAsFailedNotAsRun() {
		this.fuzzer.refusedCase = 2;
		AutobahnDriver driver = new AutobahnDriver(this.fuzzer.uri(), "wsclient-test",
				AutobahnDriver.caseOptions(false), TIMEOUT);
		List<AutobahnDriver.CaseResult> results = driver.runAll();
		assertThat(results).filteredOn(AutobahnDriver.CaseResult::failed).singleElement().satisfies((result) -> {
			assertThat(result.id()).isEqualTo("1.2.1");
			assertThat(result.driverProblem()).contains("handshake of case 2 failed").contains("-17");
		});
	}

	@Test
	void aCaseWithoutAResultCountsAsFailedAndEveryOtherResultIsStillCollected() {
		this.fuzzer.caseWithoutResult = 3;
		AutobahnDriver driver = new AutobahnDriver(this.fuzzer.uri(), "wsclient-test",
				AutobahnDriver.caseOptions(false), TIMEOUT);
		List<AutobahnDriver.CaseResult> results = driver.runAll();
		assertThat(results).hasSize(4);
		assertThat(results).filteredOn(AutobahnDriver.CaseResult::failed).singleElement().satisfies((result) -> {
			assertThat(result.number()).isEqualTo(3);
			assertThat(result.behavior()).isEqualTo(AutobahnDriver.NO_RESULT);
		});
	}

	/**
	 * Four cases, judged like the fuzzing server would: 1.1.1 text echo, 1.2.1 binary
	 * echo, 5.6 a fragmented text message with a ping in between, 6.3.1 invalid UTF-8
	 * that must be answered with close code 1007.
	 */
	private static final class FakeFuzzingServer implements AutoCloseable {

		private static final List<String> IDS = List.of("1.1.1", "1.2.1", "5.6", "6.3.1");

		private static final List<String> DESCRIPTIONS = List.of("text echo", "binary echo",
				"fragmented text with a \\\"ping\\\" in between", "invalid UTF-8");

		final List<String> paths = new CopyOnWriteArrayList<>();

		final List<String> reportsUpdatedFor = new CopyOnWriteArrayList<>();

		final Map<Integer, String> verdictOverride = new ConcurrentHashMap<>();

		private final Map<String, String> verdicts = new ConcurrentHashMap<>();

		private final ScriptedServer server = ScriptedServer.start(this::serve);

		// The case whose /runCase handshake is refused with HTTP 400, or 0.
		volatile int refusedCase;

		// The case whose /getCaseStatus closes without an answer, or 0.
		volatile int caseWithoutResult;

		URI uri() {
			return URI.create("ws://127.0.0.1:" + this.server.port());
		}

		private void serve(ScriptedConnection connection) throws Exception {
			RawHandshakeRequest request = connection.readHandshake();
			Map<String, List<String>> parameters = new QueryStringDecoder(request.target()).parameters();
			String path = request.path();
			this.paths.add(path);
			if (path.equals("/runCase") && Integer.parseInt(parameter(parameters, "case")) == this.refusedCase) {
				connection.writeRaw("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
				connection.awaitClientClose(TIMEOUT);
				return;
			}
			connection.acceptHandshake(request);
			switch (path) {
				case "/getCaseCount" -> answer(connection, String.valueOf(IDS.size()));
				case "/runCase" -> {
					int n = Integer.parseInt(parameter(parameters, "case"));
					String agent = parameter(parameters, "agent");
					this.verdicts.put(n + "/" + agent, runCase(connection, n) ? "OK" : "FAILED");
				}
				case "/updateReports" -> {
					this.reportsUpdatedFor.add(parameter(parameters, "agent"));
					closeAndWait(connection);
				}
				case "/getCaseInfo" -> {
					int n = Integer.parseInt(parameter(parameters, "case"));
					answer(connection, "{\"id\": \"" + IDS.get(n - 1) + "\", \"description\": \""
							+ DESCRIPTIONS.get(n - 1) + "\"}");
				}
				case "/getCaseStatus" -> {
					int n = Integer.parseInt(parameter(parameters, "case"));
					if (n == this.caseWithoutResult) {
						closeAndWait(connection);
						return;
					}
					String verdict = this.verdictOverride.getOrDefault(n,
							this.verdicts.getOrDefault(n + "/" + parameter(parameters, "agent"), "UNIMPLEMENTED"));
					answer(connection, "{\"behavior\": \"" + verdict + "\"}");
				}
				default -> closeAndWait(connection);
			}
		}

		private static String parameter(Map<String, List<String>> parameters, String name) {
			List<String> values = parameters.get(name);
			if (values == null || values.isEmpty()) {
				throw new IllegalArgumentException("missing query parameter " + name);
			}
			return values.get(0);
		}

		private static boolean runCase(ScriptedConnection connection, int n) throws Exception {
			switch (n) {
				case 1 -> {
					connection.sendFrame(Frame.text("Hello, Autobahn"));
					Frame echo = connection.readFrame(TIMEOUT);
					closeAndWait(connection);
					return echo.opcode() == Frame.TEXT && echo.text().equals("Hello, Autobahn");
				}
				case 2 -> {
					byte[] payload = new byte[256];
					for (int i = 0; i < payload.length; i++) {
						payload[i] = (byte) i;
					}
					connection.sendFrame(Frame.binary(payload));
					Frame echo = connection.readFrame(TIMEOUT);
					closeAndWait(connection);
					return echo.opcode() == Frame.BINARY && Arrays.equals(echo.payload(), payload);
				}
				case 3 -> {
					connection.sendFrame(Frame.text("frag").toBuilder().fin(false).build());
					connection.sendFrame(Frame.ping("in between"));
					connection.sendFrame(Frame.continuation("mented", true));
					Frame pong = connection.readFrame(TIMEOUT);
					Frame echo = connection.readFrame(TIMEOUT);
					closeAndWait(connection);
					return pong.opcode() == Frame.PONG && echo.opcode() == Frame.TEXT
							&& echo.text().equals("fragmented");
				}
				default -> {
					connection.sendFrame(Frame.builder()
						.opcode(Frame.TEXT)
						.payload(HexFormat.of().parseHex("cebae1bdb9eda080"))
						.build());
					return connection.expectClose(TIMEOUT).closeCode() == 1007;
				}
			}
		}

		private static void answer(ScriptedConnection connection, String text) throws Exception {
			connection
				.sendFrame(Frame.builder().opcode(Frame.TEXT).payload(text.getBytes(StandardCharsets.UTF_8)).build());
			closeAndWait(connection);
		}

		private static void closeAndWait(ScriptedConnection connection) throws Exception {
			connection.sendFrame(Frame.close(1000, ""));
			connection.expectClose(TIMEOUT);
		}

		@Override
		public void close() {
			this.server.close();
			this.server.assertNoScriptFailures();
		}

	}

}
