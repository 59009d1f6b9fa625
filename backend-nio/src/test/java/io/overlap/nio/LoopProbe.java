package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sees where a one-loop proactor's loop is, through the fault points it passes, so that a test
 * waits for a step of the loop instead of polling for its effect: its waits (one before every
 * {@code select}, after it has taken in what was handed to it and flushed its turn), its accepts
 * and its connections' selector changes; and it can hold the loop at its next pass of a point.
 */
final class LoopProbe implements FaultInjector {
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private int waits;
    private int accepts;
    private int waitsAtLastAccept;
    private int connectionInterestChanges;
    private Hold armed;
    private Hold armedCaller;

    @Override
    public Throwable faultAt(FaultPoint point, String call) {
        Hold hold;
        synchronized (this) {
            if (point == FaultPoint.WAIT) {
                waits++;
            } else if (point == FaultPoint.ACCEPT) {
                accepts++;
                waitsAtLastAccept = waits;
            } else if (point == FaultPoint.REGISTER && byConnection()) {
                connectionInterestChanges++;
            }
            notifyAll();
            hold = armed != null && armed.point == point && onLoop() ? armed : null;
            if (hold != null) {
                armed = null;
            } else if (armedCaller != null && armedCaller.point == point && !onLoop()) {
                hold = armedCaller;
                armedCaller = null;
            }
        }
        return hold == null ? null : hold.holdHere();
    }

    private static boolean onLoop() {
        return Thread.currentThread().getName().startsWith("overlap-nio-loop");
    }

    private static boolean byConnection() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.anyMatch(f -> f.getDeclaringClass() == NioConnection.class));
    }

    /** @return how many times a connection has registered or changed its interest */
    synchronized int connectionInterestChanges() {
        return connectionInterestChanges;
    }

    /** @return how many waits the loop has begun; read on the loop thread, later waits are after that point */
    synchronized int waits() {
        return waits;
    }

    /** Waits until the loop has begun more than {@code seen} waits. */
    synchronized void awaitWaitAfter(int seen) throws InterruptedException {
        awaitTrue(() -> waits > seen, "the loop did not come back to its wait");
    }

    /** Waits until a connection has registered or changed its interest more than {@code seen} times. */
    synchronized void awaitInterestChangeAfter(int seen) throws InterruptedException {
        awaitTrue(() -> connectionInterestChanges > seen, "no connection changed its interest");
    }

    /**
     * Waits until the loop has taken in everything handed to it before this call. That cannot be
     * seen of itself, so an accept on a new listener goes after it: the loop takes in all it was
     * handed before its next wait, so once it has tried that accept and begun a wait, the rest is
     * in too. The accept stays pending (nobody connects).
     */
    void awaitTakenIn(Proactor p) throws Exception {
        Listener l = p.listen(Net.LOOPBACK, 1);
        int before;
        synchronized (this) {
            before = accepts;
        }
        p.submitAccept(l, null);
        synchronized (this) {
            awaitTrue(() -> accepts > before && waits > waitsAtLastAccept, "the loop did not take an accept in and wait again");
        }
    }

    /** Holds the loop at its next pass of {@code point} until the returned hold is released. */
    synchronized Hold arm(FaultPoint point) {
        armed = new Hold(point);
        return armed;
    }

    /** Holds the next thread other than the loop's (a caller doing its own I/O) at {@code point} until released. */
    synchronized Hold armCaller(FaultPoint point) {
        armedCaller = new Hold(point);
        return armedCaller;
    }

    private void awaitTrue(BooleanSupplier done, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, failure + " within 10 s");
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** One hold of the loop thread at a point. */
    static final class Hold {
        final FaultPoint point;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        private Hold(FaultPoint point) {
            this.point = point;
        }

        private Throwable holdHere() {
            reached.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    return new IllegalStateException("the test never released the loop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        void awaitReached() throws InterruptedException {
            assertTrue(reached.await(10, TimeUnit.SECONDS), "nobody reached " + point);
        }

        void release() {
            release.countDown();
        }
    }
}
