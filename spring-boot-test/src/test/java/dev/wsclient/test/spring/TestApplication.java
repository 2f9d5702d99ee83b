package dev.wsclient.test.spring;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application with nothing but auto-configuration, as a user of the starter has.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class TestApplication {

}
