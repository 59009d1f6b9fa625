package io.overlap.winsock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of a handle's socket. The socket is closed only when the handle is closed
 * <em>and</em> no operation started on it is still with the kernel: closing first cancels
 * those operations ({@code CancelIoEx}), and the last one to come back closes the socket. So a
 * socket value is never reused by Windows while an operation, a cancel or
 * {@code WSAGetOverlappedResult} may still name it.
 *
 * <p>Every method holds this object's lock, which also orders starting an operation against
 * closing: an operation is started only on an open handle, and counted before anyone can see
 * the close.
 */
final class SocketRef {
    /** {@link #startRecv}'s answer when the receive waits behind a pooled receive. */
    static final int PARKED = -4;

    private final Winsock ws;
    private final long socket;
    private final Waiter home;
    private int started; // operations started on the socket and not yet back from the kernel
    private int sendsOutstanding; // sends submitted and not completed (for shutdownOutput)
    private boolean closed;
    private boolean released;
    /** Proactor close: keep the socket open until every operation of every handle is back. */
    private boolean releaseDeferred;
    private boolean shutdownRequested;
    private boolean shutdownDone;
    /** A pooled receive waits for data: later receives must wait too, or they would take it. */
    private boolean recvGate;
    private final ArrayDeque<Slot> parked = new ArrayDeque<>();

    SocketRef(Winsock ws, long socket, Waiter home) {
        this.ws = ws;
        this.socket = socket;
        this.home = home;
    }

    long socket() {
        return socket;
    }

    /** @return the I/O thread that starts this handle's operations, in submission order */
    Waiter home() {
        return home;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Runs an operation's start under the lock. */
    @FunctionalInterface
    interface Starter {
        /** @return 0 if the operation was started, else its error */
        int start();
    }

    /**
     * @param starter starts the operation on {@link #socket()}
     * @return 0 if started, the starter's error, or -1 if the handle is closed (nothing started)
     */
    synchronized int start(Starter starter) {
        if (closed) {
            return -1;
        }
        int err = starter.start();
        if (err == 0) {
            started++;
        }
        return err;
    }

    /**
     * Starts a receive unless a pooled receive before it still waits for data; then it is
     * parked, to be started in order when that one has taken its data.
     *
     * @param s the receive
     * @param starter starts it
     * @param holdsGate true for a pooled receive's wait: later receives park until {@link #openGate}
     * @return 0, the starter's error, -1 if closed, or {@link #PARKED}
     */
    synchronized int startRecv(Slot s, Starter starter, boolean holdsGate) {
        if (closed) {
            return -1;
        }
        if (recvGate) {
            parked.add(s);
            return PARKED;
        }
        int err = starter.start();
        if (err == 0) {
            started++;
            recvGate = holdsGate;
        }
        return err;
    }

    /** @return the parked receives, in order, to start now that the pooled receive read its data */
    synchronized List<Slot> openGate() {
        recvGate = false;
        List<Slot> out = new ArrayList<>(parked);
        parked.clear();
        return out;
    }

    /** @return true if {@code s} was parked and now is not: the caller completes it */
    synchronized boolean unpark(Slot s) {
        return parked.remove(s);
    }

    /** An operation started on the socket is back from the kernel. */
    synchronized void ended() {
        started--;
        if (closed && started == 0 && !releaseDeferred) {
            release();
        }
    }

    /**
     * Closes: cancels what is pending, and closes the socket now or when the last op is back.
     *
     * @param deferRelease true at proactor close: cancel now, but leave the socket open until
     *     {@link #forceClose}, so that no peer on the same proactor sees this end close while its
     *     own operations are still being cancelled
     * @return the parked receives, which never started: the caller completes them
     */
    synchronized List<Slot> close(boolean deferRelease) {
        List<Slot> out = new ArrayList<>(parked);
        parked.clear();
        releaseDeferred |= deferRelease;
        if (closed) {
            return out;
        }
        closed = true;
        if (started > 0) {
            ws.cancel(socket, null);
        } else if (!releaseDeferred) {
            release();
        }
        return out;
    }

    /** Closes the socket even though operations are pending (a last resort at proactor close). */
    synchronized void forceClose() {
        closed = true;
        release();
    }

    /** @return true once this side's output was shut down */
    synchronized boolean isOutputShutdown() {
        return shutdownDone;
    }

    synchronized void sendSubmitted() {
        sendsOutstanding++;
    }

    synchronized void sendCompleted() {
        sendsOutstanding--;
        maybeShutdown();
    }

    /** Shuts the output down once the sends submitted so far are done. */
    synchronized void requestShutdown() {
        shutdownRequested = true;
        maybeShutdown();
    }

    private void maybeShutdown() {
        if (shutdownRequested && !shutdownDone && sendsOutstanding == 0 && !closed) {
            shutdownDone = true;
            int err = ws.shutdownOutput(socket);
            if (err != 0) {
                System.getLogger(SocketRef.class.getName()).log(System.Logger.Level.DEBUG,
                        "shutdown(SD_SEND) failed: {0}", WinError.name(err));
            }
        }
    }

    private void release() {
        if (!released) {
            released = true;
            ws.closeSocket(socket);
        }
    }
}
