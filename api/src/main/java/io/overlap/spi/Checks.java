package io.overlap.spi;

/**
 * Argument checks for the api module, which depends on the JDK alone. The overloads with fixed
 * arguments keep the submission path free of allocation: a varargs call makes its array (and
 * boxes its numbers) whether or not the check fails, and the JIT does not always remove them.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * @param ok the condition the caller's arguments must meet
     * @param template the message, with {@code %s} for the argument
     * @param arg the value named in the message
     * @throws IllegalArgumentException with the formatted message, if {@code ok} is false
     */
    public static void checkArgument(boolean ok, String template, long arg) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(template, arg));
        }
    }

    /**
     * @param ok the condition the caller's arguments must meet
     * @param template the message, with {@code %s} for the argument
     * @param arg the value named in the message
     * @throws IllegalArgumentException with the formatted message, if {@code ok} is false
     */
    public static void checkArgument(boolean ok, String template, Object arg) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(template, arg));
        }
    }

    /**
     * @param ok the condition the caller's arguments must meet
     * @param template the message, with {@code %s} for each argument
     * @param a the first value named in the message
     * @param b the second
     * @throws IllegalArgumentException with the formatted message, if {@code ok} is false
     */
    public static void checkArgument(boolean ok, String template, long a, long b) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(template, a, b));
        }
    }

    /**
     * @param ok the condition the caller's arguments must meet
     * @param template the message, with {@code %s} for each argument
     * @param a the first value named in the message
     * @param b the second
     * @param c the third
     * @throws IllegalArgumentException with the formatted message, if {@code ok} is false
     */
    public static void checkArgument(boolean ok, String template, Object a, long b, long c) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(template, a, b, c));
        }
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
