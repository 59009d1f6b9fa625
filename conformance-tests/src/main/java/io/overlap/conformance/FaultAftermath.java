package io.overlap.conformance;

import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.FAILED;
import static io.overlap.CompletionStatus.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.Listener;
import io.overlap.conformance.Harness.PeerConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fault left behind, checked against the contract. Each watched connection had a receive
 * pending when the fault fired; after one byte from its peer that receive must have completed
 * either {@code OK} on an open handle (its I/O thread lives, and serves a round trip), or
 * {@code FAILED} on a handle that reports closed (its thread died: a new submission on it
 * completes {@code CLOSED} at once). Nothing else: not lost, not {@code CANCELLED}, not a dead
 * thread that still looks open.
 */
final class FaultAftermath {
    /** How long "at once" may take, and how long a dead thread's handles may take to report closed. */
    static final Duration PROMPT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 5;

    private final Harness h;
    private final FaultCase c;
    private final List<PeerConnection> alive = new ArrayList<>();
    private final List<PeerConnection> dead = new ArrayList<>();
    private final List<PeerConnection> hit = new ArrayList<>();

    FaultAftermath(Harness h, FaultCase c) {
        this.h = h;
        this.c = c;
    }

    /**
     * Submits one receive on each connection, before the fault.
     *
     * @param h the harness
     * @param conns the connections
     * @return the receive's id per connection
     */
    static Map<PeerConnection, Long> recvOnEach(Harness h, List<PeerConnection> conns) {
        Map<PeerConnection, Long> pending = new LinkedHashMap<>();
        for (PeerConnection p : conns) {
            pending.put(p, h.recv(p.conn(), ByteBuffer.allocate(16)));
        }
        return pending;
    }

    /**
     * Sorts the watched connections by what became of their pending receives and checks each.
     *
     * @param pending the receive pending on each connection when the fault fired
     * @param maxHit how many of them the fault itself may have failed on a live thread
     */
    void settle(Map<PeerConnection, Long> pending, long maxHit) {
        for (PeerConnection p : pending.keySet()) {
            writeQuietly(p, "s");
        }
        Map<Long, Completion> got = h.awaitAll(pending.values());
        pending.forEach((p, id) -> sort(p, got.get(id)));
        assertTrue(hit.size() <= maxHit, () -> hit.size() + " receive(s) pending on other connections completed FAILED "
                + "while their handles still report open (more than the " + maxHit + " the fault itself hit): a thread "
                + "that dies fails what it owned and marks its handles closed (AbstractProactor.markFailed), one that "
                + "lives leaves them alone");
        if (!c.mayKillThread()) {
            assertTrue(dead.isEmpty(), () -> c.kind() + " at " + c.point() + " must not end an I/O thread, but "
                    + dead.size() + " of " + pending.size() + " connections on it were failed and closed");
        }
        if (c.ioThreads() > 1 && !dead.isEmpty()) {
            assertTrue(!alive.isEmpty(), () -> "an I/O thread died and took every connection with it, although the "
                    + "proactor has " + c.ioThreads() + " (ops on the other threads' handles must keep working)");
        }
        for (PeerConnection p : alive) {
            roundTrip(p);
        }
        for (PeerConnection p : dead) {
            expectClosedAtOnce(p.conn());
        }
        for (PeerConnection p : hit) {
            // the byte written above is still there: the handle works on
            Completion again = h.await(h.recv(p.conn(), ByteBuffer.allocate(16)), OK);
            assertEquals(1, again.bytesTransferred(), () -> "the receive after a failed one on " + p.conn());
        }
    }

    private void sort(PeerConnection p, Completion done) {
        if (done.status() == OK) {
            assertTrue(p.conn().isOpen(), () -> "a receive completed OK but its handle reports closed: " + done);
            alive.add(p);
        } else if (done.status() == FAILED) {
            if (reportsClosed(p.conn())) {
                dead.add(p);
            } else {
                hit.add(p);
            }
        } else {
            fail("after " + c.kind() + " at " + c.point() + " a receive pending on another connection must complete OK "
                    + "(its thread lives) or FAILED (its thread died), not " + done.status() + ": " + done);
        }
    }

    /** @return true if some I/O thread is still alive, so that new handles can be served */
    boolean someThreadLives() {
        return c.ioThreads() > 1 || dead.isEmpty();
    }

    /**
     * Checks a handle the fault's operation used. A listener is never given up for one failed
     * accept unless its thread died (a server retries accept after EMFILE on the same
     * listener); a connection may be, as after a real I/O error.
     *
     * @param handle the handle
     * @return true if it is open (the caller then checks it serves), false if it reports closed
     */
    boolean victimHandleOpen(Handle handle) {
        if (!c.mayKillThread() && handle instanceof Listener) {
            assertTrue(handle.isOpen(), () -> c.kind() + " at " + c.point() + " fails one accept, "
                    + "never its listener: " + handle + " reports closed");
            return true;
        }
        return !reportsClosed(handle);
    }

    /**
     * Submits on a handle of a dead thread and checks it completes {@code CLOSED} at once.
     *
     * @param handle a connection or listener that reports closed
     */
    void expectClosedAtOnce(Handle handle) {
        long start = System.nanoTime();
        long id = handle instanceof Listener l ? h.accept(l) : h.recv((Connection) handle, ByteBuffer.allocate(1));
        h.await(id, CLOSED);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(PROMPT) <= 0, () -> "a submission on a dead thread's handle completed CLOSED after "
                + took + ", not at once");
    }

    /** Checks that the proactor's side of {@code p} sends and receives. */
    void roundTrip(PeerConnection p) {
        h.await(h.send(p.conn(), Bytes.utf8("a")), OK);
        try {
            assertEquals('a', Bytes.readOne(p.socket()), () -> "the peer of " + p.conn() + " read something else");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that new connections work: through new listeners, accepted and connected on this
     * proactor, three times so that round robin would hand at least one to a dead thread.
     */
    void freshConnectionsWork() {
        for (int i = 0; i < 3; i++) {
            Listener l = h.listen();
            long a = h.accept(l);
            long k = h.connect(l.localAddress());
            Map<Long, Completion> done = h.awaitAll(List.of(a, k));
            for (Completion d : done.values()) {
                assertEquals(OK, d.status(), () -> "a new handle after the fault (" + c + ") must work: " + d);
            }
            Connection client = done.get(k).connection();
            Connection server = done.get(a).connection();
            long r = h.recv(server, ByteBuffer.allocate(4));
            h.await(h.send(client, Bytes.utf8("new")), OK);
            assertTrue(h.await(r, OK).bytesTransferred() >= 1);
        }
    }

    /** @return true once {@code handle} reports closed, false if it stays open for {@link #PROMPT} */
    private static boolean reportsClosed(Handle handle) {
        long end = System.nanoTime() + PROMPT.toNanos();
        while (handle.isOpen()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return true;
    }

    /** Writes to a peer whose proactor side may be gone with its thread (then the write may fail). */
    static void writeQuietly(PeerConnection p, String text) {
        try {
            Bytes.write(p.socket(), text);
        } catch (UncheckedIOException e) {
            // the proactor's end was closed with its dead thread: its receive completes without this byte
        }
    }
}
