package dev.wsclient.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResultsTests {

	@Test
	void medianOfAnOddNumberOfRunsIsTheMiddleOne() {
		Results results = new Results();
		results.add(Scenario.BINARY_64, "wsclient", Measurement.parse("msgsPerSec=3.0"));
		results.add(Scenario.BINARY_64, "wsclient", Measurement.parse("msgsPerSec=1.0"));
		results.add(Scenario.BINARY_64, "wsclient", Measurement.parse("msgsPerSec=2.0"));
		assertThat(results.median(Scenario.BINARY_64, "wsclient", "msgsPerSec")).hasValue(2.0);
	}

	@Test
	void medianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
		Results results = new Results();
		for (String value : new String[] { "4", "1", "2", "10" }) {
			results.add(Scenario.ECHO, "jdk", Measurement.parse("p99=" + value));
		}
		assertThat(results.median(Scenario.ECHO, "jdk", "p99")).hasValue(3.0);
	}

	@Test
	void ratioIsTakenAgainstTheFloorOfTheSameScenario() {
		Results results = new Results();
		results.add(Scenario.BINARY_1K, Results.FLOOR, Measurement.parse("msgsPerSec=200 mibPerSec=1"));
		results.add(Scenario.BINARY_1K, "okhttp", Measurement.parse("msgsPerSec=300 mibPerSec=2"));
		assertThat(results.ratio(Scenario.BINARY_1K, "okhttp", "msgsPerSec").getAsDouble()).isCloseTo(1.5,
				within(1e-9));
		assertThat(results.ratio(Scenario.BINARY_64, "okhttp", "msgsPerSec")).isEmpty();
	}

	@Test
	void aFailedRunLeavesNoMedianAndIsReported() {
		Results results = new Results();
		results.add(Scenario.TEXT_1K, "jetty", Measurement.parse("msgsPerSec=5"));
		results.add(Scenario.TEXT_1K, "jetty", Measurement.failed("expected 10 messages; received 9"));
		assertThat(results.median(Scenario.TEXT_1K, "jetty", "msgsPerSec")).isEmpty();
		assertThat(results.failures(Scenario.TEXT_1K, "jetty")).containsExactly("expected 10 messages; received 9");
		assertThat(results.anyFailed()).isTrue();
	}

}
