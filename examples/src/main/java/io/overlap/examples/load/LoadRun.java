package io.overlap.examples.load;

import io.overlap.Completion;
import io.overlap.Proactor;
import io.overlap.ProactorClosedException;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared state of one load run: the proactor (in handler mode: each completion is handled
 * on the I/O thread that produced it and the next operation is submitted right there), the
 * connections, the counters and the pacing of connects.
 */
final class LoadRun {
    private static final System.Logger LOG = System.getLogger("load");
    /** Connects in flight at once: a burst of thousands would overflow the server's backlog. */
    static final int CONNECTS_IN_FLIGHT = 256;
    private static final long PATTERN_SEED = 0x0BE11A9L;

    private final LoadOptions options;
    private final Pattern pattern = new Pattern(PATTERN_SEED);
    private final LoadStats stats = new LoadStats();
    private final Latencies latencies = new Latencies();
    private final LoadConnection[] connections;
    private final Proactor proactor;
    private final AtomicInteger nextToConnect = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final CountDownLatch allEnded = new CountDownLatch(1);
    private volatile boolean measuring = true;

    LoadRun(LoadOptions options) throws IOException {
        this.options = options;
        this.connections = new LoadConnection[options.conns()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new LoadConnection(this, i);
        }
        long ops = (long) options.conns() * (options.depth() + 1) + CONNECTS_IN_FLIGHT;
        this.proactor = Proactor.open(ProactorConfig.builder()
                .ioThreads(options.ioThreads())
                .maxInFlight((int) Math.min(ProactorConfig.MAX_IN_FLIGHT_LIMIT, Math.max(ops, 1024)))
                .completionHandler(this::completed)
                .build());
    }

    LoadOptions options() {
        return options;
    }

    Pattern pattern() {
        return pattern;
    }

    LoadStats stats() {
        return stats;
    }

    Latencies latencies() {
        return latencies;
    }

    Proactor proactor() {
        return proactor;
    }

    boolean isMeasuring() {
        return measuring;
    }

    /** Starts the first connects; each connect's completion starts the next one. */
    void start() {
        for (int i = 0; i < Math.min(options.conns(), CONNECTS_IN_FLIGHT); i++) {
            connectNext();
        }
    }

    /**
     * Waits until every connection has ended (all failed) or the timeout passes.
     *
     * @return true if every connection has ended
     */
    boolean awaitAllEnded(long nanos) throws InterruptedException {
        return allEnded.await(nanos, TimeUnit.NANOSECONDS);
    }

    /** Called once by each connection that ends for good. */
    void connectionEnded() {
        if (ended.incrementAndGet() == connections.length) {
            allEnded.countDown();
        }
    }

    /**
     * Ends the run: stops counting and submitting, records stalls and connections that never
     * came up, then closes the proactor (every pending operation completes and is ignored).
     *
     * @param stallAfter how long without echo counts as stalled
     */
    void stop(Duration stallAfter) {
        measuring = false;
        long now = System.nanoTime();
        for (LoadConnection c : connections) {
            c.checkAtEnd(now, stallAfter.toNanos());
        }
        proactor.close();
    }

    private void connectNext() {
        int i = nextToConnect.getAndIncrement();
        if (i >= connections.length || !measuring) {
            return;
        }
        try {
            connections[i].connect();
        } catch (ProactorClosedException e) {
            // the run ended while this connect was being started
        } catch (RuntimeException e) {
            connections[i].failed(e);
        }
    }

    private void completed(Completion c) {
        LoadConnection conn = (LoadConnection) c.attachment();
        try {
            switch (c.kind()) {
                case CONNECT -> {
                    try {
                        conn.connectCompleted(c);
                    } finally {
                        connectNext();
                    }
                }
                case RECV -> conn.received(c);
                case SEND -> conn.sent(c);
                default -> LOG.log(Level.WARNING, "unexpected completion {0}", c);
            }
        } catch (ProactorClosedException e) {
            // the run is over and the proactor is closing: nothing more to submit
        } catch (RuntimeException e) {
            if (measuring) {
                conn.failed(e);
            }
        }
    }
}
