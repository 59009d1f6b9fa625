package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionHandler;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.Listener;
import io.overlap.OptionSet;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One proactor under test, opened on the backend the system property names, with every
 * submission and completion recorded in a {@link Ledger}, bounded waits for completions, and
 * loopback peers. Closing it closes the proactor and fails unless every submission completed
 * exactly once.
 *
 * <p>The waiting methods are for one test thread; the submission methods and the ledger may be
 * used from any thread.
 */
public final class Harness implements AutoCloseable {
    /** The longest any single wait for a completion lasts ({@code io.overlap.conformance.awaitSeconds}). */
    public static final Duration AWAIT = Duration.ofSeconds(Long.getLong("io.overlap.conformance.awaitSeconds", 20));
    /** IPv4 loopback, where a harness listens and connects unless it is opened on another. */
    public static final InetAddress LOOPBACK = Loopbacks.V4;

    private static final int WAVE = 200;

    private final Proactor proactor;
    private final InetAddress loopback;
    private final Ledger ledger = new Ledger();
    private final BlockingQueue<Completion> handled;
    private final Map<Long, Completion> stash = new LinkedHashMap<>();
    private final List<Closeable> peers = new ArrayList<>();
    private final List<Tally> tallies = new ArrayList<>();
    private Listener listener;
    private boolean closed;

    private Harness(ProactorConfig.Builder config, boolean handlerMode, CompletionHandler then, InetAddress loopback)
            throws IOException {
        this.loopback = loopback;
        if (handlerMode) {
            BlockingQueue<Completion> sink = new LinkedBlockingQueue<>();
            Ledger l = ledger;
            config.completionHandler(c -> {
                if (c.attachment() instanceof Tally t) {
                    t.completed(c);
                    if (then != null) {
                        then.completed(c);
                    }
                    return;
                }
                try {
                    l.completed(c);
                    if (then != null) {
                        then.completed(c);
                    }
                } finally {
                    sink.add(c);
                }
            });
            this.handled = sink;
        } else {
            config.completionHandler(null);
            this.handled = null;
        }
        this.proactor = Proactor.open(config.build());
    }

    /**
     * Opens a proactor in queue mode with the default configuration.
     *
     * @return the harness
     * @throws IOException if the backend cannot open
     */
    public static Harness open() throws IOException {
        return open(ProactorConfig.builder());
    }

    /**
     * Opens a proactor in queue mode.
     *
     * @param config the configuration; its backend must be unset so that the property decides
     * @return the harness
     * @throws IOException if the backend cannot open
     */
    public static Harness open(ProactorConfig.Builder config) throws IOException {
        return open(config, LOOPBACK);
    }

    /**
     * Opens a proactor in queue mode whose listeners and peers are on a given loopback.
     *
     * @param config the configuration; its backend must be unset so that the property decides
     * @param loopback where it listens, connects and peers (see {@link Loopbacks})
     * @return the harness
     * @throws IOException if the backend cannot open
     */
    public static Harness open(ProactorConfig.Builder config, InetAddress loopback) throws IOException {
        return new Harness(config, false, null, loopback);
    }

    /**
     * Opens a proactor in handler mode. Each completion is recorded, then given to {@code then}
     * (on the backend's thread), then made available to the waiting methods.
     *
     * @param config the configuration; its backend must be unset so that the property decides
     * @param then called for each completion on the backend's thread, or {@code null}
     * @return the harness
     * @throws IOException if the backend cannot open
     */
    public static Harness openHandlerMode(ProactorConfig.Builder config, CompletionHandler then) throws IOException {
        return openHandlerMode(config, then, LOOPBACK);
    }

    /**
     * Opens a proactor in handler mode whose listeners and peers are on a given loopback.
     *
     * @param config the configuration; its backend must be unset so that the property decides
     * @param then called for each completion on the backend's thread, or {@code null}
     * @param loopback where it listens, connects and peers (see {@link Loopbacks})
     * @return the harness
     * @throws IOException if the backend cannot open
     */
    public static Harness openHandlerMode(ProactorConfig.Builder config, CompletionHandler then, InetAddress loopback)
            throws IOException {
        return new Harness(config, true, then, loopback);
    }

