package io.overlap;

import static io.overlap.spi.Checks.checkArgument;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A bounded pool of buffers in size classes, for receives that take a buffer only when data
 * arrives ({@link Proactor#submitRecv(Connection)}): an idle connection then pins no memory.
 *
 * <p>Buffers are made on first demand, up to each class's bound, and reused after release;
 * the pool never grows past its bounds. When a class is exhausted, {@link #tryLease} returns
 * {@code null} and a pooled receive completes with {@link CompletionStatus#NO_BUFFER}:
 * backpressure, not unbounded growth. Safe for use by many threads.
 */
public final class BufferPool {
    private final SizeClass[] classes; // ascending by size
    private final int recvSize;
    private final boolean direct;
    private final IntFunction<ByteBuffer> allocator;

    private BufferPool(Builder b) {
        List<int[]> specs = new ArrayList<>(b.classes);
        specs.sort(Comparator.comparingInt(s -> s[0]));
        this.classes = new SizeClass[specs.size()];
        for (int i = 0; i < classes.length; i++) {
            classes[i] = new SizeClass(specs.get(i)[0], specs.get(i)[1]);
        }
        this.direct = b.direct;
        this.allocator = b.allocator != null ? b.allocator
                : b.direct ? ByteBuffer::allocateDirect : ByteBuffer::allocate;
        this.recvSize = b.recvSize > 0 ? b.recvSize : classes[classes.length - 1].size;
        checkArgument(recvSize <= classes[classes.length - 1].size,
                "recvSize %s is larger than the largest size class %s", recvSize, classes[classes.length - 1].size);
    }

    /** @return a builder; add at least one size class */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param bufferSize bytes per buffer
     * @param maxBuffers the most buffers the pool will ever hold
     * @return a pool with one size class of direct buffers
     */
    public static BufferPool of(int bufferSize, int maxBuffers) {
        return builder().sizeClass(bufferSize, maxBuffers).build();
    }

    /**
     * Leases a buffer of at least {@code minBytes}, from the smallest class that fits.
     *
     * @param minBytes the least capacity wanted, 1 to the largest class's size
     * @return the lease (buffer cleared: position 0, limit = capacity), or {@code null} if that
     *     class is exhausted
     */
    public BufferLease tryLease(int minBytes) {
        checkArgument(minBytes >= 1 && minBytes <= classes[classes.length - 1].size,
                "minBytes must be 1..%s (the largest size class), was %s", classes[classes.length - 1].size, minBytes);
        for (SizeClass c : classes) {
            if (c.size >= minBytes) {
                return c.lease();
            }
        }
        throw new AssertionError("unreachable: checked above");
    }

    /** @return how many bytes a pooled receive leases */
    public int recvSize() {
        return recvSize;
    }

    /** @return the most buffers the pool may hold, over all classes */
    public int capacity() {
        int n = 0;
        for (SizeClass c : classes) {
            n += c.max;
        }
        return n;
    }

    /** @return how many buffers are leased now */
    public int leased() {
        int n = 0;
        for (SizeClass c : classes) {
            n += c.leased.get();
        }
        return n;
    }

    /** @return how many more leases would succeed now, over all classes */
    public int available() {
        return capacity() - leased();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("BufferPool[");
        for (SizeClass c : classes) {
            s.append(c.size).append("B x ").append(c.max).append(" (").append(c.leased.get()).append(" leased) ");
        }
        return s.append(direct ? "direct" : "heap").append(", recvSize=").append(recvSize).append(']').toString();
    }

    /** One size of buffer: the free ones, and a count of those made. */
    private final class SizeClass {
        final int size;
        final int max;
        final ArrayBlockingQueue<ByteBuffer> free;
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger leased = new AtomicInteger();

        SizeClass(int size, int max) {
            this.size = size;
            this.max = max;
            this.free = new ArrayBlockingQueue<>(max);
        }

        BufferLease lease() {
            // counted up only below the bound, so leased() never reads more than the class holds,
            // not even for the moment a refused lease would take to count back down
            int n;
            do {
                n = leased.get();
                if (n >= max) {
                    return null;
                }
            } while (!leased.compareAndSet(n, n + 1));
            ByteBuffer b = free.poll();
            if (b == null) {
                // a leased count below max means a buffer is free or may still be made
                b = made.incrementAndGet() <= max ? allocateCounted() : takeFreed();
            }
            b.clear();
            return new Lease(this, b);
        }

        /** Makes a buffer; when that fails the counts go back, so the pool keeps its capacity and never waits for a buffer that was not made. */
        private ByteBuffer allocateCounted() {
            ByteBuffer b;
            try {
                b = allocator.apply(size);
                if (b == null || b.capacity() < size || b.isReadOnly()) {
                    throw new IllegalStateException("the pool's allocator returned " + b + " for " + size + " bytes");
                }
            } catch (RuntimeException | Error e) {
                made.decrementAndGet();
                leased.decrementAndGet();
                throw e;
            }
            return b;
        }

        private ByteBuffer takeFreed() {
            made.decrementAndGet();
            ByteBuffer b;
            while ((b = free.poll()) == null) {
                Thread.onSpinWait(); // a release has counted down but not yet queued its buffer
            }
            return b;
        }

        void giveBack(ByteBuffer b) {
            free.offer(b);
            leased.decrementAndGet();
        }
    }

    /** One lease; releasing it twice is a caller bug and fails loudly. */
    private static final class Lease implements BufferLease {
        private static final VarHandle BUFFER;

        static {
            try {
                BUFFER = MethodHandles.lookup().findVarHandle(Lease.class, "buffer", ByteBuffer.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final SizeClass owner;
        @SuppressWarnings("FieldMayBeFinal") // cleared through BUFFER
        private volatile ByteBuffer buffer;

        Lease(SizeClass owner, ByteBuffer buffer) {
            this.owner = owner;
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer buffer() {
            ByteBuffer b = buffer;
            if (b == null) {
                throw new IllegalStateException("this lease was released: its buffer belongs to the pool again");
            }
            return b;
        }

        @Override
        public void release() {
            ByteBuffer b = (ByteBuffer) BUFFER.getAndSet(this, (ByteBuffer) null);
            if (b == null) {
                throw new IllegalStateException("this lease was already released (double release)");
            }
            owner.giveBack(b);
        }

        @Override
        public boolean isReleased() {
            return buffer == null;
        }

        @Override
        public String toString() {
            ByteBuffer b = buffer;
            return b == null ? "BufferLease[released]" : "BufferLease[" + b + "]";
        }
    }

    /** Builds a {@link BufferPool}. */
    public static final class Builder {
        private final List<int[]> classes = new ArrayList<>();
        private boolean direct = true;
        private int recvSize;
        private IntFunction<ByteBuffer> allocator;

        private Builder() {
        }

        /**
         * Adds a size class.
         *
         * @param bufferSize bytes per buffer, 1 to 64 MiB, distinct from the other classes
         * @param maxBuffers the most buffers of this size, at least 1
         * @return this builder
         */
        public Builder sizeClass(int bufferSize, int maxBuffers) {
            checkArgument(bufferSize >= 1 && bufferSize <= 64 << 20, "bufferSize must be 1..64 MiB, was %s", bufferSize);
            checkArgument(maxBuffers >= 1, "maxBuffers must be at least 1, was %s", maxBuffers);
            for (int[] c : classes) {
                checkArgument(c[0] != bufferSize, "size class %s given twice", bufferSize);
            }
            classes.add(new int[] {bufferSize, maxBuffers});
            return this;
        }

        /**
         * @param on direct buffers (the default: no copy on any backend) or heap buffers
         * @return this builder
         */
        public Builder direct(boolean on) {
            this.direct = on;
            return this;
        }

        /**
         * @param bytes how much a pooled receive leases (default: the largest class)
         * @return this builder
         */
        public Builder recvSize(int bytes) {
            checkArgument(bytes >= 1, "recvSize must be positive, was %s", bytes);
            this.recvSize = bytes;
            return this;
        }

        /**
         * Makes the pool's buffers with {@code allocator} instead of
         * {@link ByteBuffer#allocateDirect} / {@link ByteBuffer#allocate} (e.g. for memory of
         * your own, or to count allocations). It is called with a class's size and must return
         * a writable buffer of at least that capacity; if it throws, the lease fails with that
         * exception and the pool is as before.
         *
         * @param allocator the allocator, or {@code null} for the default of {@link #direct}
         * @return this builder
         */
        public Builder allocator(IntFunction<ByteBuffer> allocator) {
            this.allocator = allocator;
            return this;
        }

        /** @return the pool */
        public BufferPool build() {
            checkArgument(!classes.isEmpty(), "a buffer pool needs at least one size class");
            return new BufferPool(this);
        }
    }
}
