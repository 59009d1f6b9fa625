package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A task on its own daemon thread (a blocking peer reading or writing while the test thread
 * drives the proactor), joined with a bound.
 *
 * @param <T> what it returns
 */
public final class Background<T> {
    private final FutureTask<T> task;
    private final Thread thread;

    private Background(String name, Callable<T> body) {
        this.task = new FutureTask<>(body);
        this.thread = new Thread(task, "conformance-" + name);
        thread.setDaemon(true);
    }

    /**
     * Starts a task.
     *
     * @param name for the thread's name (never the backend prefix)
     * @param body what it does
     * @param <T> what it returns
     * @return the running task
     */
    public static <T> Background<T> start(String name, Callable<T> body) {
        Background<T> b = new Background<>(name, body);
        b.thread.start();
        return b;
    }

    /** @return the task's result, waiting up to {@link Harness#AWAIT}; its exception fails the test */
    public T get() {
        return get(Harness.AWAIT);
    }

    /**
     * @param bound how long to wait for it
     * @return the task's result; its exception fails the test, and so does not finishing in time
     */
    public T get(Duration bound) {
        try {
            return task.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AssertionError(thread.getName() + " failed: " + cause, cause);
        } catch (TimeoutException e) {
            thread.interrupt();
            return fail(thread.getName() + " did not finish within " + bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
