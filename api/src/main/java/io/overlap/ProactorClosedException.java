package io.overlap;

/** Thrown when a closed {@link Proactor} is used. */
public class ProactorClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message what was attempted */
    public ProactorClosedException(String message) {
        super(message);
    }
}
