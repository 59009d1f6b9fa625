package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** What the backend's own tests share: connected pairs, bounded takes, an armable fault. */
final class Net {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private Net() {
    }

    static Proactor open(ProactorConfig.Builder b) throws Exception {
        return new NioBackend().open(b.build());
    }

    static Completion next(Proactor p) throws InterruptedException {
        Completion c = p.completions().poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion within 10 s");
        return c;
    }

    /** Completions taken while awaiting another, by id (ids are unique in the JVM). */
    private static final Map<Long, Completion> STASH = new ConcurrentHashMap<>();

    /** @return the completion with that id, keeping the others taken meanwhile for their own await */
    static Completion await(Proactor p, long id) throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            Completion c = STASH.remove(id);
            if (c == null) {
                c = next(p);
            }
            if (c.id() == id) {
                return c;
            }
            STASH.put(c.id(), c);
        }
        throw new AssertionError("no completion for " + Long.toHexString(id));
    }

    /** @return {server side, client side} of a new connection, in queue mode */
    static Connection[] pair(Proactor p, Listener l) throws InterruptedException {
        long a = p.submitAccept(l, null);
        long c = p.submitConnect(l.localAddress(), null);
        Completion server = await(p, a);
        Completion client = await(p, c);
        assertEquals(CompletionStatus.OK, server.status(), server.toString());
        assertEquals(CompletionStatus.OK, client.status(), client.toString());
        return new Connection[] {server.connection(), client.connection()};
    }

    static EventLoop loopOf(Connection c) {
        return ((NioConnection) c).loop;
    }

    /** A fault that fires at one point a given number of times, then lets every call run. */
    static final class Fault implements FaultInjector {
        private volatile FaultPoint point;
        private volatile Supplier<? extends Throwable> fault;
        private final AtomicInteger left = new AtomicInteger();
        final AtomicInteger fired = new AtomicInteger();

        void arm(FaultPoint at, int times, Supplier<? extends Throwable> what) {
            fault = what;
            point = at;
            left.set(times);
        }

        @Override
        public Throwable faultAt(FaultPoint at, String call) {
            if (at != point || left.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
                return null;
            }
            fired.incrementAndGet();
            return fault.get();
        }
    }
}
