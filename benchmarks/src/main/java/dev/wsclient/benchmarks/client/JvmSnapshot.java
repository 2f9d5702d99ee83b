package dev.wsclient.benchmarks.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory and threads of this JVM after garbage collection.
 *
 * @param heapBytes heap in use after a full collection
 * @param rssBytes resident set size, from {@code /proc/self/status} (0 where there is
 * none)
 * @param threads live threads
 */
public record JvmSnapshot(long heapBytes, long rssBytes, int threads) {

	/**
	 * The system property naming a directory for class histograms of idle runs (and of
	 * the fan-out benchmark's servers).
	 */
	public static final String HISTOGRAMS_PROPERTY = "wsclient.benchmarks.histograms";

	static JvmSnapshot take() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return new JvmSnapshot(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), rss(),
				ManagementFactory.getThreadMXBean().getThreadCount());
	}

	/**
	 * Return the CPU time this JVM has used so far, every thread together: on a machine
	 * that is busy with other work, CPU per message moves much less than messages per
	 * second.
	 * @return the nanoseconds, or 0 where the JVM does not say
	 */
	static long processCpuNanos() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() : 0;
	}

	/**
	 * Return the heap in use after one full collection, for samples taken while a run
	 * goes on.
	 * @return the bytes in use
	 */
	static long heapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Write a class histogram of the live heap ({@code jcmd PID GC.class_histogram}) to
	 * the directory named by the system property {@value #HISTOGRAMS_PROPERTY}, if set: a
	 * profiling aid for the footprint of idle connections.
	 * @param name the file name, without extension
	 * @throws IOException when jcmd cannot be run
	 * @throws InterruptedException when interrupted
	 */
	static void classHistogram(String name) throws IOException, InterruptedException {
		String directory = System.getProperty(HISTOGRAMS_PROPERTY);
		if (directory == null) {
			return;
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process jcmd = new ProcessBuilder(java.toString(), String.valueOf(ProcessHandle.current().pid()),
				"GC.class_histogram")
			.redirectErrorStream(true)
			.redirectOutput(Files.createDirectories(Path.of(directory)).resolve(name + ".txt").toFile())
			.start();
		jcmd.waitFor();
	}

	private static long rss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not Linux: RSS is reported as 0.
		}
		return 0;
	}

}
