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
 * Netty's paranoid leak detection for every test of the bridge, failing the test class
 * during which a leak was reported. Installed when the test run starts, before any buffer
 * class is loaded (a {@link LauncherSessionListener}); checked after every test class (an
 * extension the JUnit platform registers by itself): garbage is collected and buffers are
 * allocated, which makes the detector report what was collected unreleased. A leak can
 * only be found once its buffer is collected, so a check can miss one; it never reports
 * one that is not there.
 */
public final class NettyLeaks implements LauncherSessionListener, BeforeAllCallback, AfterAllCallback {

	private static final String CLIENT_DECODER = "HttpClientCodec$Decoder";

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
		boolean paranoid = context.getRequiredTestClass().isAnnotationPresent(ParanoidLeakDetection.class);
		ResourceLeakDetector
			.setLevel(paranoid ? ResourceLeakDetector.Level.PARANOID : ResourceLeakDetector.Level.SIMPLE);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);
		for (int i = 0; i < 3; i++) {
			System.gc();
			for (int j = 0; j < 100; j++) {
				ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
				probe.release();
			}
		}
		List<String> found = List.copyOf(leaks);
		leaks.clear();
		assertThat(found).as("Netty buffers never released").isEmpty();
	}

	private static final class RecordingFactory extends ResourceLeakDetectorFactory {

		@Override
		@SuppressWarnings("deprecation")
		public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
				long maxActive) {
			return new ResourceLeakDetector<>(resource, samplingInterval) {

				@Override
				protected void reportTracedLeak(String resourceType, String records) {
					if (!records.contains(CLIENT_DECODER) && !UNTOUCHED_READ_BUFFER.matcher(records).find()) {
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
