package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A programmable {@link FaultInjector} for the fault scenarios: rules that make chosen calls at
 * a {@link FaultPoint} fail (the k-th call from now, the next n, or every call until lifted),
 * and a count of every call the backend asked about, per point, so that a scenario can prove
 * its fault was actually hit. A fault scenario whose fault never fired has tested nothing and
 * must fail: {@link Rule#awaitFired} does that.
 *
 * <p>Thread-safe: backends ask from their I/O threads and from submitting threads while the
 * test thread adds and lifts rules.
 */
public final class FaultPlan implements FaultInjector {
    private static final long POLL_MILLIS = 5;

    private final Map<FaultPoint, AtomicLong> calls = new EnumMap<>(FaultPoint.class);
    private final Map<FaultPoint, AtomicLong> lastCallNanos = new EnumMap<>(FaultPoint.class);
    private final List<Rule> rules = new ArrayList<>();

    /** Creates a plan that lets every call run until a rule is added. */
    public FaultPlan() {
        for (FaultPoint p : FaultPoint.values()) {
            calls.put(p, new AtomicLong());
            lastCallNanos.put(p, new AtomicLong(System.nanoTime()));
        }
    }

    @Override
    public Throwable faultAt(FaultPoint point, String call) {
        calls.get(point).incrementAndGet();
        lastCallNanos.get(point).set(System.nanoTime());
        Rule hit = null;
        synchronized (this) {
            for (Rule r : rules) {
                if (r.consider(point)) {
                    hit = r;
                    break;
                }
            }
        }
        // made outside the lock: a fault that takes its time (a slow failing call) holds up nobody else
        return hit == null ? null : hit.fault.get();
    }

    /**
     * Fails the {@code k}-th call at {@code point} counted from now (1 is the next call).
     *
     * @param point where
     * @param k which call, at least 1
     * @param fault makes the throwable, fresh for each failed call
     * @return the rule
     */
    public Rule failNth(FaultPoint point, int k, Supplier<? extends Throwable> fault) {
        return add(new Rule(point, k, 1, fault));
    }

    /**
     * Fails the next {@code n} calls at {@code point}.
     *
     * @param point where
     * @param n how many
     * @param fault makes the throwable, fresh for each failed call
     * @return the rule
     */
    public Rule failNext(FaultPoint point, int n, Supplier<? extends Throwable> fault) {
        return add(new Rule(point, 1, n, fault));
    }

    /**
     * Fails every call at {@code point} from now until the rule is {@linkplain Rule#lift lifted}.
     *
     * @param point where
     * @param fault makes the throwable, fresh for each failed call
     * @return the rule
     */
    public Rule failEvery(FaultPoint point, Supplier<? extends Throwable> fault) {
        return add(new Rule(point, 1, Long.MAX_VALUE, fault));
    }

    private synchronized Rule add(Rule r) {
        rules.add(r);
        return r;
    }

    /** Lifts every rule: from now on every call runs. */
    public synchronized void liftAll() {
        rules.forEach(Rule::lift);
        rules.clear();
    }

    /**
     * @param point a point
     * @return how many calls at it the backend asked about so far
     */
    public long calls(FaultPoint point) {
        return calls.get(point).get();
    }

    /** @return the calls seen so far, per point, for failure messages */
    public Map<FaultPoint, Long> callCounts() {
        Map<FaultPoint, Long> m = new EnumMap<>(FaultPoint.class);
        calls.forEach((p, n) -> m.put(p, n.get()));
        return m;
    }

    /**
     * Waits until the backend has made no call at {@code point} for {@code quiet}, so that a rule
     * added next hits the call the scenario provokes, not one still on its way from earlier work.
     *
     * @param point the point
     * @param quiet how long no call may come
     * @param bound the longest wait
     */
    public void awaitQuiet(FaultPoint point, Duration quiet, Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() - lastCallNanos.get(point).get() < quiet.toNanos()) {
            if (System.nanoTime() - end > 0) {
                fail("the backend kept calling at " + point + " for " + bound + " with nothing to do: " + callCounts());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One rule: which calls at a point fail, with what, and how often it fired. */
    public final class Rule {
        private final FaultPoint point;
        private final long first;
        private final long last;
        private final Supplier<? extends Throwable> fault;
        private final AtomicLong fired = new AtomicLong();
        private long seen; // guarded by the plan
        private boolean lifted; // guarded by the plan

        private Rule(FaultPoint point, long first, long times, Supplier<? extends Throwable> fault) {
            if (first < 1 || times < 1) {
                throw new IllegalArgumentException("calls count from 1 and a rule fails at least one: " + first + ", " + times);
            }
            this.point = point;
            this.first = first;
            this.last = times > Long.MAX_VALUE - first ? Long.MAX_VALUE : first + times - 1;
            this.fault = fault;
        }

        /** Called with the plan's lock held: true if this call fails. */
        private boolean consider(FaultPoint p) {
            if (lifted || p != point) {
                return false;
            }
            seen++;
            if (seen < first || seen > last) {
                return false;
            }
            fired.incrementAndGet();
            return true;
        }

        /** @return the point this rule fails */
        public FaultPoint point() {
            return point;
        }

        /** @return how many calls this rule failed so far */
        public long fired() {
            return fired.get();
        }

        /** Stops this rule failing calls. */
        public void lift() {
            synchronized (FaultPlan.this) {
                lifted = true;
            }
        }

        /**
         * Waits until this rule has failed at least {@code n} calls; fails the scenario if it did
         * not within {@code bound} (the backend never made the call, or does not ask its
         * injector there).
         *
         * @param n how many
         * @param bound the longest wait
         */
        public void awaitFired(long n, Duration bound) {
            long end = System.nanoTime() + bound.toNanos();
            while (fired.get() < n) {
                if (System.nanoTime() - end > 0) {
                    fail("the fault at " + point + " fired " + fired.get() + " time(s), not " + n + ", within " + bound
                            + ": the backend did not make that call or does not ask its FaultInjector there (calls seen: "
                            + callCounts() + ")");
                }
                sleep();
            }
        }

        @Override
        public String toString() {
            return "fail " + point + " calls " + first + (last == Long.MAX_VALUE ? "+" : ".." + last) + " (fired "
                    + fired.get() + ")";
        }
    }
}
