package io.overlap.examples.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parsed {@code --name VALUE} / {@code --name=VALUE} options, checked against a command's list:
 * an unknown option, a missing value, a repeated option or a value out of range is a
 * {@link UsageException} that names the option, so a typo never silently falls back to a default.
 */
public final class Options {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?");
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private final Map<String, String> values;

    private Options(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param spec the options the command knows
     * @param args the command's arguments
     * @return the values, with defaults for the options not given
     * @throws UsageException on bad input, or {@link UsageException#help()} for {@code --help}/{@code -h}
     */
    public static Options parse(List<Option> spec, List<String> args) throws UsageException {
        Map<String, Option> known = new LinkedHashMap<>();
        spec.forEach(o -> known.put(o.name(), o));
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                throw UsageException.help();
            }
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new UsageException("unexpected argument '" + arg + "' (options look like --name VALUE)");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (!known.containsKey(name)) {
                throw new UsageException("unknown option --" + name + "; known: "
                        + known.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", ")));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value (" + known.get(name).argument() + ")");
                }
                value = args.get(++i);
            }
            if (given.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        Map<String, String> all = new HashMap<>();
        known.values().forEach(o -> all.put(o.name(), o.defaultValue()));
        all.putAll(given);
        return new Options(all);
    }

    /**
     * @param spec the options of a command
     * @return their usage lines, one per option, aligned
     */
    public static String describe(List<Option> spec) {
        int width = spec.stream().mapToInt(o -> o.name().length() + o.argument().length()).max().orElse(0) + 5;
        StringBuilder sb = new StringBuilder();
        for (Option o : spec) {
            String left = "--" + o.name() + " " + o.argument();
            sb.append("  ").append(left).append(" ".repeat(Math.max(1, width - left.length())))
                    .append(o.help()).append(" (default ").append(o.defaultValue()).append(")\n");
        }
        return sb.toString();
    }

    /**
     * @param name an option name
     * @return its value as given, or its default
     */
    public String string(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no such option: " + name);
        }
        return v;
    }

    /**
     * @param name an option name
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return its value as an int
     * @throws UsageException if it is not a whole number in range
     */
    public int integer(String name, int min, int max) throws UsageException {
        String v = string(name).trim();
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, was '" + v + "'");
        }
        return (int) checkRange(name, n, min, max, v);
    }

    /**
     * Reads a byte count: a number with an optional unit {@code k}, {@code m} or {@code g}
     * (powers of 1024; {@code KiB}, {@code kb} and {@code b} are accepted too).
     *
     * @param name an option name
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return its value in bytes
     * @throws UsageException if it is not a size in range
     */
    public int bytes(String name, int min, int max) throws UsageException {
        String v = string(name).trim();
        Matcher m = SIZE.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("--" + name + " must be a size like 64, 16k or 1m, was '" + v + "'");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " is too large: '" + v + "'");
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        int shift = switch (unit.charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new UsageException("--" + name + " is too large: '" + v + "'");
        }
        return (int) checkRange(name, n << shift, min, max, v);
    }

    /**
     * Reads a duration: a number with an optional unit {@code ms}, {@code s} (the default) or
     * {@code m}.
     *
     * @param name an option name
     * @param min the shortest allowed value
     * @param max the longest allowed value
     * @return its value
     * @throws UsageException if it is not a duration in range
     */
    public Duration duration(String name, Duration min, Duration max) throws UsageException {
        String v = string(name).trim();
        Matcher m = TIME.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("--" + name + " must be a duration like 10, 10s, 500ms or 2m, was '" + v + "'");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
        };
        if (millis > max.toMillis() || millis < min.toMillis()) {
            throw new UsageException("--" + name + " must be between " + Fmt.duration(min) + " and "
                    + Fmt.duration(max) + ", was '" + v + "'");
        }
        return Duration.ofMillis(Math.round(millis));
    }

    private static long checkRange(String name, long n, long min, long max, String given) throws UsageException {
        if (n < min || n > max) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", was '" + given + "'");
        }
        return n;
    }
}
