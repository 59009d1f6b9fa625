package io.overlap.winsock;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One overlapped operation started on an {@link EmulatedWinsock} socket, with its result once
 * done. Guarded by the emulation's lock.
 */
final class EmuOp {
    enum Kind { RECV, RECV_WAIT, SEND, ACCEPT, CONNECT }

    final Kind kind;
    final EmuSocket socket;
    final EmuBlock block;
    final long event;
    /** Duplicates of the caller's buffers: the kernel writes the memory, never the caller's positions. */
    final ByteBuffer[] buffers;
    /** The pre-made socket an accept fills. */
    final EmuSocket accepted;
    final InetSocketAddress remote;
    /** Its completion routine's context, or -1: it reports through its event. */
    final long routineContext;
    /** The thread that started it: its routine runs there. */
    final Thread starter = Thread.currentThread();
    boolean done;
    /** Between its start's first and last step (the call has not returned). */
    boolean withinStart;
    int error;
    long bytes;
    Winsock.AcceptedAddresses addresses;

    EmuOp(Kind kind, EmuSocket socket, EmuBlock block, long event, ByteBuffer[] buffers, EmuSocket accepted,
            InetSocketAddress remote) {
        this.kind = kind;
        this.socket = socket;
        this.block = block;
        this.event = event;
        this.buffers = buffers;
        this.accepted = accepted;
        this.remote = remote;
        this.routineContext = kind == Kind.ACCEPT || kind == Kind.CONNECT ? -1 : block.routineContext;
    }

    static ByteBuffer[] duplicates(ByteBuffer[] buffers, int count) {
        ByteBuffer[] d = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            d[i] = buffers[i].duplicate();
        }
        return d;
    }

    boolean hasRemaining() {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return kind + "@" + socket.handle + (done ? " done " + WinError.name(error) + "/" + bytes : " pending");
    }

    /** The native block of an emulated operation: which operation it reports last. */
    static final class EmuBlock implements FakePorts.Addressed {
        final long address = FakePorts.ADDRESSES.getAndIncrement();
        EmuOp op;
        boolean freed;
        long routineContext = -1;

        @Override
        public long address() {
            return address;
        }
    }
}
