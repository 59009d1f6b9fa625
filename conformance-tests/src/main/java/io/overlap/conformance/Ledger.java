package io.overlap.conformance;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.opentest4j.AssertionFailedError;

/**
 * Exactly-once accounting (guarantee 1): every id a submission returned, every completion
 * delivered, and what must hold between them. Also checks the per-completion promises that do
 * not depend on the scenario (guarantees 2 and 3): a receive that completes {@code OK} moved at
 * least one byte, a send that completes {@code OK} left nothing unsent, and only a successful
 * accept or connect carries a connection.
 *
 * <p>Thread-safe: submitters and consumers may record from any thread.
 */
public final class Ledger {
    private static final int MAX_REPORTED = 20;

    private final Set<Long> submitted = ConcurrentHashMap.newKeySet();
    private final Map<Long, Completion> completed = new ConcurrentHashMap<>();
    private final Map<CompletionStatus, LongAdder> byStatus = new EnumMap<>(CompletionStatus.class);
    private final Queue<String> problems = new ConcurrentLinkedQueue<>();
    /** Threads in {@link #awaitAllCompleted}: only then does a completion notify. */
    private volatile int waiting;

    /** Creates an empty ledger. */
    public Ledger() {
        for (CompletionStatus s : CompletionStatus.values()) {
            byStatus.put(s, new LongAdder());
        }
    }

    /**
     * Records an id a submission returned.
     *
     * @param id the operation id
     * @return the same id
     */
    public long submitted(long id) {
        if (!submitted.add(id)) {
            problems.add("op id " + Long.toHexString(id) + " was returned by two submissions");
        }
        return id;
    }

    /**
     * Records a delivered completion and checks its own promises.
     *
     * @param c the completion
     * @return false if this operation had already been delivered (a duplicate)
     */
    public boolean completed(Completion c) {
        Completion earlier = completed.putIfAbsent(c.id(), c);
        if (earlier != null) {
            problems.add("completion delivered twice: " + c);
            return false;
        }
        if (c.status() == null || c.kind() == null) {
            problems.add("completion without status or kind: " + c);
            return true;
        }
        byStatus.get(c.status()).increment();
        String broken = brokenPromise(c);
        if (broken != null) {
            problems.add(broken + ": " + c);
        }
        if (waiting > 0) {
            synchronized (this) {
                notifyAll();
            }
        }
        return true;
    }

    /**
     * Waits until every recorded submission has completed.
     *
     * @param timeout how long to wait at most
     * @return true if they all completed in time
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean awaitAllCompleted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        waiting++;
        try {
            while (completedCount() < submittedCount()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        } finally {
            waiting--;
        }
    }

    /** @return which promise of its own the completion breaks, or {@code null} if none */
    static String brokenPromise(Completion c) {
        boolean ok = c.status() == CompletionStatus.OK;
        OpKind kind = c.kind();
        if (kind == OpKind.RECV && ok && c.bytesTransferred() < 1) {
            return "a receive completed OK with no byte (guarantee 3: at least 1 byte, or END_OF_STREAM)";
        }
        if (kind == OpKind.RECV && c.status() == CompletionStatus.END_OF_STREAM && c.bytesTransferred() != 0) {
            return "a receive completed END_OF_STREAM with bytes";
        }
        if (kind == OpKind.RECV && ok && c.buffers().length == 0
                && (c.lease() == null || c.lease().buffer().remaining() != c.bytesTransferred())) {
            return "a pooled receive completed OK without a lease holding its bytes";
        }
        if (!ok && c.lease() != null) {
            return "a completion that is not OK carries a buffer lease";
        }
        if (kind == OpKind.SEND && ok) {
            for (ByteBuffer b : c.buffers()) {
                if (b.hasRemaining()) {
                    return "a send completed OK with bytes left unsent (guarantee 3)";
                }
            }
        }
        if ((kind == OpKind.ACCEPT || kind == OpKind.CONNECT) && ok != (c.connection() != null)) {
            return ok ? "a successful " + kind + " without its connection" : "a failed " + kind + " with a connection";
        }
        if ((kind == OpKind.ACCEPT || kind == OpKind.CONNECT) && c.bytesTransferred() != 0) {
            return "an " + kind + " reports bytes transferred";
        }
        return null;
    }

    /** @return how many submissions were recorded */
    public int submittedCount() {
        return submitted.size();
    }

    /** @return how many distinct operations completed */
    public int completedCount() {
        return completed.size();
    }

    /**
     * @param status a status
     * @return how many completions had it
     */
    public long count(CompletionStatus status) {
        return byStatus.get(status).sum();
    }

    /** @return the counts per status, e.g. for a report */
    public Map<CompletionStatus, Long> counts() {
        Map<CompletionStatus, Long> m = new EnumMap<>(CompletionStatus.class);
        byStatus.forEach((s, n) -> m.put(s, n.sum()));
        return m;
    }

    /**
     * @param id an operation id
     * @return its completion, or {@code null} if it has not been delivered
     */
    public Completion completion(long id) {
        return completed.get(id);
    }

    /** Fails if a completion came twice, an id was returned twice, or a completion broke its own promise. */
    public void assertNoProblems() {
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(report("", List.copyOf(problems)));
        }
    }

    /**
     * Fails unless every recorded submission completed exactly once and every completion
     * belongs to a recorded submission. Call it once nothing can complete any more (after the
     * proactor's close has returned and the completions are drained).
     */
    public void assertExactlyOnce() {
        List<String> found = new ArrayList<>(problems);
        List<Long> missing = new ArrayList<>();
        for (Long id : submitted) {
            if (!completed.containsKey(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            found.add(missing.size() + " of " + submitted.size() + " operation(s) never completed, e.g. ids "
                    + missing.stream().limit(5).map(Long::toHexString).toList());
        }
        List<Completion> unknown = completed.values().stream().filter(c -> !submitted.contains(c.id())).toList();
        if (!unknown.isEmpty()) {
            found.add(unknown.size() + " completion(s) of operations nobody submitted, e.g. "
                    + unknown.stream().limit(3).toList());
        }
        if (!found.isEmpty()) {
            throw new AssertionFailedError(report("exactly-once broken (guarantee 1): ", found));
        }
    }

    private static String report(String prefix, List<String> found) {
        if (found.size() == 1) {
            return prefix + found.get(0);
        }
        StringBuilder sb = new StringBuilder(prefix).append(found.size()).append(" problems, the first: ")
                .append(found.get(0));
        found.stream().limit(MAX_REPORTED).forEach(p -> sb.append("\n  - ").append(p));
        if (found.size() > MAX_REPORTED) {
            sb.append("\n  ...");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Ledger[submitted=" + submitted.size() + ", completed=" + completed.size() + ", " + counts() + "]";
    }
}
