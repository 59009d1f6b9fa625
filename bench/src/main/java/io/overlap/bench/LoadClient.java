package io.overlap.bench;

import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import io.overlap.examples.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The project's own load client, used by {@code bench.sh} when the neutral C load generator
 * cannot be built. It speaks the same options and prints the same one-line
 * {@code RESULT key=value ...} summary (plus {@code client=java}), so the harness reads either;
 * in echo mode it also prints {@code MEASURING} when the warmup ends.
 *
 * <pre>
 * loadgen -p PORT [-a 127.0.0.1] [-c CONNS] [-s SIZE] [-d DEPTH] [-t SECS] [-w WARMUP] [-l LABEL]
 * loadgen -p PORT -H HOLD_SECS [-V] [-c CONNS] [-s SIZE] [-b 127.0.0.2-127.0.0.9] [-W 1000] [-o 10] [-S 5] [-D 120]
 * </pre>
 */
final class LoadClient {
    /** The options, with the C loadgen's one-letter names (bench.sh passes the same to either). */
    static final List<Option> OPTIONS = List.of(
            new Option("port", "p", "PORT", "none", "the echo server's port; must be given"),
            new Option("addr", "a", "ADDRESS", "127.0.0.1", "the echo server's address"),
            new Option("conns", "c", "N", "100", "connections"),
            new Option("size", "s", "BYTES", "64", "bytes per message (per connection in hold mode)"),
            new Option("depth", "d", "N", "1", "messages in flight per connection"),
            new Option("time", "t", "SECS", "10", "how long to measure"),
            new Option("warmup", "w", "SECS", "2", "how long to run before measuring"),
            new Option("hold", "H", "SECS", "10", "hold mode: keep the connections open this long"),
            Option.flag("verify", "V", "hold mode: check each connection's echo once"),
            new Option("bind", "b", "RANGE", "none", "hold mode: local addresses, e.g. 127.0.0.2-127.0.0.9"),
            new Option("max-connecting", "W", "N", "1000", "hold mode: connects in flight at once"),
            new Option("connect-timeout", "o", "SECS", "10", "hold mode: how long one connect may take"),
            new Option("stall", "S", "SECS", "5", "hold mode: how long without progress is a stall"),
            new Option("setup-limit", "D", "SECS", "120", "hold mode: how long setting up may take"),
            new Option("label", "l", "TEXT", "none", "a label copied into the RESULT line"));

    private static final double DAY = 86_400;

    private LoadClient() {
    }

    /**
     * @param argv the options above
     * @param out where the RESULT (and HOLD_READY) lines go
     * @return the exit status: 0 when the run had no errors, 1 otherwise
     * @throws IOException when the client itself cannot run
     * @throws UsageException when an option is missing or wrong
     */
    static int run(List<String> argv, PrintStream out) throws IOException, UsageException {
        Options a = Options.parse(OPTIONS, argv);
        if (!a.given("port")) {
            throw new UsageException("loadgen needs -p PORT");
        }
        InetSocketAddress target = Endpoints.resolve(a, "addr", a.integer("port", 1, 65535));
        int conns = a.integer("conns", 1, 1_000_000);
        int size = a.bytes("size", 1, 1 << 30);
        Map<String, String> result;
        if (a.given("hold")) {
            HoldLoad.Shape shape = new HoldLoad.Shape(target, conns, size, a.flag("verify"), a.decimal("hold", 0, DAY),
                    sources(a.given("bind") ? a.string("bind") : ""), a.integer("max-connecting", 1, 1_000_000),
                    a.decimal("connect-timeout", 0, DAY), a.decimal("stall", 0, DAY), a.decimal("setup-limit", 0, DAY));
            result = new HoldLoad(shape).run(out);
        } else {
            EchoLoad.Shape shape = new EchoLoad.Shape(target, conns, size, a.integer("depth", 1, 1 << 16),
                    a.decimal("time", 0, DAY), a.decimal("warmup", 0, DAY));
            result = new EchoLoad(shape).run(out);
        }
        StringBuilder line = new StringBuilder("RESULT client=java");
        if (a.given("label")) {
            line.append(" label=").append(a.string("label"));
        }
        result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        out.println(line);
        out.flush();
        return "0".equals(result.get("errors")) ? 0 : 1;
    }

    /** @return the addresses of a range like {@code 127.0.0.2-127.0.0.9}, or none for "" */
    static List<InetAddress> sources(String range) throws IOException {
        List<InetAddress> list = new ArrayList<>();
        if (range.isBlank()) {
            return list;
        }
        String[] ends = range.split("-", 2);
        byte[] lo = InetAddress.getByName(ends[0].trim()).getAddress();
        byte[] hi = InetAddress.getByName(ends.length > 1 ? ends[1].trim() : ends[0].trim()).getAddress();
        if (lo.length != 4 || hi.length != 4 || lo[0] != hi[0] || lo[1] != hi[1] || lo[2] != hi[2]) {
            throw new IllegalArgumentException("-b takes an IPv4 range within one /24, e.g. 127.0.0.2-127.0.0.9");
        }
        for (int last = lo[3] & 0xff; last <= (hi[3] & 0xff); last++) {
            list.add(InetAddress.getByAddress(new byte[] {lo[0], lo[1], lo[2], (byte) last}));
        }
        return list;
    }

    /** @return CPU time used by this process so far, in nanoseconds */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
