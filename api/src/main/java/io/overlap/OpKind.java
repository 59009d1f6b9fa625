package io.overlap;

/** What an operation does. */
public enum OpKind {
    /** Accept one connection on a {@link Listener}. */
    ACCEPT,
    /** Open one outgoing connection. */
    CONNECT,
    /** Receive bytes into the caller's buffers (scatter). */
    RECV,
    /** Send all remaining bytes of the caller's buffers (gather). */
    SEND
}
