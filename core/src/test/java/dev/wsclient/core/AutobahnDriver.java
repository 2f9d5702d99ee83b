package dev.wsclient.core;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Drives the client cases of an Autobahn|Testsuite fuzzing server ({@code wstest --mode
 * fuzzingserver}) with {@link WsClient}, the way every client under test is driven:
 * <ol>
 * <li>{@code /getCaseCount}: the server sends the number of cases as a text message and
 * closes;</li>
 * <li>{@code /runCase?case=N&agent=A} for N from 1: the client echoes every message with
 * its opcode (text as text, binary as binary) until the connection ends, however it
 * ends;</li>
 * <li>{@code /updateReports?agent=A}: the server writes its reports and closes;</li>
 * <li>{@code /getCaseInfo?case=N} and {@code /getCaseStatus?case=N&agent=A}: one text
 * message each, JSON with the case's {@code id} and the agent's {@code behavior}
 * ({@code OK}, {@code NON-STRICT}, {@code INFORMATIONAL}, {@code UNIMPLEMENTED} or
 * {@code FAILED}).</li>
 * </ol>
 * Every connection uses a new client, so that one case cannot affect the next.
 */
final class AutobahnDriver {

	/** The agent name the results are filed under. */
	static final String AGENT = "wsclient";

	/** The behaviour of a case the server gave no verdict on: counted as failed. */
	static final String NO_RESULT = "NO RESULT";

	// The verdicts that are not failures; anything else, NO_RESULT included, is.
	private static final Set<String> PASSED = Set.of("OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED");

	private static final Pattern BEHAVIOR = Pattern.compile("\"behavior\"\\s*:\\s*\"([^\"]*)\"");

