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
 * What the reordering mutants share: sends held back for a while in one line per connection,
 * and a later send that {@link Holding#overtakes} them, submitted first, the held ones after it.
 */
final class HeldSends {
    private HeldSends() {
    }

    /** A send given an id of the mutant's own, not yet submitted. */
    private record Held(long id, Connection connection, ByteBuffer[] srcs, Object attachment, Duration timeout) {
    }

    /** What a held send carries as its attachment once submitted: the id and attachment the user knows. */
    private record Given(long id, Object attachment) {
    }

    abstract static class Holding extends ForwardingProactor {
        /** Ids the real proactor never issues (its are positive), so they cannot clash. */
        private final AtomicLong nextId = new AtomicLong(Long.MIN_VALUE);
        private final Map<Connection, List<Held>> held = new HashMap<>(); // guarded by this
        private final Map<Long, Long> realIds = new HashMap<>(); // guarded by this
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mutant-release");
            t.setDaemon(true);
            return t;
        });

        private final Map<Connection, Thread> holders = new HashMap<>(); // guarded by this
        private final long holdMillis;

        Holding(String name, ProactorConfig config, long holdMillis) {
            super(name, config);
            this.holdMillis = holdMillis;
        }

        /**
         * @param holder the thread whose sends on the connection are held, or null if none are
         * @return true if the send being submitted now goes first, before the held ones
         */
        protected abstract boolean overtakes(Thread holder);

        /** A completion as the user gets it: under the id the mutant gave out. */
        protected static Completion given(Completion c) {
            return c.attachment() instanceof Given g ? new AlteredCompletion(c, g.id(), g.attachment()) : c;
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
            if (!overtakes(holders.get(c))) {
                long id = nextId.getAndIncrement();
                List<Held> line = held.computeIfAbsent(c, k -> new ArrayList<>());
                line.add(new Held(id, c, srcs, attachment, timeout));
                if (line.size() == 1) {
                    holders.put(c, Thread.currentThread());
                    timer.schedule(() -> release(c), holdMillis, TimeUnit.MILLISECONDS);
                }
                return id;
            }
            // the broken promise: this send goes first, the held ones submitted before it after it
            long id = submitted(delegate().submitSend(c, srcs, attachment, timeout));
            release(c);
            return id;
        }

        private synchronized void release(Connection c) {
            List<Held> line = held.remove(c);
            holders.remove(c);
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
