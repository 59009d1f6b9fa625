package io.overlap.examples.echo;

import io.overlap.BufferLease;
import io.overlap.Connection;
import java.nio.ByteBuffer;

/**
 * One echo connection. It has one operation in flight at a time (a receive, then the send of
 * what it received), and is the attachment of both, so its fields need no lock even when its
 * completions arrive on different I/O threads: each completion hands the session over to the
 * thread that handles it.
 *
 * <p>Kept small on purpose, since an idle pooled connection is this object and nothing else of
 * the server's: with pooled receives it holds a lease only between a receive and the end of its
 * echo.
 */
final class EchoSession {
    final Connection connection;
    /** {@link RecvMode#CALLER} only: the connection's own buffer, as the array submissions take. */
    final ByteBuffer[] buffers;
    /** {@link RecvMode#POOLED} only: the buffer being echoed, from its receive until its send completes. */
    BufferLease lease;

    /** A pooled session: it owns no buffer. */
    EchoSession(Connection connection) {
        this.connection = connection;
        this.buffers = null;
    }

    /** A session that receives into its own buffer. */
    EchoSession(Connection connection, ByteBuffer buffer) {
        this.connection = connection;
        this.buffers = new ByteBuffer[] {buffer};
    }

    boolean pooled() {
        return buffers == null;
    }

    @Override
    public String toString() {
        return "EchoSession[" + connection + (lease != null ? ", echoing a leased buffer" : "") + "]";
    }
}
