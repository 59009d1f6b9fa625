package io.overlap;

/** Thrown when the chosen backend is known but cannot run here; the message says why. */
public class BackendUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message which backend and why it is unavailable */
    public BackendUnavailableException(String message) {
        super(message);
    }
}
