package io.overlap.winsock;

import io.overlap.winsock.EmuOp.EmuBlock;
import io.overlap.winsock.EmuOp.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Winsock's event-overlapped I/O emulated on any OS over real loopback sockets (java.nio), so
 * that the winsock backend's state machine runs the conformance suite on Linux against real
 * peers. As on Windows: a start returns 0 (done at once, or pending; either way the event is
 * signalled when done) or an error; {@link #result} says {@code WSA_IO_INCOMPLETE} until done;
 * a send completes when all its bytes are taken, a receive with what is there (0 = the end),
 * the zero-byte receive when the socket is readable; {@code CancelIoEx} and {@code closesocket}
 * end pending operations with {@code ERROR_OPERATION_ABORTED}. Sockets, events, blocks and
 * native memory are counted. What a start cannot finish at once, {@link EmuIo}'s thread does;
 * the sockets' own calls are {@link EmuSockets}'.
 */
final class EmulatedWinsock extends EmuSockets implements FakePorts {
    private final EventTable events = new EventTable();
    private final PortTable ports = new PortTable(events, this::violation);
    private final CountedMemory memory = new CountedMemory(this::violation);
    private final AtomicInteger liveBlocks = new AtomicInteger();

    // ---- what tests check ----

    int liveEvents() {
        return events.size();
    }

    int liveBlocks() {
        return liveBlocks.get();
    }

    int liveMemory() {
        return memory.live();
    }

    @Override
    public PortTable ports() {
        return ports;
    }

    @Override
    public long newPortHandle() {
        return newHandle();
    }

    @Override
    public boolean ifsProviders() {
        return true;
    }

    @Override
    public long createEvent() {
        long h = newHandle();
        events.add(h);
        return h;
    }

    @Override
    public void setEvent(long event) {
        if (!events.set(event)) {
            violation("WSASetEvent on a closed or unknown event " + event);
        }
    }

    @Override
    public void resetEvent(long event) {
        if (!events.reset(event)) {
            violation("WSAResetEvent on a closed or unknown event " + event);
        }
    }

    @Override
    public void closeEvent(long event) {
        if (!events.close(event)) {
            violation("WSACloseEvent on a closed or unknown event " + event);
        }
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
        ((EmuBlock) block).routineContext = context;
    }

    // ---- blocks and overlapped operations ----

    @Override
    public Block newBlock() {
        liveBlocks.incrementAndGet();
        return new EmuBlock();
    }

    @Override
    public void freeBlock(Block block) {
        synchronized (lock) {
            EmuBlock b = (EmuBlock) block;
            if (b.freed) {
                violations.add("block freed twice");
                return;
            }
            if (b.op != null && !b.op.done) {
                violations.add("block freed while " + b.op + " is pending");
            }
            b.freed = true;
            liveBlocks.decrementAndGet();
        }
    }

    @Override
    public int startRecv(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        return startIo(Kind.RECV, socket, block, event, EmuOp.duplicates(buffers, count));
    }

    @Override
    public int startRecvWait(long socket, Block block, long event) {
        return startIo(Kind.RECV_WAIT, socket, block, event, new ByteBuffer[0]);
    }

    @Override
    public int startSend(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        return startIo(Kind.SEND, socket, block, event, EmuOp.duplicates(buffers, count));
    }

    private int startIo(Kind kind, long socket, Block block, long event, ByteBuffer[] buffers) {
        synchronized (lock) {
            int err = notConnected(socket);
            if (err != 0) {
                return err;
            }
            EmuSocket s = sockets.get(socket);
            EmuOp op = begin(new EmuOp(kind, s, (EmuBlock) block, event, buffers, null, null));
            (kind == Kind.SEND ? s.sends : s.recvs).add(op);
            s.progress(false);
            io.touch(s);
            return started(op);
        }
    }

    @Override
    public int startAccept(long listener, long accepted, Block block, long event) {
        synchronized (lock) {
            EmuSocket l = sockets.get(listener);
            EmuSocket a = sockets.get(accepted);
            if (l == null || a == null) {
                return WinError.WSAENOTSOCK;
            } else if (l.server == null || a.channelOrNull() != null) {
                return EmuErrors.WSAEINVAL;
            }
            EmuOp op = begin(new EmuOp(Kind.ACCEPT, l, (EmuBlock) block, event, new ByteBuffer[0], a, null));
            l.accepts.add(op);
            l.progress(false);
            io.touch(l);
            return started(op);
        }
    }

    @Override
    public int startConnect(long socket, InetSocketAddress remote, Block block, long event) {
        synchronized (lock) {
            EmuSocket s = sockets.get(socket);
            if (s == null) {
                return WinError.WSAENOTSOCK;
            } else if (s.bound == null || s.channelOrNull() != null) {
                return EmuErrors.WSAEINVAL; // ConnectEx wants a bound socket, used for nothing else
            }
            try {
                s.openForConnect();
            } catch (IOException e) {
                return EmuErrors.code(e); // the bind, made real only now, failed
            }
            EmuOp op = begin(new EmuOp(Kind.CONNECT, s, (EmuBlock) block, event, new ByteBuffer[0], null, remote));
            s.startConnect(op);
            io.touch(s);
            return started(op);
        }
    }

    /** Checks the block and event (lock held) and makes the operation the block's. */
    private EmuOp begin(EmuOp op) {
        if (op.block.freed) {
            violations.add("start on a freed block");
        }
        if (op.block.op != null && !op.block.op.done) {
            violations.add("block reused while " + op.block.op + " is pending");
        }
        if (op.routineContext < 0) { // a routine reports it: no event
            if (ports.isAssociated(op.socket.handle) ? op.event != 0 : !events.isOpen(op.event)) {
                violations.add("start " + op.kind + " with a wrong event " + op.event + " for its socket");
            } else if (!ports.isAssociated(op.socket.handle)) {
                events.reset(op.event); // the kernel resets an overlapped call's event when it starts
            }
        }
        op.block.op = op;
        op.withinStart = true;
        return op;
    }

    /** The start's answer: finished within the call (the lock was held throughout), or pending. */
    private static int started(EmuOp op) {
        op.withinStart = false;
        return op.done ? DONE_AT_ONCE : 0;
    }

    @Override
    void finished(EmuOp op, int error, long bytes) {
        op.done = true;
        op.error = error;
        op.bytes = bytes;
        if (op.routineContext >= 0) {
            events.queueRoutine(op.starter, op.routineContext, error, bytes); // even when done within the start
        } else if (!notifyDone(op.socket.handle, op.block, op.event, op.withinStart, IoResult.of(error, bytes), events)) {
            violations.add("completion signals a closed event: " + op);
        }
    }

    @Override
    public long result(long socket, Block block) {
        synchronized (lock) {
            EmuOp op = ((EmuBlock) block).op;
            if (op == null || !op.done) {
                return IoResult.of(WinError.WSA_IO_INCOMPLETE, 0);
            }
            if (op.socket.handle != socket) {
                violations.add("WSAGetOverlappedResult with socket " + socket + " for " + op);
            }
            return IoResult.of(op.error, op.bytes);
        }
    }

    @Override
    public AcceptedAddresses acceptedAddresses(Block block) {
        synchronized (lock) {
            return ((EmuBlock) block).op.addresses;
        }
    }

    @Override
    public int cancel(long socket, Block block) {
        synchronized (lock) {
            EmuSocket s = sockets.get(socket);
            if (s == null) {
                return WinError.WSAENOTSOCK;
            }
            boolean found = block == null ? s.abortAll(WinError.ERROR_OPERATION_ABORTED)
                    : ((EmuBlock) block).op != null && s.abort(((EmuBlock) block).op, WinError.ERROR_OPERATION_ABORTED);
            if (found) {
                io.touch(s);
            }
            return found ? 0 : WinError.ERROR_NOT_FOUND;
        }
    }

    // ---- the rest ----

    @Override
    public long openCurrentThread() {
        return 0; // Thread.join is enough here: no OS handle outlives a Java thread on Linux
    }

    @Override
    public boolean awaitThreadEnd(long thread, int timeoutMillis) {
        return true;
    }

    @Override
    public NativeMemory allocate(int bytes) {
        return memory.allocate(bytes);
    }

    /** Empty: the suite counts the process's file descriptors instead, the real sockets among them. */
    @Override
    public OptionalLong processHandleCount() {
        return OptionalLong.empty();
    }

    @Override
    public String describe(int code) {
        return WinError.name(code) + " (emulated)";
    }

}
