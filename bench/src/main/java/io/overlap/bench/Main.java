package io.overlap.bench;

import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import io.overlap.examples.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The entry point of {@code overlap-bench.jar}.
 *
 * <pre>
 * java -jar overlap-bench.jar SERVER PORT [--threads N] [--buf BYTES] [--addr 127.0.0.1] [--backlog 4096]
 * java -jar overlap-bench.jar servers
 * java -jar overlap-bench.jar loadgen -p PORT [-c CONNS] [-s SIZE] [-d DEPTH] [-t SECS] [-w SECS] [-H SECS [-V]]
 * java -jar overlap-bench.jar report [--ref overlap-nio] RESULTS.csv...
 * java -jar overlap-bench.jar jmh [JMH options]
 * java -jar overlap-bench.jar profile [--threads PREFIX] [--top N] RECORDING.jfr
 * </pre>
 *
 * A server prints one {@code LISTENING host:port description} line when it accepts
 * connections and runs until the process is stopped (SIGTERM closes it through a shutdown hook).
 */
public final class Main {
    private Main() {
    }

    /** The options of a server. */
    static final List<Option> SERVER = List.of(
            new Option("threads", "N", String.valueOf(ServerOptions.DEFAULTS.ioThreads()), "I/O (event loop) threads"),
            new Option("buf", "BYTES", String.valueOf(ServerOptions.DEFAULTS.bufferSize()), "bytes of each read buffer"),
            new Option("addr", "ADDRESS", "127.0.0.1", "the address to listen on"),
            new Option("backlog", "N", "4096", "the accept backlog"));
    /** The options of {@code report}. */
    static final List<Option> REPORT = List.of(
            new Option("ref", "SERVER", Report.DEFAULT_REFERENCE, "the server the ratios are to"));
    /** The options of {@code profile}. */
    static final List<Option> PROFILE = List.of(
            new Option("threads", "PREFIX", "all", "only threads whose name starts with this"),
            new Option("top", "N", "25", "how many frames to list"));

    /**
     * @param args see the class comment
     * @throws Exception when the command fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage(System.out);
            return;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            switch (args[0]) {
                case "servers" -> EchoServers.names().forEach(System.out::println);
                case "loadgen" -> System.exit(LoadClient.run(rest, System.out));
                case "report" -> report(rest);
                case "jmh" -> org.openjdk.jmh.Main.main(rest.toArray(String[]::new));
                case "profile" -> profile(rest);
                default -> serve(args[0], rest);
            }
        } catch (UsageException e) {
            if (e.helpRequested()) {
                usage(System.out);
                return;
            }
            System.err.println("overlap-bench " + args[0] + ": " + e.getMessage());
            usage(System.err);
            System.exit(2);
        } catch (IllegalArgumentException e) {
            System.err.println("overlap-bench: " + e.getMessage());
            usage(System.err);
            System.exit(2);
        }
    }

    private static void serve(String name, List<String> argv) throws IOException, InterruptedException, UsageException {
        Options a = Options.parseWithOperands(SERVER, argv);
        List<String> pos = a.operands();
        if (pos.size() != 1) {
            throw new UsageException("a server takes one port, e.g. '" + name + " 11111'");
        }
        int port;
        try {
            port = Integer.parseInt(pos.get(0));
        } catch (NumberFormatException e) {
            throw new UsageException("the port must be a whole number, was '" + pos.get(0) + "'");
        }
        ServerOptions options = new ServerOptions(a.integer("threads", 1, 256), a.bytes("buf", 64, 1 << 24));
        InetSocketAddress local = Endpoints.resolve(a, "addr", port);
        EchoServer server = EchoServers.create(name, options);
        InetSocketAddress bound = server.start(local, a.integer("backlog", 1, 1 << 20));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "echo-server-stop"));
        System.out.println("LISTENING " + bound.getAddress().getHostAddress() + ":" + bound.getPort() + " " + name
                + " " + server.describe() + " java=" + System.getProperty("java.version"));
        System.out.flush();
        stopped.await();
    }

    private static void report(List<String> argv) throws IOException, UsageException {
        Options a = Options.parseWithOperands(REPORT, argv);
        if (a.operands().isEmpty()) {
            throw new UsageException("report needs at least one CSV file");
        }
        Report report = Report.load(a.operands().stream().map(Path::of).toList());
        report.print(System.out, a.string("ref"));
    }

    private static void profile(List<String> argv) throws IOException, UsageException {
        Options a = Options.parseWithOperands(PROFILE, argv);
        if (a.operands().size() != 1) {
            throw new UsageException("profile needs one .jfr file");
        }
        String focus = a.given("threads") ? a.string("threads") : "";
        ProfileSummary.print(Path.of(a.operands().get(0)), focus, a.integer("top", 1, 10_000), System.out);
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar overlap-bench.jar SERVER PORT [--threads N] [--buf BYTES] [--addr ADDR] [--backlog N]");
        out.println("       java -jar overlap-bench.jar servers");
        out.println("       java -jar overlap-bench.jar loadgen -p PORT [-a ADDR] [-c CONNS] [-s SIZE] [-d DEPTH]"
                + " [-t SECS] [-w SECS] [-H HOLD_SECS [-V]] [-l LABEL]");
        out.println("       java -jar overlap-bench.jar report [--ref overlap-nio] RESULTS.csv...");
        out.println("       java -jar overlap-bench.jar jmh [JMH options, e.g. -prof gc]");
        out.println("       java -jar overlap-bench.jar profile [--threads PREFIX] [--top N] RECORDING.jfr");
        out.println("servers: " + String.join(", ", EchoServers.names()) + " (overlap-X: Overlap on backend X)");
        out.print("\nserver options:\n" + Options.describe(SERVER) + "loadgen options:\n" + Options.describe(LoadClient.OPTIONS));
    }
}
