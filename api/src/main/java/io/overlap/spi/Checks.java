package io.overlap.spi;

/** Argument checks for the api module, which depends on the JDK alone. */
public final class Checks {
    private Checks() {
    }

    /**
     * @param ok the condition the caller's arguments must meet
     * @param template the message, with {@code %s} for each argument
     * @param args the values named in the message
     * @throws IllegalArgumentException with the formatted message, if {@code ok} is false
     */
    public static void checkArgument(boolean ok, String template, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(template, args));
        }
    }
}
