package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.ProactorConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Breaks guarantee 4 across threads (issue 10, defect 2): in handler mode, a send submitted by
 * a thread that is not an I/O thread is held back for a while, and a send that a completion
 * handler then submits on the I/O thread for the same connection passes it, so the peer reads
 * the later send's bytes first. Sends from one thread alone keep their order.
 */
public final class CrossThreadReorderMutant extends MutantBackend {
    /** How long a held send waits for a handler's send to overtake it before it goes anyway. */
    private static final long HOLD_MILLIS = 200;

    @Override
    public String name() {
        return "mutant-cross-thread-reorder";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        if (config.completionHandler().isEmpty()) {
            return new ForwardingProactor(name(), config); // queue mode: no submission is made on an I/O thread
        }
        return new Holding(name(), config);
    }

    /** A send given an id of the mutant's own, not yet submitted. */
    private record Held(long id, Connection connection, ByteBuffer[] srcs, Object attachment, Duration timeout) {
    }

    /** What a held send carries as its attachment once submitted: the id and attachment the user knows. */
    private record Given(long id, Object attachment) {
    }

    private static final class Holding extends ForwardingProactor {
        private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> Boolean.FALSE);
        /** Ids the real proactor never issues (its are positive), so they cannot clash. */
        private final AtomicLong nextId = new AtomicLong(Long.MIN_VALUE);
        private final Map<Connection, List<Held>> held = new HashMap<>(); // guarded by this
        private final Map<Long, Long> realIds = new HashMap<>(); // guarded by this
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mutant-release");
            t.setDaemon(true);
            return t;
        });

        Holding(String name, ProactorConfig config) {
            super(name, config);
        }

        @Override
        protected void onCompletion(Completion c) {
            Completion out = c.attachment() instanceof Given g ? new AlteredCompletion(c, g.id(), g.attachment()) : c;
            inHandler.set(Boolean.TRUE);
            try {
                emit(out);
            } finally {
                inHandler.set(Boolean.FALSE);
            }
        }

        @Override
        public long submitSend(Connection connection, ByteBuffer... srcs) {
            return send(connection, srcs, null, null);
        }

        @Override
        public long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment) {
            return send(connection, srcs, attachment, null);
        }

        @Override
        public long submitSend(Connection connection, ByteBuffer[] srcs, Object attachment, Duration timeout) {
            return send(connection, srcs, attachment, timeout);
        }

        private synchronized long send(Connection c, ByteBuffer[] srcs, Object attachment, Duration timeout) {
            if (!inHandler.get()) {
                long id = nextId.getAndIncrement();
                List<Held> line = held.computeIfAbsent(c, k -> new ArrayList<>());
                line.add(new Held(id, c, srcs, attachment, timeout));
                if (line.size() == 1) {
                    timer.schedule(() -> release(c), HOLD_MILLIS, TimeUnit.MILLISECONDS);
                }
                return id;
            }
            // the broken promise: the handler's send goes first, the earlier one from another thread after it
            long id = submitted(delegate().submitSend(c, srcs, attachment, timeout));
            release(c);
            return id;
        }

        private synchronized void release(Connection c) {
            List<Held> line = held.remove(c);
            if (line == null) {
                return;
            }
            for (Held h : line) {
                long real = delegate().submitSend(h.connection(), h.srcs(), new Given(h.id(), h.attachment()), h.timeout());
                realIds.put(h.id(), real);
            }
        }

        private synchronized void releaseAll() {
            for (Connection c : new ArrayList<>(held.keySet())) {
                release(c);
            }
        }

        @Override
        public boolean cancel(long opId) {
            Long real;
            synchronized (this) {
                if (opId < 0) {
                    releaseAll();
                }
                real = realIds.getOrDefault(opId, opId);
            }
            return super.cancel(real);
        }

        @Override
        protected void closeHandle(Handle h) {
            if (h instanceof Connection c) {
                release(c);
            }
            super.closeHandle(h);
        }

        @Override
        public void shutdownOutput(Connection connection) {
            release(connection);
            super.shutdownOutput(connection);
        }

        @Override
        public void close() {
            releaseAll();
            timer.shutdownNow();
            super.close();
        }
    }
}
