package io.overlap.examples.cli;

/**
 * One {@code --name VALUE} option of a command.
 *
 * @param name the name without dashes
 * @param argument what the value is, shown in the usage (e.g. {@code N}, {@code SECONDS})
 * @param defaultValue the value when the option is not given
 * @param help one line of explanation
 */
public record Option(String name, String argument, String defaultValue, String help) {
}
