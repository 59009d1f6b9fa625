package io.overlap.winsock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;

/**
 * An in-memory Winsock for the state-machine tests: events that really block and wake
 * {@link #waitAny}, sockets, and overlapped operations that a test completes by hand. It
 * enforces the kernel's rules and records every breach in {@link #violations()}: a block
 * reused or freed while its operation is pending, a socket closed while operations on it are
 * pending, a handle used after it was closed.
 */
final class FakeWinsock implements FakePorts {
    enum Kind { RECV, RECV_WAIT, SEND, ACCEPT, CONNECT }

    /** One started overlapped operation. */
    final class Op {
        final Kind kind;
        final long socket;
        final FakeBlock block;
        final long event;
        final ByteBuffer[] buffers;
        final long acceptSocket;
        final InetSocketAddress remote;
        /** Its completion routine's context, or -1: it reports through its event. */
        final long routineContext;
        /** The thread that started it: its routine runs there. */
        final Thread starter = Thread.currentThread();
        boolean done;
        int error;
        long bytes;

        Op(Kind kind, long socket, FakeBlock block, long event, ByteBuffer[] buffers, long acceptSocket,
                InetSocketAddress remote) {
            this.kind = kind;
            this.socket = socket;
            this.block = block;
            this.event = event;
            this.buffers = buffers;
            this.acceptSocket = acceptSocket;
            this.remote = remote;
            this.routineContext = (kind == Kind.RECV || kind == Kind.RECV_WAIT || kind == Kind.SEND) ? block.routineContext : -1;
        }

        @Override
        public String toString() {
            return kind + "@" + socket + (done ? " done " + error + "/" + bytes : " pending");
        }
    }

    static final class FakeBlock implements FakePorts.Addressed {
        final long address = ADDRESSES.getAndIncrement();
        Op op;
        boolean freed;
        long routineContext = -1;

        @Override
        public long address() {
            return address;
        }
    }

    private static final class Sock {
        final boolean ipv6;
        InetSocketAddress local;
        InetSocketAddress remote;
        boolean listening;
        boolean outputShut;
        final Map<Long, Integer> options = new HashMap<>();
        int linger = -1;

        Sock(boolean ipv6) {
            this.ipv6 = ipv6;
        }
    }

    private final EventTable events = new EventTable();
    private final PortTable ports = new PortTable(events, this::violation);
    /** Whether the providers are IFS ones: the iocp model then skips the port on success. */
    volatile boolean ifs = true;
    private final ReentrantLock lock = events.lock;
    private final Condition changed = events.changed;
    private final Map<Long, Sock> sockets = new HashMap<>();
    /** The linger time each closed socket had when it was closed (an abort's is 0). */
    private final Map<Long, Integer> closedLinger = new HashMap<>();
    private final List<Op> pending = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<Long> setEvents = new ArrayList<>();
    final LinkedBlockingQueue<Op> started = new LinkedBlockingQueue<>();
    private long nextHandle = 0x100;
    private int nextPort = 40000;
    private int liveBlocks;
    private final CountedMemory memory = new CountedMemory(v -> locked(() -> violations.add(v)));
    private int startups;
    private int cleanups;
    private int incompleteResults;
    private final List<Long> updatedAccept = new ArrayList<>();
    private final List<Long> shutdowns = new ArrayList<>();
    /** What a cancelled operation completes with (a port may say ERROR_NETNAME_DELETED); tests change it. */
    volatile int cancelError = WinError.ERROR_OPERATION_ABORTED;
    /** Decides a start's immediate result (0 = started, DONE_AT_ONCE = finished within the call); tests replace it. */
    volatile ToIntFunction<Op> onStart = op -> 0;

    // ---- test side ----

    Op awaitStarted(Kind kind) throws InterruptedException {
        Op op = started.poll(10, TimeUnit.SECONDS);
        if (op == null) {
            throw new AssertionError("no " + kind + " was started within 10 s");
        }
        if (op.kind != kind) {
            throw new AssertionError("expected a " + kind + " to start, got " + op);
        }
        return op;
    }