    /** @return the proactor under test */
    public Proactor proactor() {
        return proactor;
    }

    /** @return the loopback address this harness listens, connects and peers on */
    public InetAddress loopback() {
        return loopback;
    }

    /** @return the accounting of this proactor's operations */
    public Ledger ledger() {
        return ledger;
    }

    // ---- submissions, each recorded ----

    /**
     * @param l the listener
     * @return the accept's id
     */
    public long accept(Listener l) {
        return accept(l, null);
    }

    /**
     * @param l the listener
     * @param timeout the timeout, or {@code null}
     * @return the accept's id
     */
    public long accept(Listener l, Duration timeout) {
        return ledger.submitted(proactor.submitAccept(l, null, timeout));
    }

    /**
     * @param remote where to connect
     * @return the connect's id
     */
    public long connect(InetSocketAddress remote) {
        return connect(remote, null);
    }

    /**
     * @param remote where to connect
     * @param timeout the timeout, or {@code null}
     * @return the connect's id
     */
    public long connect(InetSocketAddress remote, Duration timeout) {
        return ledger.submitted(proactor.submitConnect(remote, null, timeout));
    }

    /**
     * @param remote where to connect
     * @param local the local address to bind first, or {@code null}
     * @param options the options to apply before connecting
     * @return the connect's id
     */
    public long connect(InetSocketAddress remote, InetSocketAddress local, OptionSet options) {
        return ledger.submitted(proactor.submitConnect(remote, local, options, null, null));
    }

    /**
     * @param c the connection
     * @param dsts where to receive
     * @return the receive's id
     */
    public long recv(Connection c, ByteBuffer... dsts) {
        return ledger.submitted(proactor.submitRecv(c, dsts));
    }

    /**
     * @param c the connection
     * @param timeout the timeout, or {@code null}
     * @param dsts where to receive
     * @return the receive's id
     */
    public long recv(Connection c, Duration timeout, ByteBuffer... dsts) {
        return ledger.submitted(proactor.submitRecv(c, dsts, null, timeout));
    }

    /**
     * @param c the connection
     * @param attachment given back in the completion
     * @param dsts where to receive
     * @return the receive's id
     */
    public long recvWith(Connection c, Object attachment, ByteBuffer... dsts) {
        return ledger.submitted(proactor.submitRecv(c, dsts, attachment));
    }

    /**
     * @param c the connection
     * @return the pooled receive's id (the proactor's own pool)
     */
    public long recvPooled(Connection c) {
        return ledger.submitted(proactor.submitRecv(c));
    }

    /**
     * @param c the connection
     * @param pool the pool to lease from
     * @param timeout the timeout, or {@code null}
     * @return the pooled receive's id
     */
    public long recvPooled(Connection c, BufferPool pool, Duration timeout) {
        return ledger.submitted(proactor.submitRecvPooled(c, pool, null, timeout));
    }

    /**
     * @param c the connection
     * @param srcs what to send
     * @return the send's id
     */
    public long send(Connection c, ByteBuffer... srcs) {
        return ledger.submitted(proactor.submitSend(c, srcs));
    }

    /**
     * @param c the connection
     * @param timeout the timeout, or {@code null}
     * @param srcs what to send
     * @return the send's id
     */
    public long send(Connection c, Duration timeout, ByteBuffer... srcs) {
        return ledger.submitted(proactor.submitSend(c, srcs, null, timeout));
    }

    /**
     * @param c the connection
     * @param attachment given back in the completion
     * @param srcs what to send
     * @return the send's id
     */
    public long sendWith(Connection c, Object attachment, ByteBuffer... srcs) {
        return ledger.submitted(proactor.submitSend(c, srcs, attachment));
    }

