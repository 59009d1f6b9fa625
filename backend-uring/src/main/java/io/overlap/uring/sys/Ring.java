package io.overlap.uring.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One io_uring instance: its fd and the three mappings (submission ring, completion ring,
 * submission entries), read and written in Java through direct {@link ByteBuffer}s over the
 * mapped memory. The only system call is {@link #enter}, once per loop turn. The kernel's
 * indices (SQ head, CQ tail) are read with acquire, ours (SQ tail, CQ head) published with
 * release, as the ring protocol requires. Not thread-safe: one thread owns a ring.
 */
public final class Ring implements AutoCloseable {
    public static final int SETUP_CQSIZE = 1 << 3;
    public static final int SETUP_SUBMIT_ALL = 1 << 7;
    public static final int SETUP_COOP_TASKRUN = 1 << 8;
    public static final int SETUP_SINGLE_ISSUER = 1 << 12;
    public static final int SETUP_DEFER_TASKRUN = 1 << 13;
    public static final int FEAT_SINGLE_MMAP = 1;
    public static final int FEAT_NODROP = 1 << 1;
    public static final int FEAT_EXT_ARG = 1 << 8;
    private static final int ENTER_GETEVENTS = 1;
    private static final int ENTER_EXT_ARG = 1 << 3;
    private static final long OFF_SQ_RING = 0L;
    private static final long OFF_CQ_RING = 0x8000000L;
    private static final long OFF_SQES = 0x10000000L;
    static final int SQE_SIZE = 64;
    private static final int CQE_SIZE = 16;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private final int fd;
    private final int features;
    private final int setupFlags;
    private final Mapping sqMap;
    private final Mapping cqMap; // the same as sqMap with IORING_FEAT_SINGLE_MMAP
    private final Mapping sqeMap;
    private final ByteBuffer sq;
    private final ByteBuffer cq;
    /** The submission entries; {@link Sqe} writes them. */
    final ByteBuffer sqes;
    private final int sqHead;
    private final int sqTail;
    private final int sqMask;
    private final int sqEntries;
    private final int cqHead;
    private final int cqTail;
    private final int cqMask;
    private final int cqes;
    /** Wait arguments for IORING_ENTER_EXT_ARG: io_uring_getevents_arg, then a __kernel_timespec. */
    private final Memory waitArg = new Memory(24 + 16);
    private int localSqTail;
    private int localCqHead;
    private boolean closed;

    private Ring(int fd, Memory p, int setupFlags) throws IOException {
        this.fd = fd;
        this.setupFlags = setupFlags;
        this.features = p.getInt(20);
        int sqEntriesP = p.getInt(0);
        int cqEntriesP = p.getInt(4);
        // struct io_sqring_offsets at 40, struct io_cqring_offsets at 80
        int sqArray = p.getInt(40 + 24);
        long sqSize = sqArray + 4L * sqEntriesP;
        long cqSize = p.getInt(80 + 20) + (long) CQE_SIZE * cqEntriesP;
        boolean single = (features & FEAT_SINGLE_MMAP) != 0;
        Mapping s = null;
        Mapping c = null;
        Mapping e = null;
        try {
            s = Mapping.map(fd, single ? Math.max(sqSize, cqSize) : sqSize, OFF_SQ_RING);
            c = single ? s : Mapping.map(fd, cqSize, OFF_CQ_RING);
            e = Mapping.map(fd, (long) SQE_SIZE * sqEntriesP, OFF_SQES);
        } catch (IOException ex) {
            for (Mapping m : new Mapping[] {e, c, s}) {
                if (m != null) {
                    m.unmap();
                }
            }
            throw ex;
        }
        this.sqMap = s;
        this.cqMap = c;
        this.sqeMap = e;
        this.sq = s.buffer();
        this.cq = c.buffer();
        this.sqes = e.buffer();
        this.sqHead = p.getInt(40);
        this.sqTail = p.getInt(44);
        this.sqMask = sq.getInt(p.getInt(48));
        this.sqEntries = sq.getInt(p.getInt(52));
        this.cqHead = p.getInt(80);
        this.cqTail = p.getInt(84);
        this.cqMask = cq.getInt(p.getInt(88));
        this.cqes = p.getInt(80 + 20);
        // the indirection array maps slot i to entry i once and for all: entries are used in order
        for (int i = 0; i < sqEntries; i++) {
            sq.putInt(sqArray + 4 * i, i);
        }
        this.localSqTail = sq.getInt(sqTail);
        this.localCqHead = cq.getInt(cqHead);
        waitArg.clear();
    }

    /**
     * Sets up a ring, trying the given flag sets in turn (the first the kernel accepts wins).
     *
     * @param entries submission entries (a power of two)
     * @param cqEntries completion entries (a power of two, at least {@code entries})
     * @param flagChoices IORING_SETUP_* sets, best first
     * @return the ring
     * @throws IOException with the errno if no set is accepted or the mapping fails
     */
    public static Ring open(int entries, int cqEntries, int... flagChoices) throws IOException {
        int lastErr = 0;
        for (int flags : flagChoices) {
            try (Memory p = new Memory(120)) {
                p.clear();
                p.setInt(4, cqEntries);
                p.setInt(8, flags | SETUP_CQSIZE);
                long fd = LibC.syscall(LibC.SYS_IO_URING_SETUP, entries, Pointer.nativeValue(p), 0, 0, 0, 0);
                if (fd < 0) {
                    lastErr = LibC.errno();
                    if (lastErr == Errno.EINVAL) {
                        continue; // a flag this kernel does not know: try the next set
                    }
                    break;
                }
                try {
                    Ring r = new Ring((int) fd, p, flags);
                    if ((r.features & FEAT_NODROP) == 0 || (r.features & FEAT_EXT_ARG) == 0) {
                        r.close();
                        throw new IOException("io_uring lacks IORING_FEAT_NODROP or IORING_FEAT_EXT_ARG (kernel older than 5.11)");
                    }
                    return r;
                } catch (IOException | RuntimeException e) {
                    LibC.close((int) fd);
                    throw e;
                }
            }
        }
        throw new IOException("io_uring_setup failed: " + Errno.describe(lastErr));
    }

    /** @return the ring's fd */
    public int fd() {
        return fd;
    }

    /** @return the IORING_SETUP_* flags the kernel accepted */
    public int setupFlags() {
        return setupFlags;
    }

    /**
     * Takes the next free submission entry, zeroed.
     *
     * @return its byte offset in the entries, or -1 when the submission ring is full
     */
    public int nextSqe() {
        int head = (int) INT.getAcquire(sq, sqHead);
        if (localSqTail - head >= sqEntries) {
            return -1;
        }
        int off = (localSqTail & sqMask) * SQE_SIZE;
        localSqTail++;
        for (int i = 0; i < SQE_SIZE; i += 8) {
            sqes.putLong(off + i, 0L);
        }
        return off;
    }

    /** @return the writer of submission entries */
    public Sqe sqe() {
        return new Sqe(sqes);
    }

    /** @return entries written but not yet consumed by the kernel */
    public int unsubmitted() {
        return localSqTail - (int) INT.getAcquire(sq, sqHead);
    }

    /**
     * Publishes the written entries and enters the kernel: submits them all, lets the kernel
     * post what has completed and, when {@code wait} is true, waits for at least one completion or {@code timeoutNanos} (-1: no
     * limit).
     *
     * @param wait whether to wait for a completion
     * @param timeoutNanos the longest wait, -1 for none
     * @return 0, or a negative errno the caller handles (EINTR, ETIME, EBUSY, EAGAIN)
     */
    public int enter(boolean wait, long timeoutNanos) {
        INT.setRelease(sq, sqTail, localSqTail);
        int toSubmit = unsubmitted();
        long r;
        if (!wait) {
            // GETEVENTS even without waiting: with DEFER_TASKRUN completions are posted only then
            r = LibC.syscall(LibC.SYS_IO_URING_ENTER, fd, toSubmit, 0, ENTER_GETEVENTS, 0, 0);
        } else if (timeoutNanos < 0) {
            r = LibC.syscall(LibC.SYS_IO_URING_ENTER, fd, toSubmit, 1, ENTER_GETEVENTS, 0, 0);
        } else {
            long ts = Pointer.nativeValue(waitArg) + 24;
            waitArg.setLong(24, timeoutNanos / 1_000_000_000L);
            waitArg.setLong(32, timeoutNanos % 1_000_000_000L);
            waitArg.setLong(0, 0); // no signal mask
            waitArg.setInt(8, 8);
            waitArg.setLong(16, ts);
            r = LibC.syscall(LibC.SYS_IO_URING_ENTER, fd, toSubmit, 1, ENTER_GETEVENTS | ENTER_EXT_ARG,
                    Pointer.nativeValue(waitArg), 24);
        }
        return r < 0 ? -LibC.errno() : 0;
    }

    /**
     * Hands every completion that is there to {@code sink}, oldest first. The head moves past
     * each one before it is handed over, so a sink that throws never sees it twice.
     *
     * @param sink what takes each completion
     * @return how many there were
     */
    public int reap(CqeSink sink) {
        int tail = (int) INT.getAcquire(cq, cqTail);
        int n = 0;
        while (localCqHead != tail) {
            int off = cqes + (localCqHead & cqMask) * CQE_SIZE;
            long userData = cq.getLong(off);
            int res = cq.getInt(off + 8);
            int flags = cq.getInt(off + 12);
            localCqHead++;
            INT.setRelease(cq, cqHead, localCqHead);
            n++;
            sink.completed(userData, res, flags);
            if (localCqHead == tail) {
                tail = (int) INT.getAcquire(cq, cqTail);
            }
        }
        return n;
    }

    /** Unmaps the rings and closes the fd; only once every submitted entry has completed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sqeMap.unmap();
        if (cqMap != sqMap) {
            cqMap.unmap();
        }
        sqMap.unmap();
        LibC.close(fd);
        waitArg.close();
    }

    /** Takes one completion. */
    @FunctionalInterface
    public interface CqeSink {
        /**
         * @param userData the submission's user data
         * @param res its result: a count or a negative errno
         * @param flags IORING_CQE_F_*
         */
        void completed(long userData, int res, int flags);
    }

    /** One mmap of the ring's fd; unmapped once. */
    private static final class Mapping {
        private final long addr;
        private final long size;

        private Mapping(long addr, long size) {
            this.addr = addr;
            this.size = size;
        }

        static Mapping map(int fd, long size, long offset) throws IOException {
            long a = LibC.mmap(0, size, LibC.PROT_READ_WRITE, LibC.MAP_SHARED_POPULATE, fd, offset);
            if (a == -1L) {
                throw new IOException("mmap of the io_uring ring failed: " + Errno.describe(LibC.errno()));
            }
            return new Mapping(a, size);
        }

        ByteBuffer buffer() {
            return new Pointer(addr).getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        }

        void unmap() {
            LibC.munmap(addr, size);
        }
    }
}
