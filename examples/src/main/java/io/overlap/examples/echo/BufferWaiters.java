package io.overlap.examples.echo;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.overlap.BufferPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Sessions whose pooled receive completed with {@code NO_BUFFER}: data arrived while the pool was
 * empty, and it waits in the socket (nothing is lost) until the session receives again. That is
 * the backpressure: a busy server serves as many connections at once as its pool allows, and the
 * others wait their turn instead of making the server allocate.
 *
 * <p>A waiter is retried when a buffer comes back: each release the server makes wakes one
 * (oldest first), and a parked session is retried at once if a buffer is free by then, so a
 * release that raced with the park is not missed. A buffer can also come back where the server
 * does not see it (the backend releasing a lease whose read found nothing), so while anyone
 * waits, a timer retries every {@link #retryDelay} as many waiters as buffers are free. Nobody
 * spins: a retry is one submission per waiter, made only when a buffer is free.
 *
 * <p>Thread-safe: parks come from I/O threads, wakes from I/O threads and the timer.
 */
final class BufferWaiters {
    private final BufferPool pool;
    private final Consumer<EchoSession> retry;
    private final long retryDelayNanos;
    private final ConcurrentLinkedQueue<EchoSession> waiting = new ConcurrentLinkedQueue<>();
    /** Its thread starts on the first schedule: a server whose pool never runs dry never has one. */
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicBoolean armed = new AtomicBoolean();

    /**
     * @param pool the pool the sessions lease from
     * @param retry resubmits a session's receive; it gets each parked session exactly once
     * @param retryDelay how often the timer retries while anyone waits
     */
    BufferWaiters(BufferPool pool, Consumer<EchoSession> retry, Duration retryDelay) {
        this.pool = pool;
        this.retry = retry;
        this.retryDelayNanos = retryDelay.toNanos();
        this.timer = new ScheduledThreadPoolExecutor(1,
                new ThreadFactoryBuilder().setNameFormat("echo-buffer-retry").setDaemon(true).build());
    }

    /** @param s a session with no operation in flight, whose receive found no buffer */
    void park(EchoSession s) {
        waiting.add(s);
        arm();
        released(); // a buffer freed between the NO_BUFFER and now would otherwise go unnoticed
    }

    /** A lease was given back to the pool: the oldest waiter, if any, receives again. */
    void released() {
        if (pool.available() > 0) {
            EchoSession s = waiting.poll();
            if (s != null) {
                retry.accept(s);
            }
        }
    }

    /** @return how many sessions wait now */
    int size() {
        return waiting.size();
    }

    /**
     * Stops the timer (waiting for a retry under way) and hands back the sessions still waiting,
     * which no retry will touch any more.
     *
     * @return the sessions that were waiting
     */
    List<EchoSession> stop() {
        timer.shutdownNow();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    timer.awaitTermination(5, TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        List<EchoSession> left = new ArrayList<>();
        for (EchoSession s = waiting.poll(); s != null; s = waiting.poll()) {
            left.add(s);
        }
        return left;
    }

    private void arm() {
        if (armed.compareAndSet(false, true)) {
            try {
                timer.schedule(this::tick, retryDelayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopped) {
                armed.set(false); // stopping: stop() hands the waiters back
            }
        }
    }

    private void tick() {
        armed.set(false);
        for (int free = pool.available(); free > 0; free--) {
            EchoSession s = waiting.poll();
            if (s == null) {
                break;
            }
            retry.accept(s);
        }
        if (!waiting.isEmpty()) {
            arm();
        }
    }
}
