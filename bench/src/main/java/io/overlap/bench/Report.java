package io.overlap.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the CSV rows that {@code bench.sh} writes (one per run) into Markdown tables: medians per
 * server and scenario, the ratios of the reference server (overlap-nio) to every peer, and the
 * issues' targets of every server in the run with the measured margin.
 */
final class Report {
    /** The server the ratios are about. */
    static final String DEFAULT_REFERENCE = "overlap-nio";
    /** The io_uring backend's runs, whose targets (issue 12) are beside Netty's native transports. */
    static final String URING_REFERENCE = "overlap-uring";
    /** Queue mode with four workers: the reference whose targets issue 11 sets. */
    static final String QUEUE_REFERENCE = "overlap-nio-queue4";
    /** The same queue-mode server on uring, held to the same targets beside uring's handler mode. */
    static final String URING_QUEUE_REFERENCE = "overlap-uring-queue4";
    /** The winsock backend's completion-port model under Wine (issue 13), beside that JVM's NIO.2. */
    static final String IOCP_REFERENCE = "winsock-iocp";
    /** The winsock backend's event model under Wine (issue 13). */
    static final String EVENT_REFERENCE = "winsock-event";
    private static final List<String> SCENARIO_ORDER = List.of("rr100", "rr1000", "tput", "hold");
    /** Other load (in % of one CPU) above which the report warns that the figures are noisy. */
    private static final double SHARED_MACHINE_PCT = 25;

    private final List<Map<String, String>> rows;

