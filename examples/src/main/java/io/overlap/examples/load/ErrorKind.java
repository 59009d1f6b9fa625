package io.overlap.examples.load;

/** What went wrong on a connection of the load client; each counts as one error. */
public enum ErrorKind {
    /** The connection could not be opened (refused, timed out, still pending at the end). */
    CONNECT("connect failed"),
    /** An echoed byte differs from the byte sent at that stream offset. */
    MISMATCH("wrong bytes"),
    /** More bytes came back than were sent. */
    EXTRA("extra bytes"),
    /** The server ended the stream while messages were outstanding. */
    CLOSED("closed by server"),
    /** The server reset the connection. */
    RESET("reset by server"),
    /** Another I/O failure. */
    IO("I/O error"),
    /** Messages were outstanding but nothing came back for too long. */
    STALLED("stalled");

    private final String label;

    ErrorKind(String label) {
        this.label = label;
    }

    /** @return how the summary names it */
    public String label() {
        return label;
    }
}
