package io.overlap.examples.load;

import io.overlap.examples.cli.Fmt;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The live line a load run prints once a second, under a header of column names printed when
 * the run starts. On a terminal it rewrites itself in place ({@code \r} and padding, which every
 * console understands, rather than escape codes), so it must never be wider than the terminal:
 * a wrapped line would be rewritten from its last row only. Columns that do not fit are left
 * out, the least needed first.
 */
final class ProgressLine {
    /** The width when the terminal's is not known (no {@code COLUMNS}). */
    static final int DEFAULT_WIDTH = 80;
    private static final String GAP = "  ";

    /** The columns, left to right, with their widths (values are right-aligned in them). */
    enum Column {
        TIME("time", 9), CONNS("conns", 7), RATE("round trips/s", 13), MBS("MB/s", 8), P50("p50", 9),
        P99("p99", 9), ERRORS("errors", 7);

        private final String header;
        private final int width;

        Column(String header, int width) {
            this.header = header;
            this.width = width;
        }
    }

    /** Left out in this order while the line is too wide for the terminal. */
    private static final List<Column> DROPPED_FIRST = List.of(Column.MBS, Column.P50, Column.TIME, Column.RATE);

    private final PrintStream out;
    private final boolean enabled;
    private final boolean inPlace;
    private final int maxLength;
    private final List<Column> columns;
    private int lastLength;
    private long lastRoundTrips;
    private long lastBytes;
    private long lastNanos;

    /**
     * @param width the terminal's width in columns; the line stays at least one shorter, so
     *     that no terminal wraps it
     */
    ProgressLine(PrintStream out, LoadOptions.Progress mode, boolean terminal, int width, long startNanos) {
        this.out = out;
        this.enabled = mode == LoadOptions.Progress.ALWAYS || (mode == LoadOptions.Progress.AUTO && terminal);
        this.inPlace = terminal;
        this.maxLength = Math.max(1, width - 1);
        this.columns = fitting(maxLength);
        this.lastNanos = startNanos;
    }

    /** @return the columns that fit in {@code maxLength} characters */
    static List<Column> fitting(int maxLength) {
        List<Column> cols = new ArrayList<>(List.of(Column.values()));
        for (Column drop : DROPPED_FIRST) {
            if (length(cols) <= maxLength) {
                break;
            }
            cols.remove(drop);
        }
        return cols;
    }

    private static int length(List<Column> cols) {
        return cols.stream().mapToInt(c -> c.width).sum() + GAP.length() * (cols.size() - 1);
    }

    /**
     * @return the terminal's width from {@code COLUMNS} (the {@code overlap} script exports it),
     *     or {@value #DEFAULT_WIDTH}
     */
    static int terminalWidth() {
        String v = System.getenv("COLUMNS");
        try {
            int n = v == null ? 0 : Integer.parseInt(v.trim());
            return n > 0 ? n : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** Prints the column names, once, before the first line. */
    void start() {
        if (!enabled) {
            return;
        }
        Map<Column, String> headers = new EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            headers.put(c, c.header);
        }
        out.println(row(headers));
        out.flush();
    }

    /** Prints the line for the second that just ended. */
    void tick(long now, long startNanos, LoadStats stats, Latencies latencies) {
        if (!enabled) {
            return;
        }
        long roundTrips = stats.roundTrips();
        long bytes = stats.bytes();
        Histogram interval = latencies.interval();
        double secs = Math.max((now - lastNanos) / 1e9, 1e-9);
        Map<Column, String> v = new EnumMap<>(Column.class);
        v.put(Column.TIME, String.format(Locale.ROOT, "%.1f s", (now - startNanos) / 1e9));
        v.put(Column.CONNS, Fmt.count(stats.up()));
        v.put(Column.RATE, Fmt.rate((roundTrips - lastRoundTrips) / secs));
        v.put(Column.MBS, String.format(Locale.ROOT, "%.2f", (bytes - lastBytes) / 1e6 / secs));
        v.put(Column.P50, interval.getTotalCount() == 0 ? "-" : Fmt.micros(interval.getValueAtPercentile(50)));
        v.put(Column.P99, interval.getTotalCount() == 0 ? "-" : Fmt.micros(interval.getValueAtPercentile(99)));
        v.put(Column.ERRORS, Fmt.count(stats.errorCount()));
        lastRoundTrips = roundTrips;
        lastBytes = bytes;
        lastNanos = now;
        String line = row(v);
        if (inPlace) {
            out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Ends the in-place line so that what follows starts on its own line. */
    void finish() {
        if (enabled && inPlace && lastLength > 0) {
            out.println();
            out.flush();
        }
    }

    /** @return the given cells right-aligned in the fitting columns, cut to the terminal's width */
    private String row(Map<Column, String> cells) {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            if (sb.length() > 0) {
                sb.append(GAP);
            }
            String cell = cells.get(c);
            sb.append(" ".repeat(Math.max(0, c.width - cell.length()))).append(cell);
        }
        return sb.length() > maxLength ? sb.substring(0, maxLength) : sb.toString();
    }
}