    /**
     * @param name what its operations are, for a report
     * @return a new tally of this harness, checked when it closes
     */
    public synchronized Tally tally(String name) {
        Tally t = new Tally(name);
        tallies.add(t);
        return t;
    }

    /**
     * A receive counted by a tally, not recorded in the ledger.
     *
     * @param c the connection
     * @param t the tally, also the receive's attachment
     * @param dsts where to receive
     * @return the receive's id
     */
    public long recv(Connection c, Tally t, ByteBuffer... dsts) {
        long id = proactor.submitRecv(c, dsts, t);
        t.submitted();
        return id;
    }

    /**
     * A send counted by a tally, not recorded in the ledger.
     *
     * @param c the connection
     * @param t the tally, also the send's attachment
     * @param srcs what to send
     * @return the send's id
     */
    public long send(Connection c, Tally t, ByteBuffer... srcs) {
        long id = proactor.submitSend(c, srcs, t);
        t.submitted();
        return id;
    }

    /**
     * @param id an operation id
     * @return what {@link Proactor#cancel} returned
     */
    public boolean cancel(long id) {
        return proactor.cancel(id);
    }

    /** @param h the handle to close */
    public void close(Handle h) {
        proactor.close(h);
    }

    /** @param c the connection to close abortively */
    public void abort(Connection c) {
        proactor.abort(c);
    }

    // ---- waiting ----

