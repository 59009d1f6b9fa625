package io.overlap.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
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

    /**
     * @param args see the class comment
     * @throws Exception when the command fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage(System.out);
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (args[0]) {
                case "servers" -> EchoServers.names().forEach(System.out::println);
                case "loadgen" -> System.exit(LoadClient.run(rest, System.out));
                case "report" -> report(rest);
                case "jmh" -> org.openjdk.jmh.Main.main(rest);
                case "profile" -> profile(rest);
                default -> serve(args[0], rest);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("overlap-bench: " + e.getMessage());
            usage(System.err);
            System.exit(2);
        }
    }

    private static void serve(String name, String[] argv) throws IOException, InterruptedException {
        Args a = Args.parse(argv);
        List<String> pos = a.positional();
        if (pos.size() != 1) {
            throw new IllegalArgumentException("a server takes one port, e.g. '" + name + " 11111'");
        }
        int port = Integer.parseInt(pos.get(0));
        ServerOptions options = new ServerOptions(a.integer("--threads", ServerOptions.DEFAULTS.ioThreads()),
                a.integer("--buf", ServerOptions.DEFAULTS.bufferSize()));
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(a.string("--addr", "127.0.0.1")), port);
        EchoServer server = EchoServers.create(name, options);
        InetSocketAddress bound = server.start(local, a.integer("--backlog", 4096));
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

    private static void report(String[] argv) throws IOException {
        Args a = Args.parse(argv);
        if (a.positional().isEmpty()) {
            throw new IllegalArgumentException("report needs at least one CSV file");
        }
        Report report = Report.load(a.positional().stream().map(Path::of).toList());
        report.print(System.out, a.string("--ref", Report.DEFAULT_REFERENCE));
    }

    private static void profile(String[] argv) throws IOException {
        Args a = Args.parse(argv);
        if (a.positional().size() != 1) {
            throw new IllegalArgumentException("profile needs one .jfr file");
        }
        ProfileSummary.print(Path.of(a.positional().get(0)), a.string("--threads", ""), a.integer("--top", 25),
                System.out);
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
    }
}
