package io.overlap.bench;

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
    private LoadClient() {
    }

    /**
     * @param argv the options above
     * @param out where the RESULT (and HOLD_READY) lines go
     * @return the exit status: 0 when the run had no errors, 1 otherwise
     * @throws IOException when the client itself cannot run
     */
    static int run(String[] argv, PrintStream out) throws IOException {
        Args a = Args.parse(argv, "-V");
        if (!a.has("-p")) {
            throw new IllegalArgumentException("loadgen needs -p PORT");
        }
        InetSocketAddress target = new InetSocketAddress(InetAddress.getByName(a.string("-a", "127.0.0.1")),
                a.integer("-p", 0));
        int conns = a.integer("-c", 100);
        int size = a.integer("-s", 64);
        if (conns < 1 || size < 1) {
            throw new IllegalArgumentException("-c and -s must be at least 1");
        }
        Map<String, String> result;
        if (a.has("-H")) {
            HoldLoad.Shape shape = new HoldLoad.Shape(target, conns, size, a.has("-V"), a.decimal("-H", 10),
                    sources(a.string("-b", "")), a.integer("-W", 1000), a.decimal("-o", 10), a.decimal("-S", 5),
                    a.decimal("-D", 120));
            result = new HoldLoad(shape).run(out);
        } else {
            int depth = a.integer("-d", 1);
            if (depth < 1) {
                throw new IllegalArgumentException("-d must be at least 1");
            }
            EchoLoad.Shape shape = new EchoLoad.Shape(target, conns, size, depth, a.decimal("-t", 10), a.decimal("-w", 2));
            result = new EchoLoad(shape).run(out);
        }
        StringBuilder line = new StringBuilder("RESULT client=java");
        if (a.has("-l")) {
            line.append(" label=").append(a.string("-l", ""));
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
