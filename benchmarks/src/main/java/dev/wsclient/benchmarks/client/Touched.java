package dev.wsclient.benchmarks.client;

/**
 * What a backpressured stream of a client under test emits for each message.
 *
 * @param size the payload size in bytes
 * @param checksum the checksum of the payload
 */
public record Touched(int size, long checksum) {
}
