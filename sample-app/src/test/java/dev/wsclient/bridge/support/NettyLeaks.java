package dev.wsclient.bridge.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Netty's leak detection for every test of the bridge, failing the test class during
 * which the bridge leaked a buffer. Installed when the test run starts, before any buffer
 * class is loaded (a {@link LauncherSessionListener}); checked after every test class (an
 * extension the JUnit platform registers by itself): garbage is collected and buffers are
 * allocated, which makes the detector report what was collected unreleased. A leak can
 * only be found once its buffer is collected, so a check can miss one; it never reports
 * one that is not there.
 *
 * <p>
 * Netty samples the buffers it tracks, except for classes annotated
 * {@link ParanoidLeakDetection}, where it tracks all of them, with a record of every
 * handler a buffer passes (at a cost that would slow every test down). A leak fails the
 * test when the bridge's own code made or touched the buffer (its encoded messages, for
 * one). At the paranoid level so does any other leak, except two kinds the bridge never
 * holds: a buffer decoded by an HTTP client codec (the tests' own HTTP clients leak the
 * body of a response a test never reads, Spring's {@code WebTestClient} when only the
 * status is checked), and a socket read buffer that nothing ever touched, which Netty's
 * epoll transport now and then loses before handing it to any handler. A sampled leak
 * carries no such records and cannot be told apart: it is reported in the output only.
 */
public final class NettyLeaks implements LauncherSessionListener, BeforeAllCallback, AfterAllCallback {

	private static final String CLIENT_DECODER = "HttpClientCodec$Decoder";

	private static final String BRIDGE_CODE = "dev.wsclient.bridge.";

	private static volatile boolean paranoid;

	private static final Pattern UNTOUCHED_READ_BUFFER = Pattern
		.compile("Recent access records: \\s*Created at:(?s:.*)(epollInReady|NioByteUnsafe\\.read)");

	private static final List<String> leaks = new CopyOnWriteArrayList<>();

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		// Enough access records to tell who decoded a leaked buffer.
		System.setProperty("io.netty.leakDetection.targetRecords", "64");
		ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		paranoid = context.getRequiredTestClass().isAnnotationPresent(ParanoidLeakDetection.class);
		ResourceLeakDetector
			.setLevel(paranoid ? ResourceLeakDetector.Level.PARANOID : ResourceLeakDetector.Level.SIMPLE);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		for (int i = 0; i < 3; i++) {
			System.gc();
			for (int j = 0; j < 100; j++) {
				ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
				probe.release();
			}
		}
		List<String> found = List.copyOf(leaks);
		leaks.clear();
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
		paranoid = false;
		assertThat(found).as("Netty buffers never released").isEmpty();
	}

	private static boolean isTheBridges(String records) {
		if (records.contains(BRIDGE_CODE)) {
			return true;
		}
		return paranoid && !records.contains(CLIENT_DECODER) && !UNTOUCHED_READ_BUFFER.matcher(records).find();
	}

	private static final class RecordingFactory extends ResourceLeakDetectorFactory {

		@Override
		@SuppressWarnings("deprecation")
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return new ResourceLeakDetector<>(resource, samplingInterval) {

				@Override
				protected void reportTracedLeak(String resourceType, String records) {
					if (isTheBridges(records)) {
						leaks.add(resourceType + " leaked:" + records);
					}
					super.reportTracedLeak(resourceType, records);
				}

				@Override
				protected void reportUntracedLeak(String resourceType) {
					leaks.add(resourceType + " leaked");
					super.reportUntracedLeak(resourceType);
				}

			};
		}

	}

}
