/**
 * Testing a Spring Boot application that uses the wsclient starter:
 * {@link dev.wsclient.test.spring.WithMockWsServer @WithMockWsServer} points a configured
 * client at a {@link dev.wsclient.test.server.MockWsServer} that lives as long as the
 * cached test context, and every client gets a {@link dev.wsclient.test.WsClientCapture}
 * before it connects.
 */
@NullMarked
package dev.wsclient.test.spring;

import org.jspecify.annotations.NullMarked;
