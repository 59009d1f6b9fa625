package io.overlap.examples.cli;

/**
 * One option of a command: {@code --name VALUE} (or {@code -n VALUE} when it has a short name),
 * or a flag that takes no value.
 *
 * @param name the name without dashes
 * @param shortName a one-letter name used with one dash, or {@code null}
 * @param argument what the value is, shown in the usage (e.g. {@code N}, {@code SECONDS});
 *     {@code null} for a flag
 * @param defaultValue the value when the option is not given ({@code false} for a flag)
 * @param help one line of explanation
 */
public record Option(String name, String shortName, String argument, String defaultValue, String help) {
    /** Checks that a short name is one letter. */
    public Option {
        if (shortName != null && shortName.length() != 1) {
            throw new IllegalArgumentException("a short name is one letter: '" + shortName + "'");
        }
    }

    /**
     * An option with a long name only.
     *
     * @param name the name without dashes
     * @param argument what the value is
     * @param defaultValue the value when the option is not given
     * @param help one line of explanation
     */
    public Option(String name, String argument, String defaultValue, String help) {
        this(name, null, argument, defaultValue, help);
    }

    /**
     * @param name the name without dashes
     * @param shortName a one-letter name, or {@code null}
     * @param help one line of explanation
     * @return an option that takes no value: given means true
     */
    public static Option flag(String name, String shortName, String help) {
        return new Option(name, shortName, null, "false", help);
    }

    /** @return true if it takes no value */
    public boolean isFlag() {
        return argument == null;
    }
}