    Report(List<Map<String, String>> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * @param csvs files with a header line and one row per run
     * @return the report over all their rows
     * @throws IOException if a file cannot be read
     */
    static Report load(List<Path> csvs) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Path p : csvs) {
            rows.addAll(parse(Files.readAllLines(p)));
        }
        return new Report(rows);
    }

    static List<Map<String, String>> parse(List<String> lines) {
        List<Map<String, String>> rows = new ArrayList<>();
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",", -1);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                row.put(header[i].trim(), cells[i].trim());
            }
            rows.add(row);
        }
        return rows;
    }

    /** Medians and counts of one server in one scenario. */
    record Cell(int n, double rtPerS, double bestRtPerS, double mbPerS, double p50, double p99, double cpuUsPerRt, double srvCpuPct,
            double clientCpuPct, double otherCpuPct, double spread, long errors, double alive, double conns,
            double establishMs, double rssBaseKb, double rssHeldKb, double rssPerConn, double threadsHeld) {
    }

    /** @return the cells, by scenario then server, in a stable order */
    Map<String, Map<String, Cell>> cells() {
        Map<String, Map<String, List<Map<String, String>>>> grouped = new LinkedHashMap<>();
        for (String sc : scenarios()) {
            grouped.put(sc, new LinkedHashMap<>());
        }
        for (String server : servers()) {
            for (Map<String, String> r : rows) {
                if (server.equals(r.get("server")) && r.get("scenario") != null) {
                    grouped.get(r.get("scenario")).computeIfAbsent(server, s -> new ArrayList<>()).add(r);
                }
            }
        }
        Map<String, Map<String, Cell>> out = new LinkedHashMap<>();
        grouped.forEach((sc, byServer) -> {
            Map<String, Cell> m = new LinkedHashMap<>();
            byServer.forEach((server, rs) -> m.put(server, cell(rs)));
            out.put(sc, m);
        });
        return out;
    }

    private static Cell cell(List<Map<String, String>> rs) {
        double[] rt = column(rs, "rtt_per_s");
        double med = median(rt);
        double spread = rt.length < 2 || med == 0 ? 0
                : (Arrays.stream(rt).max().orElse(0) - Arrays.stream(rt).min().orElse(0)) / med;
        long errors = (long) Arrays.stream(column(rs, "errors")).filter(Double::isFinite).sum();
        double best = Arrays.stream(rt).filter(Double::isFinite).max().orElse(Double.NaN);
        return new Cell(rs.size(), med, best, median(column(rs, "mb_per_s")), median(column(rs, "p50_us")),
                median(column(rs, "p99_us")), median(column(rs, "srv_cpu_us_per_rt")), median(column(rs, "srv_cpu_pct")),
                median(column(rs, "client_cpu_pct")), median(column(rs, "other_cpu_pct")), spread, errors,
                median(column(rs, "hold_alive")), median(column(rs, "conns")), median(column(rs, "establish_ms")),
                median(column(rs, "rss_base_kb")), median(column(rs, "rss_held_kb")), median(column(rs, "rss_per_conn_b")),
                median(column(rs, "threads_held")));
    }

    private static double[] column(List<Map<String, String>> rs, String key) {
        return rs.stream().mapToDouble(r -> number(r.get(key))).toArray();
    }

    private static double number(String s) {
        if (s == null || s.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** @return the median of the finite values, NaN if there are none */
    static double median(double[] values) {
        double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    private List<String> scenarios() {
        Set<String> seen = new LinkedHashSet<>();
        SCENARIO_ORDER.stream().filter(sc -> rows.stream().anyMatch(r -> sc.equals(r.get("scenario")))).forEach(seen::add);
        rows.stream().map(r -> r.get("scenario")).filter(Objects::nonNull).forEach(seen::add);
        return List.copyOf(seen);
    }

    private List<String> servers() {
        Set<String> seen = new LinkedHashSet<>();
        rows.stream().map(r -> r.get("server")).filter(Objects::nonNull).forEach(seen::add);
        return List.copyOf(seen);
    }

    /**
     * Prints the tables.
     *
     * @param out where
     * @param reference the server whose ratios to the others are shown
     */
    void print(PrintStream out, String reference) {
        Map<String, Map<String, Cell>> cells = cells();
        double other = median(rows.stream().mapToDouble(r -> number(r.get("other_cpu_pct"))).toArray());
        if (other > SHARED_MACHINE_PCT) {
            out.println();
            out.println(String.format(Locale.ROOT, "**The machine was shared**: besides server and client, other processes used "
                    + "a median %.0f%% of a CPU during the measured windows. Rates and ratios are noisy; server CPU per "
                    + "round trip is the steadier figure. Rerun when the machine is idle.", other));
        }
        for (Map.Entry<String, Map<String, Cell>> e : cells.entrySet()) {
            if (e.getKey().equals("hold")) {
                printHold(out, e.getValue());
            } else {
                printEcho(out, e.getKey(), e.getValue());
            }
        }
        printRatios(out, cells, reference);
        // every issue's targets whose server ran: one interleaved run gives each verdict, the
        // chosen reference's first
        Set<String> ran = new LinkedHashSet<>();
        cells.values().forEach(byServer -> ran.addAll(byServer.keySet()));
        TARGETS.stream().filter(t -> t.reference().equals(reference)).forEach(t -> printTargets(out, cells, t));
        TARGETS.stream().filter(t -> !t.reference().equals(reference) && ran.contains(t.reference()))
                .forEach(t -> printTargets(out, cells, t));
    }

    private static void printEcho(PrintStream out, String scenario, Map<String, Cell> byServer) {
        out.println();
        out.println("### " + scenario + " (medians)");
        out.println();
        out.println("| server | rt/s | best rt/s | MB/s | p50 µs | p99 µs | srv CPU µs/rt | srv CPU % | client CPU % "
                + "| other CPU % | rt/s spread | errors | n |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        byServer.forEach((server, c) -> out.println("| " + server + " | " + kilo(c.rtPerS()) + " | " + kilo(c.bestRtPerS())
                + " | " + num(c.mbPerS(), 1)
                + " | " + num(c.p50(), 0) + " | " + num(c.p99(), 0) + " | " + num(c.cpuUsPerRt(), 2) + " | "
                + num(c.srvCpuPct(), 0) + " | " + num(c.clientCpuPct(), 0) + " | " + num(c.otherCpuPct(), 0) + " | "
                + pct(c.spread()) + " | " + c.errors() + " | " + c.n() + " |"));
    }

    private static void printHold(PrintStream out, Map<String, Cell> byServer) {
        out.println();
        out.println("### hold (idle connections; medians)");
        out.println();
        out.println("| server | alive / tried | establish ms | RSS base MB | RSS held MB | RSS/conn B | threads held | errors | n |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        byServer.forEach((server, c) -> out.println("| " + server + " | " + num(c.alive(), 0) + " / " + num(c.conns(), 0)
                + " | " + num(c.establishMs(), 0) + " | " + num(c.rssBaseKb() / 1024, 1) + " | "
                + num(c.rssHeldKb() / 1024, 1) + " | " + num(c.rssPerConn(), 0) + " | " + num(c.threadsHeld(), 0) + " | "
                + c.errors() + " | " + c.n() + " |"));
    }

    private static void printRatios(PrintStream out, Map<String, Map<String, Cell>> cells, String ref) {
        boolean any = cells.values().stream().anyMatch(m -> m.containsKey(ref) && m.size() > 1);
        out.println();
        out.println("### ratios: " + ref + " ÷ peer");
        out.println();
        if (!any) {
            out.println("(no " + ref + " rows next to a peer: no ratios)");
            return;
        }
        out.println("Medians, except \"best rt/s\" (the best repetition of each: on a shared machine the least disturbed).");
        out.println("Higher is better for rt/s and MB/s; lower is better for p99, CPU per round trip and RSS per connection.");
        out.println();
        out.println("| scenario | peer | rt/s | best rt/s | MB/s | p99 | srv CPU µs/rt | RSS/conn |");
        out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        cells.forEach((sc, byServer) -> {
            Cell r = byServer.get(ref);
            if (r == null) {
                return;
            }
            byServer.forEach((peer, p) -> {
                if (peer.equals(ref)) {
                    return;
                }
                if (sc.equals("hold")) {
                    out.println("| " + sc + " | " + peer + " | | | | | | " + ratio(r.rssPerConn(), p.rssPerConn()) + " |");
                } else {
                    out.println("| " + sc + " | " + peer + " | " + ratio(r.rtPerS(), p.rtPerS()) + " | "
                            + ratio(r.bestRtPerS(), p.bestRtPerS()) + " | " + ratio(r.mbPerS(), p.mbPerS()) + " | " + ratio(r.p99(), p.p99()) + " | "
                            + ratio(r.cpuUsPerRt(), p.cpuUsPerRt()) + " | |");
                }
            });
        });
    }

    /** One of the issue's targets: a ratio of the reference to a peer, and its bound. */
    private record Target(String scenario, String peer, String what, boolean higherIsBetter, double bound) {
        double value(Cell c) {
            return switch (what) {
                case "rt/s" -> c.rtPerS();
                case "MB/s" -> c.mbPerS();
                case "p99" -> c.p99();
                case "srv CPU/rt" -> c.cpuUsPerRt();
                default -> throw new IllegalStateException(what);
            };
        }
    }

    /** The targets the issue that set them names, for the nio reference. */
    private static final List<Target> NIO_TARGETS = List.of(
            new Target("rr100", "netty-nio", "rt/s", true, 1.1),
            new Target("rr100", "jdk-nio2", "rt/s", true, 2.0),
            new Target("rr100", "netty-nio", "p99", false, 1.0),
            new Target("tput", "netty-nio", "MB/s", true, 1.0),
            new Target("rr100", "netty-nio", "srv CPU/rt", false, 1.0),
            new Target("tput", "netty-nio", "srv CPU/rt", false, 1.0));

    /** The io_uring backend's targets: beside Netty's native transports rather than its NIO one. */
    private static final List<Target> URING_TARGETS = List.of(
            new Target("rr100", "netty-epoll", "srv CPU/rt", false, 0.85),
            new Target("rr100", "netty-iouring", "srv CPU/rt", false, 1.0),
            new Target("rr100", "netty-epoll", "rt/s", true, 1.0),
            new Target("rr1000", "netty-epoll", "srv CPU/rt", false, 0.85),
            new Target("rr1000", "netty-iouring", "srv CPU/rt", false, 1.0),
            new Target("rr1000", "netty-epoll", "rt/s", true, 1.0),
            new Target("tput", "netty-epoll", "MB/s", true, 1.0));

    /**
     * Handler mode's targets (issue 11): ahead of Netty NIO, and its CPU per round trip close to
     * a hand-written Selector loop's (what is Overlap's own on top of the JDK's calls).
     */
    private static final List<Target> HANDLER_TARGETS = List.of(
            new Target("rr100", "netty-nio", "rt/s", true, 1.1),
            new Target("rr100", "netty-nio", "srv CPU/rt", false, 0.95),
            new Target("rr100", "jdk-selector", "srv CPU/rt", false, 1.05));

    /** Queue mode's targets (issue 11): level with Netty NIO, and close to Overlap's own handler mode. */
    private static final List<Target> QUEUE_TARGETS = queueTargets(DEFAULT_REFERENCE);

    /** The same on uring, beside uring's own handler mode. */
    private static final List<Target> URING_QUEUE_TARGETS = queueTargets(URING_REFERENCE);

    private static List<Target> queueTargets(String handlerMode) {
        return List.of(new Target("rr100", "netty-nio", "rt/s", true, 1.0),
                new Target("rr100", handlerMode, "rt/s", true, 0.95));
    }

    /** The Windows models' targets under Wine (issue 13): only ratios to the same JVM's NIO.2 count. */
    private static final List<Target> IOCP_TARGETS = List.of(
            new Target("rr100", "jdk-nio2", "rt/s", true, 1.3),
            new Target("rr100", "jdk-nio2", "p99", false, 1.0));
    private static final List<Target> EVENT_TARGETS = List.of(
            new Target("rr100", "jdk-nio2", "rt/s", true, 1.0),
            new Target("rr100", "jdk-nio2", "p99", false, 1.2));

    /** The issue that set targets for a reference server, and the targets. */
    private record Targets(String issue, String reference, List<Target> list) {
    }

    /** In the order they are printed; a server may have targets from more than one issue. */
    private static final List<Targets> TARGETS = List.of(
            new Targets("issue 6", DEFAULT_REFERENCE, NIO_TARGETS),
            new Targets("issue 11", DEFAULT_REFERENCE, HANDLER_TARGETS),
            new Targets("issue 11", QUEUE_REFERENCE, QUEUE_TARGETS),
            new Targets("issue 12", URING_REFERENCE, URING_TARGETS),
            new Targets("issue 11", URING_QUEUE_REFERENCE, URING_QUEUE_TARGETS),
            new Targets("issue 13", IOCP_REFERENCE, IOCP_TARGETS),
            new Targets("issue 13", EVENT_REFERENCE, EVENT_TARGETS));

    private static void printTargets(PrintStream out, Map<String, Map<String, Cell>> cells, Targets set) {
        String ref = set.reference();
        List<Target> targets = set.list();
        if (targets.stream().noneMatch(t -> cells.containsKey(t.scenario()))) {
            return; // e.g. a hold-only run
        }
        out.println();
        out.println("### targets (" + set.issue() + "): " + ref);
        out.println();
        out.println("| target | measured | verdict |");
        out.println("|---|---:|---|");
        for (Target t : targets) {
            Map<String, Cell> byServer = cells.getOrDefault(t.scenario(), Map.of());
            Cell r = byServer.get(ref);
            Cell p = byServer.get(t.peer());
            String name = t.scenario() + " " + t.what() + " " + (t.higherIsBetter() ? "≥ " : "≤ ")
                    + num(t.bound(), t.bound() * 10 == Math.rint(t.bound() * 10) ? 1 : 2)
                    + "× " + t.peer();
            if (r == null || p == null) {
                out.println("| " + name + " | - | not measured |");
                continue;
            }
            double q = t.value(r) / t.value(p);
            String verdict;
            if (!Double.isFinite(q)) {
                verdict = "not measured";
            } else if (t.higherIsBetter() ? q >= t.bound() : q <= t.bound()) {
                verdict = "met";
            } else {
                double shortBy = t.higherIsBetter() ? 1 - q / t.bound() : q / t.bound() - 1;
                verdict = "**missed** by " + (shortBy < 0.1 ? String.format(Locale.ROOT, "%.1f%%", shortBy * 100) : pct(shortBy));
            }
            out.println("| " + name + " | " + num(q, 2) + "× | " + verdict + " |");
        }
    }

    private static String ratio(double a, double b) {
        double q = a / b;
        return Double.isFinite(q) ? num(q, 2) + "×" : "-";
    }

    private static String kilo(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1fk", v / 1000) : "-";
    }

    private static String num(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f%%", v * 100) : "-";
    }
}
