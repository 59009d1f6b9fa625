package io.overlap.spi;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import io.overlap.ProactorStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The counters of one I/O thread: written by that thread alone, so an update is a plain add and
 * an opaque store (no lock, no compare-and-set, no sharing of cache lines with other writers),
 * and read by {@code Proactor.stats()} with opaque loads, which never see a torn value.
 */
final class IoThreadCounters {
    static final int PAIRS = ProactorStats.pairs();
    static final int BYTES_IN = PAIRS;
    static final int BYTES_OUT = PAIRS + 1;
    static final int LEASES = PAIRS + 2;
    static final int TURNS = PAIRS + 3;
    static final int SIZE = PAIRS + 4;

    private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);

    final Thread thread;
    private final long[] counts = new long[SIZE];

    IoThreadCounters(Thread thread) {
        this.thread = thread;
    }

    /** Owner thread only. */
    void completed(OpKind kind, CompletionStatus status, long bytes, boolean lease) {
        add(ProactorStats.index(kind, status), 1);
        if (bytes != 0) {
            add(kind == OpKind.SEND ? BYTES_OUT : BYTES_IN, bytes);
        }
        if (lease) {
            add(LEASES, 1);
        }
    }

    /** Owner thread only. */
    void turn() {
        add(TURNS, 1);
    }

    private void add(int i, long n) {
        AT.setOpaque(counts, i, counts[i] + n);
    }

    /** Any thread. */
    long get(int i) {
        return (long) AT.getOpaque(counts, i);
    }

    /** Any thread: what this thread completed, every kind and status. */
    long completions() {
        long n = 0;
        for (int i = 0; i < PAIRS; i++) {
            n += get(i);
        }
        return n;
    }
}
