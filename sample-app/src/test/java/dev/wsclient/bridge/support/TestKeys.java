package dev.wsclient.bridge.support;

/**
 * API keys for tests, each a constant so that it fits in {@code @SpringBootTest}
 * properties: the secrets and their SHA-256 (the hash is checked against the secret by
 * {@code TestKeysTests}).
 */
public final class TestKeys {

	/** A key that may read every stream. */
	public static final String READER = "reader.reader-secret-4f1c2a";

	/** A key that may read and write every client. */
	public static final String WRITER = "writer.writer-secret-9b7d3e";

	/** A key that may read the actuator endpoints and health details. */
	public static final String MONITOR = "monitor.monitor-secret-2c8e5a";

	/** Configures {@link #READER}. */
	public static final String READER_HASH = "bridge.security.api-keys.reader.sha256="
			+ "5b53fa6b93c723b67220f183577bc1dd315e55da784befc05ee26d82a0f93c4c";

	/** The grants of {@link #READER}. */
	public static final String READER_GRANTS = "bridge.security.api-keys.reader.grants=read:*";

	/** Configures {@link #WRITER}. */
	public static final String WRITER_HASH = "bridge.security.api-keys.writer.sha256="
			+ "16e693763a02321d226bc36eec07b233511a2573cc2e4d19aa832656a17b7f9b";

	/** The grants of {@link #WRITER}. */
	public static final String WRITER_GRANTS = "bridge.security.api-keys.writer.grants=read:*,write:*";

	/** Configures {@link #MONITOR}. */
	public static final String MONITOR_HASH = "bridge.security.api-keys.monitor.sha256="
			+ "041af711d4befd42e68ee604e6050414307e95c868b36b05e9c85a25ae38cd31";

	/** The grants of {@link #MONITOR}. */
	public static final String MONITOR_GRANTS = "bridge.security.api-keys.monitor.grants=monitor";

	/** The header that carries a key. */
	public static final String HEADER = "X-API-Key";

	private TestKeys() {
	}

}
