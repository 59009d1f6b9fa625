package io.overlap.winsock;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.overlap.CompletionStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/** Operation timeouts: a timer that aborts the operation a slot still carries when it fires. */
final class Timeouts {
    private final Engine engine;
    private final Winsock ws;
    private final int graceMillis;
    private final ScheduledThreadPoolExecutor timer;
    /** The timer's threads and their OS handles, to join them for real at close. */
    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> handles = Collections.synchronizedList(new ArrayList<>());

    Timeouts(Engine engine, Winsock ws, String prefix, int graceMillis) {
        this.engine = engine;
        this.ws = ws;
        this.graceMillis = graceMillis;
        ThreadFactory named = new ThreadFactoryBuilder().setDaemon(true).setNameFormat(prefix + "timer-%d").build();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = named.newThread(() -> {
                handles.add(ws.openCurrentThread());
                r.run();
            });
            threads.add(t);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Arms the slot's operation's timeout, if it has one. */
    void arm(Slot s) {
        long nanos = s.op.timeoutNanos();
        if (nanos > 0) {
            int generation = s.generation;
            s.timer = timer.schedule(() -> engine.abortIf(s, generation, CompletionStatus.TIMED_OUT, null),
                    nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops the timer and joins its threads, down to the OS thread. */
    void stop() {
        timer.shutdownNow();
        boolean interrupted = false;
        try {
            timer.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        synchronized (threads) {
            for (Thread t : threads) {
                try {
                    t.join(graceMillis);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            threads.clear();
        }
        synchronized (handles) {
            handles.forEach(h -> ws.awaitThreadEnd(h, graceMillis));
            handles.clear();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
