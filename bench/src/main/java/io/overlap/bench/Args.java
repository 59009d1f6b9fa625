package io.overlap.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small command-line reader: {@code -x VALUE} / {@code --name VALUE} options, bare flags
 * declared up front, and positional arguments in order.
 */
final class Args {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {
    }

    /**
     * @param argv the arguments
     * @param flags option names that take no value (e.g. {@code -V})
     * @return the parsed arguments
     * @throws IllegalArgumentException if an option lacks its value
     */
    static Args parse(String[] argv, String... flags) {
        Args a = new Args();
        List<String> flagList = List.of(flags);
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            if (s.startsWith("-") && s.length() > 1 && !isNumber(s)) {
                if (flagList.contains(s)) {
                    a.options.put(s, "true");
                } else if (i + 1 < argv.length) {
                    a.options.put(s, argv[++i]);
                } else {
                    throw new IllegalArgumentException("option " + s + " needs a value");
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    String string(String name, String dflt) {
        return options.getOrDefault(name, dflt);
    }

    int integer(String name, int dflt) {
        String v = options.get(name);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " needs a whole number, got '" + v + "'", e);
        }
    }

    double decimal(String name, double dflt) {
        String v = options.get(name);
        try {
            return v == null ? dflt : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " needs a number, got '" + v + "'", e);
        }
    }

    List<String> positional() {
        return positional;
    }
}
