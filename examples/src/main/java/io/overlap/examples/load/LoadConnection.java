package io.overlap.examples.load;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.examples.cli.Fmt;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One connection of the load client: keeps {@code depth} messages in flight, checks every
 * echoed byte against its own stream, and times each message from its send to the arrival of
 * its last echoed byte.
 *
 * <p>Its completions may arrive on different I/O threads at once (a send and a receive), so its
 * state is guarded by its monitor; the lock is only ever contended by its own two operations.
 * State changes happen before a submission, so a backend that completed inline would still see
 * a consistent state.
 */
final class LoadConnection {
    private enum State { NEW, CONNECTING, UP, ENDED }

    private final LoadRun run;
    private final int index;
    private final long streamStart;
    private final int size;
    private final int depth;

    private State state = State.NEW;
    private Connection connection;
    private ByteBuffer view;
    private ByteBuffer recvBuffer;
    private ByteBuffer[] recvArray;
    private ArrayDeque<ByteBuffer[]> idleSends;
    /** Send time of message m at m % depth; at most depth messages are in flight. */
    private long[] issuedAt;
    private long messagesIssued;
    private long messagesDone;
    private long bytesIssued;
    private long bytesVerified;
    private long lastProgressNanos;

    LoadConnection(LoadRun run, int index) {
        this.run = run;
        this.index = index;
        this.streamStart = Pattern.startOf(index);
        this.size = run.options().size();
        this.depth = run.options().depth();
    }

    synchronized void connect() {
        state = State.CONNECTING;
        run.proactor().submitConnect(run.options().target(), this, run.options().connectTimeout());
    }

    synchronized void connectCompleted(Completion c) {
        if (state != State.CONNECTING) {
            return;
        }
        if (!c.isOk()) {
            end(ErrorKind.CONNECT, "connect: " + describe(c));
            return;
        }
        connection = c.connection();
        if (!run.isMeasuring()) {
            return; // too late to take part; closing the proactor closes it
        }
        state = State.UP;
        run.stats().connected();
        lastProgressNanos = System.nanoTime();
        view = run.pattern().newView();
        recvBuffer = ByteBuffer.allocateDirect(run.options().recvSize());
        recvArray = new ByteBuffer[] {recvBuffer};
        idleSends = new ArrayDeque<>(depth);
        for (int i = 0; i < depth; i++) {
            idleSends.add(new ByteBuffer[] {ByteBuffer.allocateDirect(size)});
        }
        issuedAt = new long[depth];
        receive();
        issueMessages();
    }

    /** The one place where a receive is submitted. */
    private void receive() {
        run.proactor().submitRecv(connection, recvArray, this);
    }

    private void issueMessages() {
        while (state == State.UP && run.isMeasuring() && messagesIssued - messagesDone < depth && !idleSends.isEmpty()) {
            ByteBuffer[] send = idleSends.poll();
            ByteBuffer b = send[0];
            b.clear();
            run.pattern().fill(b, streamStart, bytesIssued, size, view);
            b.flip();
            issuedAt[(int) (messagesIssued % depth)] = System.nanoTime();
            messagesIssued++;
            bytesIssued += size;
            run.proactor().submitSend(connection, send, this);
        }
    }

    synchronized void sent(Completion c) {
        if (state != State.UP || !run.isMeasuring()) {
            return;
        }
        if (!c.isOk()) {
            end(kindOf(c.status()), "send: " + describe(c));
            return;
        }
        idleSends.add(c.buffers());
        issueMessages();
    }

    synchronized void received(Completion c) {
        if (state != State.UP || !run.isMeasuring()) {
            return; // after the run, the closing proactor cancels what is pending: not an error
        }
        if (!c.isOk()) {
            end(kindOf(c.status()), "receive: " + describe(c) + " after " + Fmt.count(bytesVerified)
                    + " of " + Fmt.count(bytesIssued) + " bytes came back");
            return;
        }
        int n = (int) c.bytesTransferred();
        recvBuffer.flip();
        // check what can have been sent first: a doubled byte is then reported where it is,
        // not as the one byte too many it also causes
        int checkable = (int) Math.min(n, bytesIssued - bytesVerified);
        recvBuffer.limit(checkable);
        int bad = run.pattern().mismatch(recvBuffer, streamStart, bytesVerified, view);
        recvBuffer.limit(n);
        if (bad >= 0) {
            long at = bytesVerified + bad;
            end(ErrorKind.MISMATCH, String.format(Locale.ROOT, "byte %s of the stream is 0x%02x, expected 0x%02x",
                    Fmt.count(at), recvBuffer.get(bad) & 0xff, run.pattern().expected(streamStart, at) & 0xff));
            return;
        }
        if (checkable < n) {
            end(ErrorKind.EXTRA, String.format(Locale.ROOT, "%s bytes came back beyond the %s sent",
                    Fmt.count(n - checkable), Fmt.count(bytesIssued)));
            return;
        }
        bytesVerified += n;
        recvBuffer.clear();
        long now = System.nanoTime();
        lastProgressNanos = now;
        long done = bytesVerified / size;
        for (long m = messagesDone; m < done; m++) {
            run.latencies().record((now - issuedAt[(int) (m % depth)]) / 1000);
        }
        run.stats().echoed(done - messagesDone, n);
        messagesDone = done;
        receive();
        issueMessages();
    }

    /** Called when a submission for this connection threw. */
    synchronized void failed(RuntimeException e) {
        if (state == State.CONNECTING || state == State.UP) {
            end(state == State.CONNECTING ? ErrorKind.CONNECT : ErrorKind.IO, "submission refused: " + e);
        }
    }

    /**
     * At the end of the run: a connection that never came up, or that had messages out and
     * heard nothing for {@code stallNanos}, is an error.
     */
    synchronized void checkAtEnd(long now, long stallNanos) {
        switch (state) {
            case NEW, CONNECTING -> end(ErrorKind.CONNECT, "not connected when the run ended");
            case UP -> {
                if (messagesIssued > messagesDone && now - lastProgressNanos > stallNanos) {
                    run.stats().error(ErrorKind.STALLED, label() + "nothing came back for "
                            + Fmt.micros((now - lastProgressNanos) / 1000) + " with "
                            + Fmt.count(bytesIssued - bytesVerified) + " bytes outstanding");
                }
            }
            default -> {
            }
        }
    }

    private void end(ErrorKind kind, String detail) {
        boolean wasUp = state == State.UP;
        state = State.ENDED;
        run.stats().error(kind, label() + detail);
        if (wasUp) {
            run.stats().down();
        }
        if (connection != null && run.isMeasuring()) {
            run.proactor().close(connection); // its other operation completes CANCELLED and is ignored
        }
        run.connectionEnded();
    }

    private String label() {
        return "conn " + index + ": ";
    }

    private static ErrorKind kindOf(CompletionStatus s) {
        return switch (s) {
            case END_OF_STREAM -> ErrorKind.CLOSED;
            case CONNECTION_RESET -> ErrorKind.RESET;
            default -> ErrorKind.IO;
        };
    }

    private static String describe(Completion c) {
        StringBuilder sb = new StringBuilder(c.status().toString());
        if (c.message() != null) {
            sb.append(" (").append(c.message()).append(')');
        }
        if (c.nativeError() != 0) {
            sb.append(" [native error ").append(c.nativeError()).append(']');
        }
        return sb.toString();
    }
}
