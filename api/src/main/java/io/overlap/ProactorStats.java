package io.overlap;

import java.util.List;

/**
 * What a proactor has done since it opened: a snapshot taken by {@link Proactor#stats()},
 * immutable once made.
 *
 * <p>The counting is always on and costs no lock: each I/O thread counts what it completes in
 * counters of its own (completions made on other threads go to striped counters), and a
 * submission costs nothing, since what was submitted is what completed plus what is in flight.
 * Each counter is exact, but a snapshot reads them one after another, so while operations are
 * running it may see one that is just completing both in flight and completed. Once nothing is
 * in flight and every completion has been taken, the snapshot adds up exactly:
 * {@code submitted() == completed()}, and {@code completed(kind)} is the sum of
 * {@code completed(kind, status)} over the statuses.
 *
 * <p>A submission counts once it returns an id (a refused submission, which throws, never
 * counts); a completion counts when it is made, before it reaches the queue or the handler, so
 * a completion the caller holds is already counted. Taking a snapshot reads the in-flight table,
 * so its cost grows with {@link ProactorConfig#maxInFlight()}: it is for a monitor's period, not
 * for every operation.
 */
public final class ProactorStats {
    private static final OpKind[] KINDS = OpKind.values();
    private static final CompletionStatus[] STATUSES = CompletionStatus.values();

    private final String backend;
    private final long[] submitted;
    private final long[] completed;
    private final int inFlight;
    private final long bytesReceived;
    private final long bytesSent;
    private final long leases;
    private final int poolLeased;
    private final List<IoThread> ioThreads;
    private final long completedElsewhere;

    private ProactorStats(Builder b) {
        this.backend = b.backend;
        this.submitted = b.submitted.clone();
        this.completed = b.completed.clone();
        this.inFlight = b.inFlight;
        this.bytesReceived = b.bytesReceived;
        this.bytesSent = b.bytesSent;
        this.leases = b.leases;
        this.poolLeased = b.poolLeased;
        this.ioThreads = List.copyOf(b.ioThreads);
        this.completedElsewhere = b.completedElsewhere;
    }

    /**
     * Starts a snapshot: the core ({@code io.overlap.spi}) makes them, and so may a test of code
     * that reads them.
     *
     * @param backend the backend's name
     * @return a builder with every count at 0
     */
    public static Builder builder(String backend) {
        return new Builder(backend);
    }

    /** @return the name of the backend that ran the proactor */
    public String backend() {
        return backend;
    }

    /** @return operations submitted, every kind: those completed and those in flight */
    public long submitted() {
        long n = 0;
        for (long s : submitted) {
            n += s;
        }
        return n;
    }

    /**
     * @param kind an operation kind
     * @return operations of that kind submitted
     */
    public long submitted(OpKind kind) {
        return submitted[kind.ordinal()];
    }

    /** @return operations completed, every kind and status */
    public long completed() {
        long n = 0;
        for (long c : completed) {
            n += c;
        }
        return n;
    }

    /**
     * @param kind an operation kind
     * @return operations of that kind completed, whatever their status
     */
    public long completed(OpKind kind) {
        long n = 0;
        for (CompletionStatus s : STATUSES) {
            n += completed(kind, s);
        }
        return n;
    }

    /**
     * @param status a status
     * @return operations completed with that status, whatever their kind
     */
    public long completed(CompletionStatus status) {
        long n = 0;
        for (OpKind k : KINDS) {
            n += completed(k, status);
        }
        return n;
    }

    /**
     * @param kind an operation kind
     * @param status a status
     * @return operations of that kind completed with that status
     */
    public long completed(OpKind kind, CompletionStatus status) {
        return completed[index(kind, status)];
    }

    /** @return operations in flight when the snapshot was taken */
    public int inFlight() {
        return inFlight;
    }

    /** @return bytes received: the sum of {@link Completion#bytesTransferred()} over completed receives */
    public long bytesReceived() {
        return bytesReceived;
    }

    /**
     * @return bytes sent: the sum of {@link Completion#bytesTransferred()} over completed sends,
     *     the partial counts of failed sends included
     */
    public long bytesSent() {
        return bytesSent;
    }

    /** @return buffer leases handed over by pooled receives ({@link Completion#lease()}) */
    public long leases() {
        return leases;
    }

    /**
     * @return buffers leased now from the proactor's own pool ({@link Proactor#bufferPool()}),
     *     by its pooled receives and by anyone else who leases from it; 0 if it made none yet
     */
    public int poolLeased() {
        return poolLeased;
    }

