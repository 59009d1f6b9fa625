package io.overlap.examples.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a command that measures end early on Ctrl-C (or SIGTERM) and still print what it measured:
 * a shutdown hook counts {@link #requested()} down and then holds the JVM's exit until the
 * command has closed this (its report printed), for at most {@value #GRACE_SECONDS} s.
 *
 * <pre>{@code
 * try (StopOnExit stop = StopOnExit.install("load")) {
 *     result = run(options, stop.requested());   // returns soon after Ctrl-C
 *     out.print(result.summary());
 * }                                              // now the JVM may exit
 * }</pre>
 */
public final class StopOnExit implements AutoCloseable {
    /** How long a shutdown waits for the report. */
    static final int GRACE_SECONDS = 5;

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    private StopOnExit(String name) {
        hook = new Thread(this::onExit, name + "-report-on-exit");
    }

    /**
     * @param name what is running, for the hook thread's name
     * @return the installed hook
     */
    public static StopOnExit install(String name) {
        StopOnExit s = new StopOnExit(name);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** @return counted down when the JVM is asked to exit */
    public CountDownLatch requested() {
        return requested;
    }

    private void onExit() {
        requested.countDown();
        try {
            reported.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The report is out: lets a pending exit go on, and removes the hook if the JVM is not exiting. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the JVM is shutting down (Ctrl-C): the hook is running and now returns
        }
    }
}
