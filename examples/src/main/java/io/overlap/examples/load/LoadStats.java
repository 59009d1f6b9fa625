package io.overlap.examples.load;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one load run, updated from every I/O thread. */
final class LoadStats {
    /** How many error descriptions are kept for the summary. */
    static final int KEPT_ERRORS = 5;

    private final LongAdder roundTrips = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger up = new AtomicInteger();
    private final AtomicLongArray errors = new AtomicLongArray(ErrorKind.values().length);
    private final List<String> firstErrors = new ArrayList<>();

    void connected() {
        connected.incrementAndGet();
        up.incrementAndGet();
    }

    void down() {
        up.decrementAndGet();
    }

    void echoed(long messages, long n) {
        roundTrips.add(messages);
        bytes.add(n);
    }

    void error(ErrorKind kind, String description) {
        errors.incrementAndGet(kind.ordinal());
        synchronized (firstErrors) {
            if (firstErrors.size() < KEPT_ERRORS) {
                firstErrors.add(description);
            }
        }
    }

    long roundTrips() {
        return roundTrips.sum();
    }

    long bytes() {
        return bytes.sum();
    }

    /** @return connections that were established at some point */
    int connectedEver() {
        return connected.get();
    }

    /** @return connections established and not failed */
    int up() {
        return up.get();
    }

    long errorCount() {
        long n = 0;
        for (int i = 0; i < errors.length(); i++) {
            n += errors.get(i);
        }
        return n;
    }

    Map<ErrorKind, Long> errorsByKind() {
        Map<ErrorKind, Long> m = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            m.put(k, errors.get(k.ordinal()));
        }
        return m;
    }

    List<String> firstErrors() {
        synchronized (firstErrors) {
            return List.copyOf(firstErrors);
        }
    }
}