	private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]*)\"");

	private static final Pattern DESCRIPTION = Pattern.compile("\"description\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final URI base;

	private final String agent;

	private final WsClientOptions caseOptions;

	private final Duration caseTimeout;

	/**
	 * Create a driver.
	 * @param base the fuzzing server, for example {@code ws://127.0.0.1:9001}
	 * @param agent the agent name
	 * @param caseOptions the client options for {@code /runCase}
	 * @param caseTimeout how long one case may take at most
	 */
	AutobahnDriver(URI base, String agent, WsClientOptions caseOptions, Duration caseTimeout) {
		String text = base.toString();
		this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
		this.agent = agent;
		this.caseOptions = caseOptions;
		this.caseTimeout = caseTimeout;
	}

	/**
	 * Return the client options for the cases: limits large enough for the biggest
	 * messages of the suite (16 MiB in cases 9.*), permessage-deflate as asked.
	 * @param compression whether to offer permessage-deflate (cases 12.* and 13.*)
	 * @return the options
	 */
	static WsClientOptions caseOptions(boolean compression) {
		return WsClientOptions.builder()
			.maxMessageSize(64 * 1024 * 1024)
			.maxOutboundMessageSize(64 * 1024 * 1024)
			.sendBufferLimit(512L * 1024 * 1024)
			.compression(compression)
			.build();
	}

	/**
	 * Run every case, update the reports and collect every result. A case whose result
	 * cannot be had is a result too, a failed one ({@link #NO_RESULT}): the summary
	 * always comes, after bounded waits.
	 * @return the results, in case order
	 */
	List<CaseResult> runAll() {
		int count = caseCount();
		List<@Nullable String> driverProblems = new ArrayList<>();
		for (int n = 1; n <= count; n++) {
			driverProblems.add(runCase(n));
		}
		updateReports();
		List<CaseResult> results = new ArrayList<>();
		for (int n = 1; n <= count; n++) {
			results.add(result(n, driverProblems.get(n - 1)));
		}
		return results;
	}

	private CaseResult result(int n, @Nullable String driverProblem) {
		String info;
		String status;
		try {
			info = receiveOne("/getCaseInfo?case=" + n);
			status = receiveOne("/getCaseStatus?case=" + n + "&agent=" + encode(this.agent));
		}
		catch (IllegalStateException ex) {
			String problem = "no result: " + ex.getMessage();
			return new CaseResult(n, "case " + n, "", NO_RESULT,
					(driverProblem != null) ? driverProblem + "; " + problem : problem);
		}
		return new CaseResult(n, group(ID, info, "case " + n), group(DESCRIPTION, info, ""),
				group(BEHAVIOR, status, NO_RESULT), driverProblem);
	}

	/**
	 * Ask the server how many cases it runs.
	 * @return the number of cases
	 */
	int caseCount() {
		String count = receiveOne("/getCaseCount").strip();
		try {
			return Integer.parseInt(count);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("/getCaseCount answered '" + count + "', not a number", ex);
		}
	}

	/**
	 * Run one case: echo every message until the connection ends.
	 * @param n the case number, from 1
	 * @return {@code null}, or what went wrong on the driver's side (the handshake
	 * failed, so the case never ran; the case did not end in time)
	 */
	@Nullable String runCase(int n) {
		WsClient client = WsClient.create(this.caseOptions);
		CompletableFuture<WsCloseStatus> ended = new CompletableFuture<>();
		AtomicBoolean opened = new AtomicBoolean();
		client.onConnection((ws) -> opened.set(true));
		client.onReceive((ws, message) -> echo(ws, message));
		client.onClose((ws, status) -> ended.complete(status));
		client.connect(this.base + "/runCase?case=" + n + "&agent=" + encode(this.agent)).onErrorComplete().subscribe();
		try {
			WsCloseStatus status = ended.get(this.caseTimeout.toMillis(), TimeUnit.MILLISECONDS);
			return opened.get() ? null : "the handshake of case " + n + " failed, the case never ran: " + status;
		}
		catch (TimeoutException ex) {
			return "case " + n + " did not end within " + this.caseTimeout;
		}
		catch (ExecutionException ex) {
			return "case " + n + ": " + ex.getCause();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			client.close().onErrorComplete().block(this.caseTimeout);
		}
	}

	/** Ask the server to write its reports for the agent. */
	void updateReports() {
		receive("/updateReports?agent=" + encode(this.agent), Duration.ofMinutes(5));
	}

	private static void echo(WsClient client, WsMessage message) {
		// The message keeps its opcode: text is echoed as text, binary as binary. A
		// refusal means the connection is ending; the fuzzing server judges what it got.
		client.send(message).subscribe(null, (failure) -> {
		});
	}

	private String receiveOne(String pathAndQuery) {
		List<String> messages = receive(pathAndQuery, Duration.ofSeconds(30));
		if (messages.isEmpty()) {
			throw new IllegalStateException(pathAndQuery + " answered no message");
		}
		return messages.get(0);
	}

	/**
	 * Connect, collect the text messages the server sends and wait until it closes.
	 */
	private List<String> receive(String pathAndQuery, Duration timeout) {
		WsClient client = WsClient.create(WsClientOptions.defaults());
		List<String> messages = new CopyOnWriteArrayList<>();
		CompletableFuture<WsCloseStatus> ended = new CompletableFuture<>();
		client.onReceive((ws, message) -> messages.add(message.text()));
		client.onClose((ws, status) -> ended.complete(status));
		try {
			client.connect(this.base + pathAndQuery).block(timeout);
			WsCloseStatus status = ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (status.status() != WsStatusCode.SERVER_CLOSED && status.status() != WsStatusCode.NORMAL) {
				throw new IllegalStateException(pathAndQuery + " ended with " + status);
			}
			return List.copyOf(messages);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw new IllegalStateException(pathAndQuery + " did not end within " + timeout, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			client.close().onErrorComplete().block(timeout);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String group(Pattern pattern, String json, String fallback) {
		Matcher matcher = pattern.matcher(json);
		return matcher.find() ? matcher.group(1) : fallback;
	}

	/**
	 * The result of one case.
	 *
	 * @param number the case number, from 1
	 * @param id the case id, for example {@code 6.4.3}
	 * @param description what the case does
	 * @param behavior the server's verdict on the agent
	 * @param driverProblem what went wrong on the driver's side, or {@code null}
	 */
	record CaseResult(int number, String id, String description, String behavior, @Nullable String driverProblem) {

		boolean failed() {
			return !PASSED.contains(this.behavior) || this.driverProblem != null;
		}

		@Override
		public String toString() {
			return "case " + this.id + " (#" + this.number + "): " + this.behavior
					+ ((this.driverProblem != null) ? " [" + this.driverProblem + "]" : "") + " - " + this.description;
		}

	}

}
