package io.overlap.examples.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parsed {@code --name VALUE} / {@code --name=VALUE} / {@code -n VALUE} options and flags, checked
 * against a command's list: an unknown option, a missing value, a repeated option or a value out
 * of range is a {@link UsageException} that names the option, so a typo never silently falls
 * back to a default. The examples and the benchmarks share it.
 */
public final class Options {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?");
    private static final Pattern TIME = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)?");

    private final Map<String, String> values;
    private final Set<String> given;
    private final List<String> operands;

    private Options(Map<String, String> values, Set<String> given, List<String> operands) {
        this.values = values;
        this.given = given;
        this.operands = operands;
    }

    /**
     * Parses options only: any other argument is an error.
     *
     * @param spec the options the command knows
     * @param args the command's arguments
     * @return the values, with defaults for the options not given
     * @throws UsageException on bad input, or {@link UsageException#help()} for {@code --help}/{@code -h}
     */
    public static Options parse(List<Option> spec, List<String> args) throws UsageException {
        Options o = parseWithOperands(spec, args);
        if (!o.operands.isEmpty()) {
            throw new UsageException("unexpected argument '" + o.operands.get(0) + "' (options look like --name VALUE)");
        }
        return o;
    }

    /**
     * Parses options, keeping the other arguments in order as {@link #operands()}.
     *
     * @param spec the options the command knows
     * @param args the command's arguments
     * @return the values, with defaults for the options not given
     * @throws UsageException on bad input, or {@link UsageException#help()} for {@code --help}/{@code -h}
     */
    public static Options parseWithOperands(List<Option> spec, List<String> args) throws UsageException {
        Map<String, Option> known = new LinkedHashMap<>();
        Map<String, Option> byShortName = new HashMap<>();
        for (Option o : spec) {
            known.put(o.name(), o);
            if (o.shortName() != null) {
                byShortName.put(o.shortName(), o);
            }
        }
        Map<String, String> givenValues = new HashMap<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if ((arg.equals("-h") && !byShortName.containsKey("h")) || arg.equals("--help")) {
                throw UsageException.help();
            }
            Option option;
            String value = null;
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                option = known.get(name);
                if (option == null) {
                    throw new UsageException("unknown option --" + name + "; known: "
                            + known.keySet().stream().map(n -> "--" + n).collect(Collectors.joining(", ")));
                }
            } else if (arg.length() == 2 && arg.charAt(0) == '-' && Character.isLetter(arg.charAt(1))) {
                option = byShortName.get(arg.substring(1));
                if (option == null) {
                    throw new UsageException("unknown option " + arg + "; known: " + spec.stream()
                            .map(o -> o.shortName() != null ? "-" + o.shortName() : "--" + o.name())
                            .collect(Collectors.joining(", ")));
                }
            } else {
                operands.add(arg);
                continue;
            }
            String name = option.name();
            if (option.isFlag()) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException("--" + name + " needs a value (" + option.argument() + ")");
                }
                value = args.get(++i);
            }
            if (givenValues.put(name, value) != null) {
                throw new UsageException("--" + name + " is given twice");
            }
        }
        Map<String, String> all = new HashMap<>();
        known.values().forEach(o -> all.put(o.name(), o.defaultValue()));
        all.putAll(givenValues);
        return new Options(all, Set.copyOf(givenValues.keySet()), List.copyOf(operands));
    }

    /**
     * @param spec the options of a command
     * @return their usage lines, one per option, aligned
     */
    public static String describe(List<Option> spec) {
        List<String> lefts = spec.stream().map(Options::left).toList();
        int width = lefts.stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < spec.size(); i++) {
            Option o = spec.get(i);
            sb.append("  ").append(lefts.get(i)).append(" ".repeat(Math.max(1, width - lefts.get(i).length())))
                    .append(o.help());
            if (!o.isFlag()) {
                sb.append(" (default ").append(o.defaultValue()).append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String left(Option o) {
        return (o.shortName() != null ? "-" + o.shortName() + ", " : "") + "--" + o.name()
                + (o.isFlag() ? "" : " " + o.argument());
    }

    /** @return the arguments that are not options, in order (see {@link #parseWithOperands}) */
    public List<String> operands() {
        return operands;
    }

    /**
     * @param name an option name
     * @return whether it was given (rather than left at its default)
     */
    public boolean given(String name) {
        string(name);
        return given.contains(name);
    }

    /**
     * @param name the name of a flag
     * @return whether it was given
     */
    public boolean flag(String name) {
        return Boolean.parseBoolean(string(name));
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
        long n = number(name, Long::parseLong, "a whole number");
        return (int) checkRange(name, n, min, max, string(name).trim());
    }

    /**
     * @param name an option name
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return its value as a number, e.g. {@code 0.5}
     * @throws UsageException if it is not a number in range
     */
    public double decimal(String name, double min, double max) throws UsageException {
        double n = number(name, Double::parseDouble, "a number");
        if (!(n >= min && n <= max)) {
            throw new UsageException("--" + name + " must be between " + min + " and " + max + ", was '"
                    + string(name).trim() + "'");
        }
        return n;
    }

    private <T> T number(String name, Function<String, T> parse, String what) throws UsageException {
        String v = string(name).trim();
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be " + what + ", was '" + v + "'");
        }
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
