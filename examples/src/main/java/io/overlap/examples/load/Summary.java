package io.overlap.examples.load;

import io.overlap.examples.cli.Fmt;
import java.util.Locale;
import java.util.Map;

/** The table a load run ends with. */
final class Summary {
    private Summary() {
    }

    static String format(LoadResult r) {
        LoadOptions o = r.options();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Overlap load: %s connections to %s, backend %s%n              %s messages,"
                + " depth %d, %s%n%n", Fmt.count(o.conns()), Fmt.address(o.target()), r.backend(), Fmt.size(o.size()),
                o.depth(), Fmt.duration(r.elapsed()) + (r.stoppedEarly() ? " (stopped early)" : "")));
        row(sb, "connections", Fmt.count(r.connected()) + " of " + Fmt.count(o.conns()) + " came up", "");
        row(sb, "round trips", Fmt.count(r.roundTrips()), Fmt.rate(r.roundTripsPerSecond()) + " /s");
        row(sb, "echoed", Fmt.bytes(r.bytes()), String.format(Locale.ROOT, "%.2f MB/s", r.megabytesPerSecond()));
        // two rows, so that the table fits 80 columns
        row(sb, "latency", "p50 " + Fmt.micros(r.p50()), "p90 " + Fmt.micros(r.p90()) + "   p99 " + Fmt.micros(r.p99()));
        row(sb, "", "p99.9 " + Fmt.micros(r.p999()), "max " + Fmt.micros(r.max()));
        StringBuilder kinds = new StringBuilder();
        for (Map.Entry<ErrorKind, Long> e : r.errorsByKind().entrySet()) {
            if (e.getValue() > 0) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(e.getKey().label()).append(' ')
                        .append(Fmt.count(e.getValue()));
            }
        }
        row(sb, "errors", Fmt.count(r.errors()), kinds.toString());
        for (String e : r.firstErrors()) {
            row(sb, "", e, "");
        }
        if (r.errors() > r.firstErrors().size()) {
            row(sb, "", "(" + Fmt.count(r.errors() - r.firstErrors().size()) + " more)", "");
        }
        String verdict;
        if (r.passed()) {
            verdict = "PASS: every echoed byte matched, no errors";
        } else if (r.errors() > 0) {
            verdict = "FAIL: " + Fmt.count(r.errors()) + " error(s)";
        } else {
            verdict = "FAIL: no round trip completed";
        }
        sb.append('\n');
        row(sb, "result", verdict, "");
        return sb.toString();
    }

    private static void row(StringBuilder sb, String label, String value, String more) {
        String line = String.format(Locale.ROOT, "  %-13s %-16s %s", label, value, more);
        sb.append(line.stripTrailing()).append(System.lineSeparator());
    }
}
