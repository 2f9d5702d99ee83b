package dev.wsclient.aot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application like any user's: clients in {@code application.yml}, a listener method
 * reading JSON into a record and replying with another, an application event listener
 * with a SpEL condition, per-client beans injected by name, Actuator and Micrometer. The
 * build AOT-processes it; {@code AotTestApplicationIT} runs it from the generated code.
 */
@SpringBootApplication
public class AotTestApplication {

	public static void main(String[] args) {
		SpringApplication.run(AotTestApplication.class, args);
	}

}