    /**
     * Waits (bounded by {@link #AWAIT}) for one operation's completion; completions of other
     * operations that arrive meanwhile are kept for later.
     *
     * @param id the operation
     * @return its completion
     */
    public Completion await(long id) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (true) {
            Completion c = stash.remove(id);
            if (c != null) {
                return c;
            }
            Completion next = pollSource(deadline - System.nanoTime());
            if (next == null) {
                fail("operation " + Long.toHexString(id) + " did not complete within " + AWAIT + " on "
                        + proactor.backendName() + " (" + proactor.inFlight() + " in flight)");
            }
            stash.put(next.id(), next);
        }
    }

    /**
     * Waits for one operation's completion and checks its status.
     *
     * @param id the operation
     * @param expected the status it must have
     * @return its completion
     */
    public Completion await(long id, CompletionStatus expected) {
        Completion c = await(id);
        assertEquals(expected, c.status(), () -> "status of " + c);
        return c;
    }

    /**
     * Waits (bounded by {@link #AWAIT} in all) for several operations.
     *
     * @param ids the operations
     * @return their completions, in the order of {@code ids}
     */
    public Map<Long, Completion> awaitAll(Collection<Long> ids) {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        Map<Long, Completion> got = new LinkedHashMap<>();
        for (Long id : ids) {
            got.put(id, null);
        }
        int missing = ids.size();
        for (Iterator<Map.Entry<Long, Completion>> it = stash.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Long, Completion> e = it.next();
            if (got.containsKey(e.getKey()) && got.get(e.getKey()) == null) {
                got.put(e.getKey(), e.getValue());
                it.remove();
                missing--;
            }
        }
        while (missing > 0) {
            Completion next = pollSource(deadline - System.nanoTime());
            if (next == null) {
                fail(missing + " of " + ids.size() + " operations did not complete within " + AWAIT + " on "
                        + proactor.backendName() + " (" + proactor.inFlight() + " in flight)");
            }
            if (got.containsKey(next.id()) && got.get(next.id()) == null) {
                got.put(next.id(), next);
                missing--;
            } else {
                stash.put(next.id(), next);
            }
        }
        return got;
    }

    /**
     * Waits for several operations and checks they all have one status.
     *
     * @param ids the operations
     * @param expected the status each must have
     * @return their completions, in the order of {@code ids}
     */
    public List<Completion> awaitAll(Collection<Long> ids, CompletionStatus expected) {
        List<Completion> all = new ArrayList<>(awaitAll(ids).values());
        for (Completion c : all) {
            assertEquals(expected, c.status(), () -> "status of " + c);
        }
        return all;
    }

    /**
     * The next completion not yet handed out, waiting up to {@code wait}.
     *
     * @param wait how long to wait
     * @return the completion, or {@code null} if none came
     */
    public Completion next(Duration wait) {
        Iterator<Completion> it = stash.values().iterator();
        if (it.hasNext()) {
            Completion c = it.next();
            it.remove();
            return c;
        }
        return pollSource(wait.toNanos());
    }

    /** @return the next completion not yet handed out, failing after {@link #AWAIT} */
    public Completion next() {
        Completion c = next(AWAIT);
        if (c == null) {
            fail("no completion within " + AWAIT + " on " + proactor.backendName() + " (" + proactor.inFlight()
                    + " in flight)");
        }
        return c;
    }

    /**
     * Checks that no completion is waiting or arrives within {@code quiet}.
     *
     * @param quiet how long to watch
     * @param why what would be wrong
     */
    public void expectNoCompletion(Duration quiet, String why) {
        Completion c = next(quiet);
        if (c != null) {
            fail(why + ": " + c);
        }
    }

    private Completion pollSource(long nanos) {
        ledger.assertNoProblems();
        Completion c;
        try {
            if (handled != null) {
                c = handled.poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            } else {
                long deadline = System.nanoTime() + Math.max(0, nanos);
                c = proactor.completions().poll(Math.max(0, nanos), TimeUnit.NANOSECONDS);
                while (c != null && c.attachment() instanceof Tally t) {
                    t.completed(c);
                    c = proactor.completions().poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                if (c != null) {
                    ledger.completed(c);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a completion", e);
        }
        ledger.assertNoProblems();
        return c;
    }

    // ---- connections ----

    /** @return this harness's shared listener on the loopback, made on first use */
    public Listener listener() {
        if (listener == null) {
            listener = listen();
        }
        return listener;
    }

    /** @return a new listener on a free loopback port */
    public Listener listen() {
        return listen(OptionSet.empty());
    }

    /**
     * @param options the options to apply before it binds
     * @return a new listener on a free loopback port
     */
    public Listener listen(OptionSet options) {
        try {
            return proactor.listen(new InetSocketAddress(loopback, 0), 1024, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return one connection pair, both ends on this proactor */
    public Pair pair() {
        return pairs(1).get(0);
    }

    /**
     * Connects {@code n} pairs, both ends on this proactor, through {@link #listener()}.
     *
     * @param n how many
     * @return the pairs
     */
    public List<Pair> pairs(int n) {
        Listener l = listener();
        List<Pair> out = new ArrayList<>(n);
        for (int done = 0; done < n; done += WAVE) {
            int k = Math.min(WAVE, n - done);
            List<Long> accepts = new ArrayList<>(k);
            List<Long> connects = new ArrayList<>(k);
            for (int i = 0; i < k; i++) {
                accepts.add(accept(l));
                connects.add(connect(l.localAddress()));
            }
            Map<Integer, Connection> byPeerPort = new HashMap<>();
            for (Completion c : awaitAll(accepts, CompletionStatus.OK)) {
                byPeerPort.put(c.connection().remoteAddress().getPort(), c.connection());
            }
            for (Completion c : awaitAll(connects, CompletionStatus.OK)) {
                Connection server = byPeerPort.get(c.connection().localAddress().getPort());
                if (server == null) {
                    fail("no accepted connection has the connected one's address " + c.connection());
                }
                out.add(new Pair(c.connection(), server));
            }
        }
        return out;
    }

    /** @return one connection on this proactor whose other end is a blocking {@link Socket} */
    public PeerConnection peer() {
        return peers(1).get(0);
    }

    /**
     * Accepts {@code n} connections from blocking sockets. The sockets read with a timeout of
     * {@link #AWAIT} and are closed with this harness.
     *
     * @param n how many
     * @return the connections with their sockets
     */
    public List<PeerConnection> peers(int n) {
        Listener l = listener();
        List<PeerConnection> out = new ArrayList<>(n);
        for (int done = 0; done < n; done += WAVE) {
            int k = Math.min(WAVE, n - done);
            List<Long> accepts = new ArrayList<>(k);
            Map<Integer, Socket> byPort = new HashMap<>();
            for (int i = 0; i < k; i++) {
                accepts.add(accept(l));
            }
            for (int i = 0; i < k; i++) {
                Socket s = socketTo(l.localAddress());
                byPort.put(s.getLocalPort(), s);
            }
            for (Completion c : awaitAll(accepts, CompletionStatus.OK)) {
                Socket s = byPort.get(c.connection().remoteAddress().getPort());
                if (s == null) {
                    fail("no socket has the accepted connection's peer address " + c.connection());
                }
                out.add(new PeerConnection(c.connection(), s));
            }
        }
        return out;
    }

    /**
     * Opens a blocking socket to {@code remote}, closed with this harness.
     *
     * @param remote where to connect
     * @return the connected socket, reading with a timeout of {@link #AWAIT}
     */
    public Socket socketTo(InetSocketAddress remote) {
        Socket s = new Socket();
        peers.add(s);
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) AWAIT.toMillis());
            s.connect(remote, (int) AWAIT.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return s;
    }

    /** @return a blocking server socket on a free loopback port, closed with this harness */
    public ServerSocket serverSocket() {
        return serverSocket(50);
    }

    /**
     * @param backlog its accept backlog
     * @return a blocking server socket on a free loopback port, closed with this harness
     */
    public ServerSocket serverSocket(int backlog) {
        try {
            ServerSocket ss = new ServerSocket();
            peers.add(ss);
            ss.setSoTimeout((int) AWAIT.toMillis());
            ss.bind(new InetSocketAddress(loopback, 0), backlog);
            return ss;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param on the loopback address
     * @return an address on it where a connect is refused: a socket of this harness holds its
     *     port bound but not listening until the harness closes. A port that was merely free a
     *     moment ago will not do: the connecting socket may be given that port as its own, and
     *     then it meets itself (a TCP simultaneous open) and connects (seen under Wine).
     */
    public InetSocketAddress refusingAddress(InetAddress on) {
        Socket holder = new Socket();
        peers.add(holder);
        try {
            holder.bind(new InetSocketAddress(on, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new InetSocketAddress(on, holder.getLocalPort());
    }

    /**
     * @param on the loopback address
     * @return an address on it whose port was free a moment ago (for a local address to bind;
     *     a connect to it is not sure to be refused: {@link #refusingAddress})
     */
    public static InetSocketAddress freePort(InetAddress on) {
        try (ServerSocket ss = new ServerSocket(0, 1, on)) {
            return new InetSocketAddress(on, ss.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the end ----

    /**
     * Closes the proactor, takes the completions left, closes the peers, and fails unless every
     * recorded submission completed exactly once and nothing is left in flight. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            proactor.close();
        } finally {
            closePeers();
        }
        if (handled == null) {
            Completion c;
            while ((c = proactor.completions().poll()) != null) {
                if (c.attachment() instanceof Tally t) {
                    t.completed(c);
                } else {
                    ledger.completed(c);
                }
            }
        }
        assertEquals(0, proactor.inFlight(), "operations in flight after Proactor.close() returned");
        ledger.assertExactlyOnce();
        synchronized (this) {
            for (Tally t : tallies) {
                t.assertBalanced();
            }
        }
    }

    private void closePeers() {
        for (Closeable c : peers) {
            try {
                c.close();
            } catch (IOException ignored) {
                // a peer that cannot close cleanly does not change the verdict
            }
        }
        peers.clear();
    }

    /**
     * Two ends of one loopback connection, both owned by the same proactor.
     *
     * @param client the end that connected
     * @param server the end that was accepted
     */
    public record Pair(Connection client, Connection server) {
    }

    /**
     * A connection on the proactor whose other end is a blocking socket.
     *
     * @param conn the proactor's end
     * @param socket the peer's end
     */
    public record PeerConnection(Connection conn, Socket socket) {
    }
}
