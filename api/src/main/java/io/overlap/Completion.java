package io.overlap;

import java.nio.ByteBuffer;

/**
 * The result of one submitted operation. Each accepted submission yields exactly one
 * completion. A completion is not changed after it is delivered.
 */
public interface Completion {
    /** @return the id that the submission returned */
    long id();

    /** @return what the operation did */
    OpKind kind();

    /**
     * @return the handle the operation was submitted on: the listener for an accept, the
     *     connection for a receive or send; for a connect, the new connection when the status is
     *     {@link CompletionStatus#OK} and {@code null} otherwise
     */
    Handle handle();

    /** @return the outcome */
    CompletionStatus status();

    /** @return true when {@link #status()} is {@link CompletionStatus#OK} */
    default boolean isOk() {
        return status() == CompletionStatus.OK;
    }

    /**
     * @return bytes received or sent; for a failed send, how many were handed to the OS
     *     before the failure; 0 for accept and connect
     */
    long bytesTransferred();

    /** @return the backend's native error code (errno-like or Winsock), 0 when there is none */
    int nativeError();

    /** @return a human-readable explanation for a non-OK status, or {@code null} */
    String message();

    /** @return the accepted or connected connection when {@link #isOk()}; otherwise {@code null} */
    Connection connection();

    /** @return the attachment given at submission, or {@code null} */
    Object attachment();

    /**
     * @return for an OK pooled receive ({@link Proactor#submitRecv(Connection)}), the lease of
     *     the buffer that holds the data (flipped: position 0, limit = bytes received), which the
     *     caller must release exactly once; otherwise {@code null}
     */
    default BufferLease lease() {
        return null;
    }

    /**
     * @return the buffers given at submission (the same array), their positions advanced by
     *     {@link #bytesTransferred()}; an empty array for accept and connect
     */
    ByteBuffer[] buffers();
}
