package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Connects that stay pending on the loopback: a server socket with a backlog of 1 that never
 * accepts. Once its backlog is full, the OS leaves further connects waiting for an answer, so
 * they can be cancelled, closed or timed out while pending.
 */
final class PendingConnects {
    /** How many connects are tried; the backlog admits only the first few. */
    static final int ATTEMPTS = 16;
    /** How long no connect may complete before the rest count as pending. */
    static final Duration SETTLE = Duration.ofMillis(500);

    private PendingConnects() {
    }

    /** @return a server socket that will never accept, with the smallest backlog */
    static InetSocketAddress fullBacklog(Harness io) {
        ServerSocket ss = io.serverSocket(1);
        return new InetSocketAddress(io.loopback(), ss.getLocalPort());
    }

    /**
     * Submits {@link #ATTEMPTS} connects without timeout to a full backlog, lets the admitted
     * ones complete (and closes them), and returns the ids still pending.
     *
     * @param io the harness
     * @return the pending connects, never empty
     */
    static Set<Long> submit(Harness io) {
        InetSocketAddress target = fullBacklog(io);
        Set<Long> pending = new LinkedHashSet<>();
        for (int i = 0; i < ATTEMPTS; i++) {
            pending.add(io.connect(target));
        }
        for (Completion c = io.next(SETTLE); c != null; c = io.next(SETTLE)) {
            Completion done = c;
            assertEquals(CompletionStatus.OK, done.status(), () -> "a connect to a listening socket: " + done);
            pending.remove(done.id());
            io.close(done.connection());
        }
        assertFalse(pending.isEmpty(), "no connect stayed pending: the loopback listener's full backlog "
                + "admitted all " + ATTEMPTS + " connects, so this scenario cannot hold one pending here");
        return pending;
    }
}
