package io.overlap.spi;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.ProactorStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * A proactor's counting, kept by the core so that every backend has it: completions in the
 * counters of the I/O thread that made them ({@link IoThreadCounters}, registered by its
 * {@link CompletionBatch} on its first turn), completions made anywhere else in striped
 * counters. Nothing on the counting path takes a lock. Submissions are not counted at all: an
 * operation is either in flight (in the in-flight table, which the snapshot reads) or completed,
 * so submitted = completed + in flight, and the submission path pays nothing.
 */
final class StatsCounters {
    private static final OpKind[] KINDS = OpKind.values();
    private static final CompletionStatus[] STATUSES = CompletionStatus.values();

    private final String backend;
    /** Completions made off the I/O threads: same layout as an I/O thread's counters, less turns. */
    private final LongAdder[] elsewhere = adders(IoThreadCounters.TURNS);
    private final List<IoThreadCounters> threads = new CopyOnWriteArrayList<>();
    /** What I/O threads that ended had counted; guarded by this. */
    private final long[] ended = new long[IoThreadCounters.TURNS];

    StatsCounters(String backend) {
        this.backend = backend;
    }

    /**
     * Counts a completion on the counters of the thread making it.
     *
     * @param op the completed operation
     * @param status its status (known to the caller, so not read again)
     * @param mine the calling I/O thread's counters, or {@code null} off the I/O threads
     */
    void completed(Operation op, CompletionStatus status, IoThreadCounters mine) {
        OpKind kind = op.kind();
        long bytes = op.bytesTransferred(); // 0 for accept and connect
        boolean lease = kind == OpKind.RECV && op.lease() != null;
        if (mine != null) {
            mine.completed(kind, status, bytes, lease);
            return;
        }
        elsewhere[ProactorStats.index(kind, status)].increment();
        if (bytes != 0) {
            elsewhere[kind == OpKind.SEND ? IoThreadCounters.BYTES_OUT : IoThreadCounters.BYTES_IN].add(bytes);
        }
        if (lease) {
            elsewhere[IoThreadCounters.LEASES].increment();
        }
    }

    /** @return counters for the calling thread, which must be an I/O thread starting its loop */
    IoThreadCounters register() {
        IoThreadCounters c = new IoThreadCounters(Thread.currentThread());
        threads.add(c);
        return c;
    }

    /**
     * @param pending the operations in flight, by kind ordinal, read from the in-flight table
     *     just before this reads the completion counters (an operation is counted completed
     *     before it leaves the table, so none is missed; one completing meanwhile may be seen
     *     both in flight and completed)
     * @param poolLeased buffers leased now from the proactor's pool
     */
    synchronized ProactorStats snapshot(int[] pending, int poolLeased) {
        int inFlight = 0;
        for (int n : pending) {
            inFlight += n;
        }
        ProactorStats.Builder b = ProactorStats.builder(backend).inFlight(inFlight);
        long[] sums = new long[IoThreadCounters.TURNS];
        long elsewhereCompletions = 0;
        for (int i = 0; i < sums.length; i++) {
            sums[i] = elsewhere[i].sum();
            if (i < IoThreadCounters.PAIRS) {
                elsewhereCompletions += sums[i];
            }
        }
        List<IoThreadCounters> gone = new ArrayList<>();
        for (IoThreadCounters t : threads) {
            // an ended thread writes no more (and its end happens-before isAlive() says so): its
            // counts move to the totals of ended threads, so the list does not grow with every
            // short-lived thread a backend starts
            if (!t.thread.isAlive()) {
                for (int i = 0; i < ended.length; i++) {
                    ended[i] += t.get(i);
                }
                gone.add(t);
                continue;
            }
            for (int i = 0; i < sums.length; i++) {
                sums[i] += t.get(i);
            }
            b.ioThread(new ProactorStats.IoThread(t.thread.getName(), t.get(IoThreadCounters.TURNS), t.completions()));
        }
        threads.removeAll(gone);
        for (int i = 0; i < ended.length; i++) {
            sums[i] += ended[i];
            if (i < IoThreadCounters.PAIRS) {
                elsewhereCompletions += ended[i];
            }
        }
        for (int i = 0; i < IoThreadCounters.PAIRS; i++) {
            b.completed(i, sums[i]);
        }
        for (OpKind k : KINDS) {
            long done = 0;
            for (CompletionStatus st : STATUSES) {
                done += sums[ProactorStats.index(k, st)];
            }
            b.submitted(k, done + pending[k.ordinal()]);
        }
        return b.bytes(sums[IoThreadCounters.BYTES_IN], sums[IoThreadCounters.BYTES_OUT])
                .leases(sums[IoThreadCounters.LEASES], poolLeased)
                .completedElsewhere(elsewhereCompletions)
                .build();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
