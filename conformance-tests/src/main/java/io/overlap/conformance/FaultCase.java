package io.overlap.conformance;

import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cell of the fault matrix: which operation meets the fault, at which point, what is
 * thrown there, and in which delivery mode. {@link #matrix} lists the cells a backend runs;
 * every backend runs the same number of them.
 *
 * @param op the operation the fault hits
 * @param point where the backend asks its injector
 * @param kind what the injector throws
 * @param handlerMode handler mode if true, else queue mode
 */
public record FaultCase(Op op, FaultPoint point, Kind kind, boolean handlerMode) {
    /** Every injected message starts with this, so a completion's message shows it was the injected one. */
    public static final String INJECTED = "injected: ";

    /** The operations of the matrix. */
    public enum Op {
        /** An accept on a listener. */
        ACCEPT,
        /** A connect to a blocking server socket. */
        CONNECT,
        /** A receive into the caller's buffer. */
        RECV,
        /** A receive into a buffer leased from the proactor's pool. */
        POOLED_RECV,
        /** A send. */
        SEND
    }

    /** What the injector throws, and what the contract says follows. */
    public enum Kind {
        /** An {@code IOException}: the call failed as it can natively; the op completes with its status. */
        IOEXCEPTION,
        /** A {@code RuntimeException}, as a bug would throw: that op alone fails, with the message. */
        RUNTIME_EXCEPTION,
        /** An {@code Error}: it may kill the I/O thread, which then fails everything it owned. */
        ERROR
    }

    /**
     * @param backend the backend's name ({@code Proactor.backendName()})
     * @return the cells that backend runs: the same number on every backend, each meaningful there
     */
    public static List<FaultCase> matrix(String backend) {
        List<FaultCase> m = new ArrayList<>();
        // each operation's own call, with each kind of fault, in both modes across the rows
        m.add(queue(Op.ACCEPT, FaultPoint.ACCEPT, Kind.IOEXCEPTION));
        m.add(handler(Op.ACCEPT, FaultPoint.ACCEPT, Kind.RUNTIME_EXCEPTION));
        m.add(queue(Op.ACCEPT, FaultPoint.ACCEPT, Kind.ERROR));
        m.add(handler(Op.CONNECT, FaultPoint.CONNECT, Kind.IOEXCEPTION));
        m.add(queue(Op.CONNECT, FaultPoint.CONNECT, Kind.RUNTIME_EXCEPTION));
        m.add(handler(Op.CONNECT, FaultPoint.CONNECT, Kind.ERROR));
        m.add(queue(Op.RECV, FaultPoint.READ, Kind.IOEXCEPTION));
        m.add(handler(Op.RECV, FaultPoint.READ, Kind.RUNTIME_EXCEPTION));
        m.add(queue(Op.RECV, FaultPoint.READ, Kind.ERROR));
        m.add(handler(Op.RECV, FaultPoint.READ, Kind.ERROR));
        m.add(handler(Op.POOLED_RECV, FaultPoint.READ, Kind.IOEXCEPTION));
        m.add(queue(Op.POOLED_RECV, FaultPoint.ALLOCATE, Kind.RUNTIME_EXCEPTION));
        m.add(handler(Op.POOLED_RECV, FaultPoint.ALLOCATE, Kind.ERROR));
        m.add(queue(Op.SEND, FaultPoint.WRITE, Kind.IOEXCEPTION));
        m.add(handler(Op.SEND, FaultPoint.WRITE, Kind.RUNTIME_EXCEPTION));
        m.add(queue(Op.SEND, FaultPoint.WRITE, Kind.ERROR));
        // making the socket known to the I/O thread
        m.add(queue(Op.RECV, FaultPoint.REGISTER, Kind.IOEXCEPTION));
        m.add(handler(Op.ACCEPT, FaultPoint.REGISTER, Kind.RUNTIME_EXCEPTION));
        m.add(queue(Op.CONNECT, FaultPoint.REGISTER, Kind.IOEXCEPTION));
        // the I/O thread's own wait, with receives pending on its connections
        m.add(handler(Op.RECV, FaultPoint.WAIT, Kind.IOEXCEPTION));
        m.add(queue(Op.RECV, FaultPoint.WAIT, Kind.ERROR));
        if (backend.startsWith("winsock") && winsockStartsWaitersForReceives()) {
            // winsock's event model (also over its Linux emulation, winsock-emulated) starts
            // waiters while it runs, one per 63 pending operations; nio makes its loops at open,
            // and so do winsock's routine model (receives need no waiter) and iocp model (its
            // port threads are a fixed set): they have no such call
            m.add(queue(Op.RECV, FaultPoint.THREAD_START, Kind.ERROR));
        } else {
            m.add(handler(Op.RECV, FaultPoint.WAIT, Kind.RUNTIME_EXCEPTION));
        }
        return m;
    }

    /** @return true if {@code io.overlap.winsock.notify} names {@code event} (unset: the backend's default, iocp) */
    private static boolean winsockStartsWaitersForReceives() {
        return System.getProperty("io.overlap.winsock.notify", "iocp").strip().equalsIgnoreCase("event");
    }

    private static FaultCase queue(Op op, FaultPoint point, Kind kind) {
        return new FaultCase(op, point, kind, false);
    }

    private static FaultCase handler(Op op, FaultPoint point, Kind kind) {
        return new FaultCase(op, point, kind, true);
    }

    /**
     * @return true if the fault may end an I/O thread: an {@code Error}, or any fault in a
     *     thread's own wait or start (no single operation is there to fail instead)
     */
    public boolean mayKillThread() {
        return kind == Kind.ERROR || point == FaultPoint.WAIT || point == FaultPoint.THREAD_START;
    }

    /**
     * @return the I/O threads the case runs with: two where a thread may die, so that the
     *     other one's handles show the proactor keeps working; one otherwise, so that every
     *     other handle shares the faulted thread and shows it survived. Starting a waiter needs
     *     one thread's wait set to overflow, so that case runs one thread.
     */
    public int ioThreads() {
        return mayKillThread() && point != FaultPoint.THREAD_START ? 2 : 1;
    }

    /** @return the message the injected throwable carries */
    public String message() {
        String what;
        if (kind == Kind.IOEXCEPTION && point == FaultPoint.ACCEPT) {
            what = "Too many open files";
        } else if (kind == Kind.ERROR && point == FaultPoint.ALLOCATE) {
            what = "Direct buffer memory";
        } else if (kind == Kind.ERROR && point == FaultPoint.THREAD_START) {
            what = "unable to create native thread: possibly out of memory or process/resource limits reached";
        } else {
            what = kind.name().toLowerCase(Locale.ROOT) + " at " + point;
        }
        return INJECTED + what;
    }

    /** @return a fresh throwable of this case's kind, as the backend's call would throw it */
    public Throwable newFault() {
        String m = message();
        return switch (kind) {
            case IOEXCEPTION -> point == FaultPoint.READ || point == FaultPoint.WRITE ? new SocketException(m)
                    : new IOException(m);
            case RUNTIME_EXCEPTION -> new IllegalStateException(m);
            case ERROR -> point == FaultPoint.ALLOCATE || point == FaultPoint.THREAD_START || point == FaultPoint.READ
                    ? new OutOfMemoryError(m) : new InternalError(m);
        };
    }

    /** @return the case's name as the suite reports it, e.g. {@code fault_recv_read_ioexception_queue_mode} */
    @Override
    public String toString() {
        return ("fault_" + op + "_" + point + "_" + kind + "_" + (handlerMode ? "handler" : "queue") + "_mode")
                .toLowerCase(Locale.ROOT);
    }
}
