package io.overlap.examples.cli;

/** Bad command-line input: the message says what was wrong; the caller prints it with the usage. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean helpRequested;

    /** @param message what was wrong with the input */
    public UsageException(String message) {
        this(message, false);
    }

    private UsageException(String message, boolean helpRequested) {
        super(message);
        this.helpRequested = helpRequested;
    }

    /** @return an exception that only asks for the usage text ({@code --help}) */
    public static UsageException help() {
        return new UsageException("help requested", true);
    }

    /** @return true if the user asked for help rather than made a mistake */
    public boolean helpRequested() {
        return helpRequested;
    }
}
