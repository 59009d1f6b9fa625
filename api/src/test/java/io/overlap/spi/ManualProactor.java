package io.overlap.spi;

import io.overlap.BufferLease;
import io.overlap.CompletionStatus;
import io.overlap.OptionSet;
import io.overlap.ProactorConfig;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A backend whose operations the test completes by hand, on the one I/O thread it runs (which
 * loops like a real one: begin a turn, run what was handed over, flush, wait). Started
 * operations wait in {@link #nextStarted()}; a cancel, a handle's close and the proactor's close
 * complete what they concern with {@code CANCELLED} on that thread.
 */
public final class ManualProactor extends AbstractProactor {
    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<Operation> started = new LinkedBlockingQueue<>();
    /** What the core handed over and this backend has not completed: all it may complete. */
    private final java.util.Set<Operation> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Loop loop = new Loop();
    /** While set, a cancel finds nothing to do, as when the operation is completing anyway. */
    public volatile boolean cancelsComeTooLate;
    /** While set, a handle's close leaves its operations to the test, as when the OS reports them later. */
    public volatile boolean closesLeaveOperations;
    /** If set, the next {@code implSubmit} throws it (once), keeping nothing of the operation. */
    public volatile RuntimeException failNextSubmit;

    /** Selected as {@code manual}; never chosen by {@code auto} over the other fakes. */
    public static final class Backend implements IoBackend {
        /** ServiceLoader's constructor. */
        public Backend() {
        }

        @Override
        public String name() {
            return "manual";
        }

        @Override
        public Availability availability() {
            return Availability.available();
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public io.overlap.Proactor open(ProactorConfig config) {
            return new ManualProactor(config);
        }
    }

    /** @param config the configuration */
    public ManualProactor(ProactorConfig config) {
        super("manual", config);
        loop.start();
    }

    /** @return a new open connection of this proactor (no socket behind it) */
    public AbstractConnection connection() {
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 1);
        return new AbstractConnection(this, a, a) { };
    }

    /** @return the next operation the backend was asked to start, waiting up to 10 s */
    public Operation nextStarted() throws InterruptedException {
        Operation op = started.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (op == null) {
            throw new AssertionError("no operation started within " + WAIT_SECONDS + " s");
        }
        return op;
    }

    /** @return the I/O thread's name */
    public String ioThreadName() {
        return loop.getName();
    }

    /**
     * Completes an operation on the I/O thread and waits until that is done.
     *
     * @param op a started operation
     * @param status its status
     * @param bytes the bytes it moved
     */
    public void finish(Operation op, CompletionStatus status, long bytes) {
        onLoop(b -> {
            if (owned.remove(op)) {
                opAccess().addTransferred(op, bytes);
                complete(op, status, b);
            }
        });
    }

    /**
     * Completes a pooled receive OK with a lease, on the I/O thread.
     *
     * @param op a started pooled receive
     * @param bytes bytes "received"
     * @return the lease handed over
     */
    public BufferLease finishWithLease(Operation op, int bytes) {
        BufferLease lease = op.pool().tryLease(1);
        lease.buffer().position(bytes).flip();
        onLoop(b -> {
            if (owned.remove(op)) {
                opAccess().setLease(op, lease);
                opAccess().addTransferred(op, bytes);
                complete(op, CompletionStatus.OK, b);
            }
        });
        return lease;
    }

    /**
     * Completes an accept or connect OK with a new connection, on the I/O thread.
     *
     * @param op a started accept or connect
     * @return the connection handed over
     */
    public AbstractConnection finishWithConnection(Operation op) {
        AbstractConnection c = connection();
        onLoop(b -> {
            if (owned.remove(op)) {
                completeWithConnection(op, c, b);
            }
        });
        return c;
    }

    /**
     * Runs {@code work} on the I/O thread within a turn and waits for it.
     *
     * @param work what to run, given the thread's batch
     */
    public void onLoop(java.util.function.Consumer<CompletionBatch> work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.tasks.add(b -> {
            try {
                work.accept(b);
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        done.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    /** Completes off the I/O threads (the submitting thread's path). */
    public void finishHere(Operation op, CompletionStatus status) {
        if (owned.remove(op)) {
            complete(op, status, null);
        }
    }

    @Override
    protected AbstractListener implListen(InetSocketAddress local, int backlog, OptionSet options) {
        return new AbstractListener(this, local) { };
    }

    // no sockets: options are kept per handle, so the core's defaults (SO_REUSEADDR on a
    // listener, TCP_NODELAY on a connect) apply and read back as on a real backend
    private static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR);
    private final Map<AbstractHandle, Map<SocketOption<?>, Object>> options = new ConcurrentHashMap<>();

    @Override
    protected Set<SocketOption<?>> implConnectionOptions() {
        return OPTIONS;
    }

    @Override
    protected Set<SocketOption<?>> implListenerOptions() {
        return Set.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR);
    }

    @Override
    protected <T> void implSetOption(AbstractHandle handle, SocketOption<T> option, T value) {
        options.computeIfAbsent(handle, h -> new ConcurrentHashMap<>()).put(option, value);
    }

    @Override
    protected <T> T implGetOption(AbstractHandle handle, SocketOption<T> option) {
        return option.type().cast(options.getOrDefault(handle, Map.of()).get(option));
    }

    @Override
    protected void implAbort(AbstractConnection connection) {
        implClose(connection); // nothing to reset: an abort ends what is pending as a close does
    }

    @Override
    protected void implSubmit(Operation op) {
        RuntimeException fail = failNextSubmit;
        if (fail != null) {
            failNextSubmit = null;
            throw fail;
        }
        owned.add(op);
        started.add(op);
    }

    @Override
    protected void implCancel(Operation op) {
        if (cancelsComeTooLate) {
            return;
        }
        loop.tasks.add(b -> {
            if (owned.remove(op)) {
                complete(op, CompletionStatus.CANCELLED, b);
            }
        });
    }

    @Override
    protected void implShutdownOutput(AbstractConnection connection) {
    }

    @Override
    protected void implClose(AbstractHandle handle) {
        if (closesLeaveOperations) {
            return;
        }
        loop.tasks.add(b -> {
            for (Operation op : owned) {
                if (op.target() == handle && owned.remove(op)) {
                    complete(op, CompletionStatus.CANCELLED, b);
                }
            }
        });
    }

    @Override
    protected void implCloseProactor() {
        loop.tasks.add(b -> {
            for (Operation op : owned) {
                if (owned.remove(op)) {
                    complete(op, CompletionStatus.CANCELLED, b);
                }
            }
        });
        loop.tasks.add(b -> loop.running = false);
        try {
            loop.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected boolean isIoThread() {
        return Thread.currentThread() == loop;
    }

    @Override
    protected void implDeliver(Operation completed) {
        loop.tasks.add(b -> b.deliver(completed));
    }

    private final class Loop extends Thread {
        final BlockingQueue<java.util.function.Consumer<CompletionBatch>> tasks = new LinkedBlockingQueue<>();
        volatile boolean running = true;

        Loop() {
            super("manual-io-0");
            setDaemon(true);
        }

        @Override
        public void run() {
            CompletionBatch batch = newBatch();
            try {
                while (running) {
                    batch.beginTurn();
                    for (java.util.function.Consumer<CompletionBatch> t; (t = tasks.poll()) != null; ) {
                        t.accept(batch);
                    }
                    batch.flush();
                    batch.awaitingIo();
                    java.util.function.Consumer<CompletionBatch> t = tasks.poll(50, TimeUnit.MILLISECONDS);
                    batch.woke();
                    if (t != null) {
                        t.accept(batch);
                    }
                }
                batch.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