    /** @return the backend's I/O threads that are running, each with what it did */
    public List<IoThread> ioThreads() {
        return ioThreads;
    }

    /**
     * @return completions made off the running I/O threads: on a submitting or closing thread
     *     (e.g. a submission on a closed handle), or on an I/O thread that has ended since. With
     *     the I/O threads' counts they add up to {@link #completed()}.
     */
    public long completedElsewhere() {
        return completedElsewhere;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ProactorStats[").append(backend)
                .append(", submitted=").append(submitted())
                .append(", completed=").append(completed())
                .append(", inFlight=").append(inFlight)
                .append(", bytesReceived=").append(bytesReceived)
                .append(", bytesSent=").append(bytesSent)
                .append(", leases=").append(leases)
                .append(", poolLeased=").append(poolLeased);
        for (OpKind k : KINDS) {
            s.append(", ").append(k).append('{');
            boolean first = true;
            for (CompletionStatus st : STATUSES) {
                long n = completed(k, st);
                if (n != 0) {
                    s.append(first ? "" : " ").append(st).append('=').append(n);
                    first = false;
                }
            }
            s.append('}');
        }
        return s.append(", ioThreads=").append(ioThreads).append(", elsewhere=").append(completedElsewhere)
                .append(']').toString();
    }

    /**
     * @param kind an operation kind
     * @param status a status
     * @return the position of that pair's count in {@link Builder#completed(int, long)}
     */
    public static int index(OpKind kind, CompletionStatus status) {
        return kind.ordinal() * STATUSES.length + status.ordinal();
    }

    /** @return how many (kind, status) pairs there are */
    public static int pairs() {
        return KINDS.length * STATUSES.length;
    }

    /** What one I/O thread did. */
    public static final class IoThread {
        private final String name;
        private final long turns;
        private final long completed;

        /**
         * @param name the thread's name
         * @param turns loop turns it began (each wait for I/O and the work after it)
         * @param completed operations it completed
         */
        public IoThread(String name, long turns, long completed) {
            this.name = name;
            this.turns = turns;
            this.completed = completed;
        }

        /** @return the thread's name, e.g. {@code overlap-nio-loop-0} */
        public String name() {
            return name;
        }

        /** @return loop turns it began */
        public long turns() {
            return turns;
        }

        /** @return operations it completed */
        public long completed() {
            return completed;
        }

        @Override
        public String toString() {
            return name + "{turns=" + turns + ", completed=" + completed + "}";
        }
    }

    /** Assembles a snapshot: counts are added, so several sources may add to one. */
    public static final class Builder {
        private final String backend;
        private final long[] submitted = new long[KINDS.length];
        private final long[] completed = new long[pairs()];
        private int inFlight;
        private long bytesReceived;
        private long bytesSent;
        private long leases;
        private int poolLeased;
        private final java.util.ArrayList<IoThread> ioThreads = new java.util.ArrayList<>();
        private long completedElsewhere;

        private Builder(String backend) {
            this.backend = backend;
        }

        /**
         * @param kind an operation kind
         * @param n operations of that kind submitted
         * @return this builder
         */
        public Builder submitted(OpKind kind, long n) {
            submitted[kind.ordinal()] += n;
            return this;
        }

        /**
         * @param index a (kind, status) pair's {@link ProactorStats#index}
         * @param n operations completed so
         * @return this builder
         */
        public Builder completed(int index, long n) {
            completed[index] += n;
            return this;
        }

        /**
         * @param n operations in flight
         * @return this builder
         */
        public Builder inFlight(int n) {
            inFlight = n;
            return this;
        }

        /**
         * @param received bytes received, added
         * @param sent bytes sent, added
         * @return this builder
         */
        public Builder bytes(long received, long sent) {
            bytesReceived += received;
            bytesSent += sent;
            return this;
        }

        /**
         * @param handedOver leases handed over, added
         * @param leasedNow buffers leased now from the proactor's pool
         * @return this builder
         */
        public Builder leases(long handedOver, int leasedNow) {
            leases += handedOver;
            poolLeased = leasedNow;
            return this;
        }

        /**
         * @param t a running I/O thread's counts
         * @return this builder
         */
        public Builder ioThread(IoThread t) {
            ioThreads.add(t);
            return this;
        }

        /**
         * @param n completions made off the running I/O threads, added
         * @return this builder
         */
        public Builder completedElsewhere(long n) {
            completedElsewhere += n;
            return this;
        }

        /** @return the snapshot */
        public ProactorStats build() {
            return new ProactorStats(this);
        }
    }
}
