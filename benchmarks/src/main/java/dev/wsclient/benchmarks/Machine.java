package dev.wsclient.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Facts about the machine, for the reports. */
public final class Machine {

	private Machine() {
	}

	/**
	 * Describe the machine: CPU model and count from {@code /proc/cpuinfo},
	 * {@code nproc}, memory, kernel and Java.
	 * @return one line per fact
	 */
	public static List<String> facts() {
		List<String> cpuinfo = lines("/proc/cpuinfo");
		String model = cpuinfo.stream()
			.filter((line) -> line.startsWith("model name"))
			.map((line) -> line.substring(line.indexOf(':') + 1).trim())
			.findFirst()
			.orElse("unknown");
		long processors = cpuinfo.stream().filter((line) -> line.startsWith("processor")).count();
		String memory = lines("/proc/meminfo").stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.map((line) -> String.format(Locale.ROOT, "%.1f GiB",
					Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
			.findFirst()
			.orElse("unknown");
		return List.of("CPU (/proc/cpuinfo): " + model + ", " + processors + " processors",
				"nproc: " + Runtime.getRuntime().availableProcessors(), "memory: " + memory,
				"kernel: " + String.join(" ", lines("/proc/sys/kernel/osrelease")),
				"Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
	}

	/**
	 * Return the 1-minute load average.
	 * @return the load, or NaN where unknown
	 */
	public static double loadAverage() {
		List<String> loadavg = lines("/proc/loadavg");
		return loadavg.isEmpty() ? Double.NaN : Double.parseDouble(loadavg.get(0).split(" ", -1)[0]);
	}

	private static List<String> lines(String file) {
		try {
			return Files.readAllLines(Path.of(file));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
