package io.overlap.conformance;

import io.overlap.Completion;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import org.opentest4j.AssertionFailedError;

/**
 * Operations counted rather than kept, for a scenario that makes millions of them (a hot
 * connection): a {@link Ledger} would hold every completion and its buffers. A tally is the
 * attachment of its operations; the {@link Harness} counts their completions, checks each one's
 * own promises, and hands them only to the handler, never to the waiting methods. When the
 * harness closes, every counted submission must have completed.
 *
 * <p>Thread-safe.
 */
public final class Tally {
    private final String name;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();

    Tally(String name) {
        this.name = name;
    }

    void submitted() {
        submitted.increment();
    }

    void completed(Completion c) {
        completed.increment();
        String broken = Ledger.brokenPromise(c);
        if (broken != null && problems.size() < 5) {
            problems.add(broken + ": " + c);
        }
    }

    /** @return how many of its operations have completed */
    public long completedCount() {
        return completed.sum();
    }

    /** Fails unless every counted submission completed once and no completion broke its own promises. */
    void assertBalanced() {
        long s = submitted.sum();
        long c = completed.sum();
        if (s != c || !problems.isEmpty()) {
            throw new AssertionFailedError("tally '" + name + "': " + s + " submitted, " + c + " completed"
                    + (problems.isEmpty() ? "" : "; " + problems));
        }
    }

    @Override
    public String toString() {
        return "Tally[" + name + ", submitted=" + submitted.sum() + ", completed=" + completed.sum() + "]";
    }
}
