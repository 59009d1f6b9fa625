package io.overlap.examples.cli;

/** Makes the JDK's default log output one readable line per record for the command-line tools. */
public final class Logging {
    private static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private Logging() {
    }

    /**
     * Sets a one-line format for {@code java.util.logging}'s console output (where
     * {@link System.Logger} goes by default), unless the user chose one. Must run before the
     * first logger is made.
     */
    public static void configureOneLineFormat() {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, "%1$tT %4$s %3$s: %5$s%6$s%n");
        }
    }
}
