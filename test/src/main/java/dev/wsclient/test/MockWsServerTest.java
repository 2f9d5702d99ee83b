package dev.wsclient.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with the {@link MockWsServerExtension}: test methods take a
 * {@link dev.wsclient.test.server.MockWsServer} and a {@link dev.wsclient.core.WsClient}
 * as parameters.
 *
 * @since 0.1.0
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(MockWsServerExtension.class)
public @interface MockWsServerTest {

}
