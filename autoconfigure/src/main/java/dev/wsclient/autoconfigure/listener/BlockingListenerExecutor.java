package dev.wsclient.autoconfigure.listener;

import java.time.Duration;
import java.util.concurrent.Executor;

import org.springframework.boot.system.JavaVersion;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Runs the listener methods marked {@code blocking}: on a virtual thread each where the
 * JVM has them (Java 21 and later), else on a fixed pool of platform threads.
 *
 * <p>
 * It is bounded by the way it is used rather than by a queue limit: each blocking
 * listener of a client has at most one invocation here at a time (the client's next event
 * waits for it), so it never holds more tasks than there are blocking listeners. At
 * shutdown it waits, up to a timeout, for the invocations still running.
 */
final class BlockingListenerExecutor implements Executor {

	private static final String THREAD_NAME_PREFIX = "wsclient-listener-";

	private final Executor delegate;

	private final Runnable shutdown;

	private final boolean virtualThreads;

	private BlockingListenerExecutor(Executor delegate, Runnable shutdown, boolean virtualThreads) {
		this.delegate = delegate;
		this.shutdown = shutdown;
		this.virtualThreads = virtualThreads;
	}

	/**
	 * Create the executor for this JVM.
	 * @param poolSize the number of platform threads when there are no virtual threads
	 * @param shutdownTimeout how long to wait at shutdown for running invocations
	 * @return the executor
	 */
	static BlockingListenerExecutor create(int poolSize, Duration shutdownTimeout) {
		if (JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE)) {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(THREAD_NAME_PREFIX);
			executor.setVirtualThreads(true);
			executor.setTaskTerminationTimeout(shutdownTimeout.toMillis());
			return new BlockingListenerExecutor(executor, executor::close, true);
		}
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(poolSize);
		executor.setMaxPoolSize(poolSize);
		executor.setThreadNamePrefix(THREAD_NAME_PREFIX);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		executor.setAwaitTerminationMillis(shutdownTimeout.toMillis());
		executor.initialize();
		return new BlockingListenerExecutor(executor, executor::shutdown, false);
	}

	@Override
	public void execute(Runnable task) {
		this.delegate.execute(task);
	}

	/**
	 * Return whether invocations run on virtual threads.
	 * @return whether the JVM has virtual threads
	 */
	boolean virtualThreads() {
		return this.virtualThreads;
	}

	/**
	 * Refuse new invocations and wait, up to the shutdown timeout, for those running.
	 */
	void shutdown() {
		this.shutdown.run();
	}

}
