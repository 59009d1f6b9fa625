package io.overlap.winsock;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one owner of a handle's socket. The socket is closed only when the handle is closed
 * <em>and</em> no operation started on it is still with the kernel: closing first cancels
 * those operations ({@code CancelIoEx}), and the last one to come back closes the socket. So a
 * socket value is never reused by Windows while an operation, a cancel or
 * {@code WSAGetOverlappedResult} may still name it.
 *
 * <p>It also keeps each direction in submission order when one operation needs more than one
 * kernel call: a pooled receive (its zero-byte wait, then its read) and a heap send staged in
 * parts. While such an operation holds its {@link Lane}, later operations of that direction
 * are parked, and the home thread starts them in order once it lets go.
 *
 * <p>Every method holds this object's lock, which also orders starting an operation against
 * closing: an operation is started only on an open handle, and counted before anyone can see
 * the close.
 */
final class SocketRef {
    /** {@link #start}'s answer when the operation waits behind the one holding its lane. */
    static final int PARKED = -4;
    /** {@link #start}'s answer when the handle is closed: nothing was started. */
    static final int CLOSED = -1;

    /** One direction's order: the operation between kernel calls, and those parked behind it. */
    static final class Lane {
        private Slot holder;
        private final ArrayDeque<Slot> parked = new ArrayDeque<>();

        /** @return true if {@code s} may start now; else it is parked behind the others */
        private boolean admit(Slot s) {
            if (s == holder) {
                return true; // its own next step
            }
            if (s.admitted) { // taken from the head of the parked ones by the home thread
                s.admitted = false;
                return true;
            }
            if (holder == null && parked.isEmpty()) {
                return true;
            }
            parked.add(s);
            return false;
        }
    }

    private final Winsock ws;
    private final long socket;
    private final IoThread home;
    private final Lane recvLane = new Lane();
    private final Lane sendLane = new Lane();
    private int started; // kernel calls made on the socket and not yet back
    private int sendsOutstanding; // sends submitted and not completed (for shutdownOutput)
    private boolean closed;
    private boolean released;
    /** Proactor close: keep the socket open until every operation of every handle is back. */
    private boolean releaseDeferred;
    private boolean shutdownRequested;
    private boolean shutdownDone;
    private volatile boolean reset;
    /** Why the handle failed (its home thread died); null while it has not. */
    private volatile String failure;
    /** {@code SO_REUSEADDR} as the API means it; emulated (see {@link WinsockOptions}). */
    private boolean reuseAddress;

    SocketRef(Winsock ws, long socket, IoThread home) {
        this.ws = ws;
        this.socket = socket;
        this.home = home;
    }

    long socket() {
        return socket;
    }

    /** @return the I/O thread that starts this handle's operations, in submission order */
    IoThread home() {
        return home;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** @return the receive direction's lane */
    Lane recvLane() {
        return recvLane;
    }

    /** @return the send direction's lane */
    Lane sendLane() {
        return sendLane;
    }

    /** A call on the socket while its handle is open. */
    @FunctionalInterface
    interface SocketCall<T> {
        T call(Winsock ws, long socket) throws IOException;
    }

    /**
     * Runs a call on the socket (setting or reading an option) unless the handle is closed:
     * the lock keeps a racing close from releasing the socket, whose number Windows could
     * otherwise give to another one meanwhile.
     *
     * @param call the call
     * @param ifClosed the exception to throw when the handle is closed
     * @return what the call returned
     * @throws IOException if the call failed
     */
    synchronized <T> T ifOpen(SocketCall<T> call, Supplier<? extends RuntimeException> ifClosed) throws IOException {
        if (closed || failure != null) {
            throw ifClosed.get();
        }
        return call.call(ws, socket);
    }

    synchronized boolean reuseAddress() {
        return reuseAddress;
    }

    synchronized void reuseAddress(boolean on) {
        reuseAddress = on;
    }

    /** Runs an operation's start under the lock. */
    @FunctionalInterface
    interface Starter {
        /** @return 0 if the operation was started, else its error */
        int start();
    }

    /**
     * Starts a kernel call for {@code s}, counted until {@link #ended}; in its lane's order when
     * a lane is given.
     *
     * @param s the operation
     * @param lane its direction, or null when its order does not matter (accept)
     * @param starter makes the call on {@link #socket()}
     * @return 0 or {@link Winsock#DONE_AT_ONCE} if started, the starter's error, {@link #CLOSED} or {@link #PARKED}
     */
    synchronized int start(Slot s, Lane lane, Starter starter) {
        if (closed) {
            return CLOSED;
        }
        if (lane != null && !lane.admit(s)) {
            return PARKED;
        }
        int err = starter.start();
        if (Winsock.isStarted(err)) {
            started++;
            s.counted = true;
        }
        return err;
    }

    /** Called by a starter (lock held): {@code s} must make its next call before its lane moves on. */
    void hold(Lane lane, Slot s) {
        lane.holder = s;
    }

    /**
     * Lets go of a lane {@code s} held (lock held by the starter, or taken here).
     *
     * @return true if parked operations can now start: the home thread should {@link #nextParked} them
     */
    synchronized boolean letGo(Slot s) {
        boolean any = false;
        for (Lane lane : new Lane[] {recvLane, sendLane}) {
            if (lane.holder == s) {
                lane.holder = null;
                any |= !lane.parked.isEmpty();
            }
        }
        return any;
    }

    /** @return the next parked operation that may start now (marked admitted), or null */
    synchronized Slot nextParked() {
        for (Lane lane : new Lane[] {recvLane, sendLane}) {
            if (lane.holder == null && !lane.parked.isEmpty()) {
                Slot s = lane.parked.poll();
                s.admitted = true;
                return s;
            }
        }
        return null;
    }

    /** @return true if {@code s} was parked and now is not: the caller completes it */
    synchronized boolean unpark(Slot s) {
        return recvLane.parked.remove(s) || sendLane.parked.remove(s);
    }

    /** The kernel gave back a call {@link #start} counted for {@code s}; does nothing if none is. */
    synchronized void ended(Slot s) {
        if (!s.counted) {
            return;
        }
        s.counted = false;
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
     * @return the parked operations, which never started: the caller completes them
     */
    synchronized List<Slot> close(boolean deferRelease) {
        List<Slot> out = new ArrayList<>(recvLane.parked);
        out.addAll(sendLane.parked);
        recvLane.parked.clear();
        sendLane.parked.clear();
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

    /**
     * A reset was seen by one of this connection's operations: every other one started on it
     * is cancelled, to complete {@code CONNECTION_RESET}, and later ones fail the same way.
     * Without this, a send whose completion the kernel lost (Wine, when the reset lands during
     * the call) would hang while a receive already saw the reset.
     *
     * @return true the first time
     */
    synchronized boolean markReset() {
        if (reset) {
            return false;
        }
        reset = true;
        if (started > 0 && !closed) {
            ws.cancel(socket, null);
        }
        return true;
    }

    /** Marks the handle failed: what comes back aborted from now on completes FAILED with {@code why}. */
    void fail(String why) {
        failure = why;
    }

    /** @return why the handle failed, or null */
    String failure() {
        return failure;
    }

    /** @return true once an operation of this connection saw a reset */
    boolean isReset() {
        return reset;
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
