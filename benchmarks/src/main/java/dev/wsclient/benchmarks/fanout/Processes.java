package dev.wsclient.benchmarks.fanout;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forked JVMs that die with the driver: on every way out of it (the end of the run, an
 * exception, Ctrl+C) a shutdown hook kills those still running.
 */
final class Processes {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly), "kill-forked-servers"));
	}

	private Processes() {
	}

	static void killOnExit(Process process) {
		running.add(process);
		process.onExit().thenRun(() -> running.remove(process));
	}

}
