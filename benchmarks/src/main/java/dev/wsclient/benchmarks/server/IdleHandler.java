package dev.wsclient.benchmarks.server;

/** {@code /idle}: sends nothing, answers pings and closes. */
final class IdleHandler extends ServerMode {

}
