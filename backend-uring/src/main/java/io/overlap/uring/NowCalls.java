package io.overlap.uring;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.overlap.uring.sys.Errno;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.Sockets;
import java.nio.ByteBuffer;

/**
 * The non-blocking receive and send a submitting thread makes itself ({@link UringCallerIo}):
 * {@code recv}/{@code send} for one direct buffer, {@code recvmsg}/{@code sendmsg} for several,
 * heap buffers through this thread's own staging buffer. Every call is made with
 * {@code MSG_DONTWAIT} (the socket itself stays blocking: the ring's entries rely on that) and
 * under the fd owner's lock, after checking that the fd is still the handle's: a close on the
 * loop, which closes the fd under the same lock, cannot hand the number to another socket in
 * the middle of a call. The calls never block, so the lock is held for one system call.
 */
final class NowCalls {
    /** What a call returns when the socket has nothing to read or no room: the loop waits for it. */
    static final long NOT_READY = 0;
    /** What a receive returns at the end of the stream (the loop reads it again and ends every receive). */
    static final long END = -1;
    /** What a call returns when the fd was closed first: the loop reports the operation. */
    static final long GONE = -2;
    /** The most buffers one call takes; an operation with more goes to the loop. */
    static final int MAX_BUFFERS = 16;
    /** sizeof(struct msghdr) on LP64; the iovecs follow it in the same block. */
    private static final int MSGHDR = 56;
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** One thread's native scratch: a msghdr with its iovecs, and a staging buffer made on first use. */
    private static final class Scratch {
        final Memory msg = new Memory(MSGHDR + 16L * MAX_BUFFERS);
        ByteBuffer staged;

        Scratch() {
            msg.clear(MSGHDR);
            msg.setLong(16, Pointer.nativeValue(msg) + MSGHDR); // msg_iov, always the block's tail
        }

        ByteBuffer staged() {
            if (staged == null) {
                staged = ByteBuffer.allocateDirect(Staging.MAX);
            }
            return staged.clear();
        }
    }

    private NowCalls() {
    }

    /** @return true if this thread may make the call for {@code bufs} (at most {@link #MAX_BUFFERS}) */
    static boolean fits(ByteBuffer[] bufs) {
        return bufs.length <= MAX_BUFFERS;
    }

    /**
     * Reads what is there into {@code dsts}, moving their positions.
     *
     * @return the bytes read (more than 0), {@link #NOT_READY}, {@link #END} or {@link #GONE}
     * @throws ErrnoException if the socket reports an error
     */
    static long recv(FdOwner owner, ByteBuffer[] dsts) throws ErrnoException {
        if (Buffers.allDirect(dsts)) {
            return inPlace(owner, false, dsts);
        }
        ByteBuffer staged = SCRATCH.get().staged();
        int want = (int) Math.min(Buffers.remaining(dsts), staged.capacity());
        long n = call(owner, false, Sockets.address(staged), want);
        if (n > 0) {
            Buffers.scatter(staged, (int) n, dsts);
        }
        return n;
    }

    /**
     * Writes what the socket takes from {@code srcs}, moving their positions; a heap send larger
     * than the staging buffer goes on while the socket takes each part whole.
     *
     * @return the bytes written ({@link #NOT_READY} when none), or {@link #GONE}
     * @throws ErrnoException if the socket reports an error
     */
    static long send(FdOwner owner, ByteBuffer[] srcs) throws ErrnoException {
        if (Buffers.allDirect(srcs)) {
            return inPlace(owner, true, srcs);
        }
        ByteBuffer staged = SCRATCH.get().staged();
        long total = 0;
        while (true) {
            int part = Buffers.gather(srcs, staged);
            long n = call(owner, true, Sockets.address(staged), part);
            if (n <= 0) {
                return total > 0 ? total : n;
            }
            Buffers.advance(srcs, n);
            total += n;
            if (n < part || Buffers.remaining(srcs) == 0) {
                return total;
            }
        }
    }

    /** Direct buffers: the kernel reads or writes them where they are. */
    private static long inPlace(FdOwner owner, boolean send, ByteBuffer[] bufs) throws ErrnoException {
        long n;
        if (Buffers.withRemaining(bufs) == 1) {
            ByteBuffer b = Buffers.first(bufs);
            n = call(owner, send, Sockets.address(b) + b.position(), b.remaining());
        } else {
            Scratch s = SCRATCH.get();
            n = call(owner, send, s, Buffers.iovecs(bufs, s.msg, MSGHDR));
        }
        if (n > 0) {
            Buffers.advance(bufs, n);
        }
        return n;
    }

    private static long call(FdOwner owner, boolean send, long address, long length) throws ErrnoException {
        synchronized (owner) {
            if (owner.releasedHeld()) {
                return GONE;
            }
            long r = send
                    ? LibC.send(owner.fd, address, length, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL)
                    : LibC.recv(owner.fd, address, length, LibC.MSG_DONTWAIT);
            return result(r, send ? "send" : "recv");
        }
    }

    private static long call(FdOwner owner, boolean send, Scratch s, int iovecs) throws ErrnoException {
        s.msg.setLong(24, iovecs); // msg_iovlen
        synchronized (owner) {
            if (owner.releasedHeld()) {
                return GONE;
            }
            long msg = Pointer.nativeValue(s.msg);
            long r = send
                    ? LibC.sendmsg(owner.fd, msg, LibC.MSG_DONTWAIT | LibC.MSG_NOSIGNAL)
                    : LibC.recvmsg(owner.fd, msg, LibC.MSG_DONTWAIT);
            return result(r, send ? "sendmsg" : "recvmsg");
        }
    }

    /** Inside the lock: errno is this thread's and read at once. */
    private static long result(long r, String call) throws ErrnoException {
        if (r > 0) {
            return r;
        }
        if (r == 0) {
            return call.startsWith("recv") ? END : NOT_READY;
        }
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
            return NOT_READY;
        }
        throw new ErrnoException(call, errno);
    }
}