    /** Completes operations at once, as the kernel would: result, then event. */
    void complete(Op op, int error, long bytes) {
        completeAll(List.of(op), error, bytes);
    }

    void completeAll(List<Op> ops, int error, long bytes) {
        lock.lock();
        try {
            for (Op op : ops) {
                finish(op, error, bytes);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Writes {@code data} where a receive's buffers say (without moving positions) and completes it. */
    void completeRecv(Op op, byte[] data) {
        int at = 0;
        for (ByteBuffer b : op.buffers) {
            for (int i = b.position(); i < b.limit() && at < data.length; i++) {
                b.put(i, data[at++]);
            }
        }
        if (at != data.length) {
            throw new AssertionError("the receive's buffers hold " + at + " of " + data.length + " bytes");
        }
        complete(op, 0, data.length);
    }

    /** @return the bytes a send would put on the wire */
    static byte[] sent(Op op) {
        int n = 0;
        for (ByteBuffer b : op.buffers) {
            n += b.remaining();
        }
        byte[] out = new byte[n];
        int at = 0;
        for (ByteBuffer b : op.buffers) {
            for (int i = b.position(); i < b.limit(); i++) {
                out[at++] = b.get(i);
            }
        }
        return out;
    }

    /** Signals an event with no completion behind it (a stale or spurious signal). */
    void signalSpuriously(long event) {
        lock.lock();
        try {
            events.set(event);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code n} threads are blocked in an untimed or timed (non-zero) wait. */
    void awaitBlockedWaits(int n) throws InterruptedException {
        awaitCondition(() -> blockedWaits() >= n, "threads blocked in waitAny: " + n);
    }

    void awaitIncompleteResults(int n) throws InterruptedException {
        awaitCondition(() -> incompleteResults >= n, "WSA_IO_INCOMPLETE results: " + n);
    }

    void awaitShutdowns(int n) throws InterruptedException {
        awaitCondition(() -> shutdowns.size() >= n, "shutdown calls: " + n);
    }

    private void awaitCondition(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        lock.lock();
        try {
            while (!c.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out waiting for " + what);
                }
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    List<String> violations() {
        return locked(() -> new ArrayList<>(violations));
    }

    int liveEvents() {
        return locked(events::size);
    }

    int liveSockets() {
        return locked(sockets::size);
    }

    int liveBlocks() {
        return locked(() -> liveBlocks);
    }

    int liveMemory() {
        return memory.live();
    }

    int pendingOps() {
        return locked(pending::size);
    }

    int startups() {
        return locked(() -> startups);
    }

    int cleanups() {
        return locked(() -> cleanups);
    }

    int blockingWaitsReturned() {
        return events.blockingWaitsReturned();
    }

    List<Long> shutdowns() {
        return locked(() -> new ArrayList<>(shutdowns));
    }

    List<Long> updatedAccept() {
        return locked(() -> new ArrayList<>(updatedAccept));
    }

    List<Long> setEvents() {
        return locked(() -> new ArrayList<>(setEvents));
    }

    boolean isOpen(long socket) {
        return locked(() -> sockets.containsKey(socket));
    }

    // ---- Winsock ----

    @Override
    public PortTable ports() {
        return ports;
    }

    @Override
    public long newPortHandle() {
        return locked(() -> nextHandle++);
    }

    @Override
    public boolean ifsProviders() {
        return ifs;
    }

    /** @return threads blocked in an untimed or timed wait, on events or ports */
    private int blockedWaits() {
        return events.blockedWaits() + ports.blockedWaits();
    }

    @Override
    public void startup() {
        locked(() -> ++startups);
    }

    @Override
    public void cleanup() {
        locked(() -> ++cleanups);
    }

    @Override
    public long createEvent() {
        return locked(() -> {
            long h = nextHandle++;
            events.add(h);
            return h;
        });
    }

    @Override
    public void setEvent(long event) {
        locked(() -> {
            checkEvent(event, "WSASetEvent");
            events.set(event);
            setEvents.add(event);
            return null;
        });
    }

    @Override
    public void resetEvent(long event) {
        locked(() -> {
            checkEvent(event, "WSAResetEvent");
            events.reset(event);
            return null;
        });
    }

    @Override
    public void closeEvent(long event) {
        locked(() -> {
            checkEvent(event, "WSACloseEvent");
            events.close(event);
            return null;
        });
    }

    @Override
    public int waitAny(long[] handles, int from, int count, int timeoutMillis) {
        return events.waitAny(handles, from, count, timeoutMillis);
    }

    @Override
    public int waitAlertable(long[] handles, int from, int count, int timeoutMillis, RoutineSink sink) {
        return events.waitAlertable(handles, from, count, timeoutMillis, sink);
    }

    @Override
    public void useRoutine(Block block, long context) {
        ((FakeBlock) block).routineContext = context;
    }

    /** @return the completion routines queued so far */
    int routinesQueued() {
        return events.routinesQueued();
    }

    @Override
    public long openSocket(boolean ipv6, io.overlap.spi.FaultPoint use) {
        return locked(() -> {
            long h = nextHandle++;
            sockets.put(h, new Sock(ipv6));
            return h;
        });
    }

    @Override
    public void bind(long socket, InetSocketAddress local, io.overlap.spi.FaultPoint use) {
        locked(() -> {
            Sock s = sock(socket, "bind");
            s.local = local.getPort() != 0 ? local : new InetSocketAddress(local.getAddress(), nextPort++);
            return null;
        });
    }

    @Override
    public void listen(long socket, int backlog) {
        locked(() -> sock(socket, "listen").listening = true);
    }

    @Override
    public InetSocketAddress localAddress(long socket) {
        return locked(() -> sock(socket, "getsockname").local);
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) {
        return locked(() -> sock(socket, "getpeername").remote);
    }

    @Override
    public void setIntOption(long socket, int level, int name, int value) {
        locked(() -> sock(socket, "setsockopt").options.put(((long) level << 32) | (name & 0xFFFF_FFFFL), value));
    }

    @Override
    public int getIntOption(long socket, int level, int name) {
        return locked(() -> sock(socket, "getsockopt").options.getOrDefault(((long) level << 32) | (name & 0xFFFF_FFFFL), 0));
    }

    @Override
    public void setLinger(long socket, int seconds) {
        locked(() -> sock(socket, "setsockopt(SO_LINGER)").linger = seconds < 0 ? -1 : seconds);
    }

    @Override
    public int getLinger(long socket) {
        return locked(() -> sock(socket, "getsockopt(SO_LINGER)").linger);
    }

    /** @return the value last set for an option on a socket, or 0 (what a fresh socket has) */
    int option(long socket, int level, int name) {
        return getIntOption(socket, level, name);
    }

    /** @return a socket's linger time, -1 when off; closed sockets keep theirs for the test to read */
    int lingerOf(long socket) {
        return locked(() -> {
            Sock s = sockets.get(socket);
            return s != null ? s.linger : closedLinger.getOrDefault(socket, -1);
        });
    }

    @Override
    public void updateAcceptContext(long accepted, long listener) {
        locked(() -> {
            sock(accepted, "SO_UPDATE_ACCEPT_CONTEXT");
            if (!sock(listener, "SO_UPDATE_ACCEPT_CONTEXT listener").listening) {
                violations.add("SO_UPDATE_ACCEPT_CONTEXT with a socket that does not listen");
            }
            updatedAccept.add(accepted);
            return null;
        });
    }

    @Override
    public void updateConnectContext(long socket) {
        locked(() -> sock(socket, "SO_UPDATE_CONNECT_CONTEXT"));
    }

    /** What {@link #peerError} reports, per socket (0: still connected). */
    final Map<Long, Integer> peerErrors = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public int peerError(long socket) {
        return peerErrors.getOrDefault(socket, 0);
    }

    @Override
    public int shutdownOutput(long socket) {
        return locked(() -> {
            sock(socket, "shutdown").outputShut = true;
            shutdowns.add(socket);
            changed.signalAll();
            return 0;
        });
    }

    @Override
    public void closeSocket(long socket) {
        locked(() -> {
            Sock closing = sockets.remove(socket);
            if (closing == null) {
                violations.add("closesocket of a closed or unknown socket " + socket);
            } else {
                closedLinger.put(socket, closing.linger);
            }
            for (Op op : new ArrayList<>(pending)) {
                if (op.socket == socket) {
                    violations.add("closesocket while " + op + " is pending");
                    finish(op, WinError.ERROR_OPERATION_ABORTED, 0);
                }
            }
            ports.forget(socket);
            changed.signalAll();
            return null;
        });
    }

    @Override
    public Block newBlock() {
        return locked(() -> {
            liveBlocks++;
            return new FakeBlock();
        });
    }

    @Override
    public void freeBlock(Block block) {
        locked(() -> {
            FakeBlock b = (FakeBlock) block;
            if (b.freed) {
                violations.add("block freed twice");
            }
            if (b.op != null && !b.op.done) {
                violations.add("block freed while " + b.op + " is pending");
            }
            b.freed = true;
            liveBlocks--;
            return null;
        });
    }

    @Override
    public int startRecv(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        for (int i = 0; i < count; i++) {
            if (!buffers[i].isDirect()) {
                locked(() -> violations.add("WSARecv given a heap buffer"));
            }
        }
        return start(new Op(Kind.RECV, socket, (FakeBlock) block, event, java.util.Arrays.copyOf(buffers, count), 0, null));
    }

    @Override
    public int startRecvWait(long socket, Block block, long event) {
        return start(new Op(Kind.RECV_WAIT, socket, (FakeBlock) block, event, new ByteBuffer[0], 0, null));
    }

    @Override
    public int startSend(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        ByteBuffer[] copy = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            copy[i] = buffers[i].duplicate(); // what the kernel reads, as it was at the call
        }
        return start(new Op(Kind.SEND, socket, (FakeBlock) block, event, copy, 0, null));
    }

    @Override
    public int startAccept(long listener, long accepted, Block block, long event) {
        return start(new Op(Kind.ACCEPT, listener, (FakeBlock) block, event, new ByteBuffer[0], accepted, null));
    }

    @Override
    public int startConnect(long socket, InetSocketAddress remote, Block block, long event) {
        return start(new Op(Kind.CONNECT, socket, (FakeBlock) block, event, new ByteBuffer[0], 0, remote));
    }

    private int start(Op op) {
        int err = onStart.applyAsInt(op);
        lock.lock();
        try {
            sock(op.socket, "start " + op.kind);
            if (op.routineContext >= 0) {
                // a routine reports it: its event is not used
            } else if (!ports.isAssociated(op.socket)) {
                checkEvent(op.event, "start " + op.kind);
            } else if (op.event != 0) {
                violations.add("start " + op.kind + " with an event on a socket of a completion port");
            }
            if (op.block.freed) {
                violations.add("start on a freed block");
            }
            if (op.block.op != null && !op.block.op.done) {
                violations.add("block reused while " + op.block.op + " is pending");
            }
            if (err != 0 && err != DONE_AT_ONCE) {
                return err;
            }
            op.block.op = op;
            if (op.routineContext < 0 && !ports.isAssociated(op.socket)) {
                events.reset(op.event); // the kernel resets an overlapped call's event when it starts
            }
            pending.add(op);
            if (err == DONE_AT_ONCE) { // the kernel finished it within the call: every byte moved
                finish(op, 0, remaining(op.buffers), true);
            }
        } finally {
            lock.unlock();
        }
        started.add(op);
        return err;
    }

    private static long remaining(ByteBuffer[] buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }

    @Override
    public long result(long socket, Block block) {
        return locked(() -> {
            Op op = ((FakeBlock) block).op;
            if (op == null || !op.done) {
                incompleteResults++;
                changed.signalAll();
                return IoResult.of(WinError.WSA_IO_INCOMPLETE, 0);
            }
            if (op.socket != socket) {
                violations.add("WSAGetOverlappedResult with socket " + socket + " for " + op);
            }
            if (!sockets.containsKey(socket)) {
                violations.add("WSAGetOverlappedResult on closed socket " + socket);
            }
            return IoResult.of(op.error, op.bytes);
        });
    }

    /** Completes an accept with a peer address. */
    void completeAccept(Op op, InetSocketAddress peer) {
        lock.lock();
        try {
            Op withPeer = new Op(op.kind, op.socket, op.block, op.event, op.buffers, op.acceptSocket, peer);
            pending.remove(op);
            pending.add(withPeer);
            op.block.op = withPeer;
            finish(withPeer, 0, 0);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AcceptedAddresses acceptedAddresses(Block block) {
        return locked(() -> {
            Op op = ((FakeBlock) block).op;
            return new AcceptedAddresses(sockets.get(op.socket).local, op.remote);
        });
    }

    @Override
    public int cancel(long socket, Block block) {
        return locked(() -> {
            sock(socket, "CancelIoEx");
            boolean found = false;
            for (Op op : new ArrayList<>(pending)) {
                if (op.socket == socket && (block == null || op.block == block)) {
                    finish(op, cancelError, 0);
                    found = true;
                }
            }
            changed.signalAll();
            return found ? 0 : WinError.ERROR_NOT_FOUND;
        });
    }

    @Override
    public NativeMemory allocate(int bytes) {
        return memory.allocate(bytes);
    }

    @Override
    public OptionalLong processHandleCount() {
        return OptionalLong.of(locked(() -> (long) events.size() + sockets.size() + ports.size()));
    }

    @Override
    public String describe(int code) {
        return "fake text for " + code;
    }

    @Override
    public long openCurrentThread() {
        return 0;
    }

    @Override
    public boolean awaitThreadEnd(long thread, int timeoutMillis) {
        return true;
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    // ---- internals (lock held) ----

    private void finish(Op op, int error, long bytes) {
        finish(op, error, bytes, false);
    }

    private void finish(Op op, int error, long bytes, boolean withinStart) {
        if (op.done) {
            return;
        }
        op.done = true;
        op.error = error;
        op.bytes = bytes;
        pending.remove(op);
        if (error == 0) {
            connected(op);
        }
        if (op.routineContext >= 0) {
            events.queueRoutine(op.starter, op.routineContext, error, bytes); // even when done within the start
        } else if (!notifyDone(op.socket, op.block, op.event, withinStart, IoResult.of(error, bytes), events)) {
            violations.add("completion signals a closed event: " + op);
        }
    }

    /** A completed accept or connect gives its socket its addresses, as the kernel does. */
    private void connected(Op op) {
        if (op.kind == Kind.ACCEPT) {
            Sock a = sockets.get(op.acceptSocket);
            Sock l = sockets.get(op.socket);
            if (a != null && l != null) {
                a.local = l.local;
                a.remote = op.remote;
            }
        } else if (op.kind == Kind.CONNECT) {
            Sock c = sockets.get(op.socket);
            if (c != null) {
                c.remote = op.remote;
            }
        }
    }

    private void violation(String v) {
        locked(() -> violations.add(v));
    }

    private Sock sock(long socket, String call) {
        Sock s = sockets.get(socket);
        if (s == null) {
            violations.add(call + " on a closed or unknown socket " + socket);
            return new Sock(false);
        }
        return s;
    }

    private void checkEvent(long event, String call) {
        if (!events.isOpen(event)) {
            violations.add(call + " on a closed or unknown event " + event);
        }
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
