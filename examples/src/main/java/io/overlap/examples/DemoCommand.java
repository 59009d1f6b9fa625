package io.overlap.examples;

import io.overlap.examples.cli.Command;
import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Fmt;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import io.overlap.examples.cli.StopOnExit;
import io.overlap.examples.echo.EchoConfig;
import io.overlap.examples.echo.EchoServer;
import io.overlap.examples.load.LoadClient;
import io.overlap.examples.load.LoadCommand;
import io.overlap.examples.load.LoadOptions;
import io.overlap.examples.load.LoadResult;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code demo}: the echo server and the load client together in one process, each on its own
 * proactor, talking over loopback: a few hundred connections for about ten seconds, every byte
 * checked. Exit status 0 only with no error and a non-zero rate.
 */
final class DemoCommand implements Command {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "start the echo server, load it for ~10 s with verified traffic, print the summary, stop";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("port", "N", String.valueOf(Endpoints.DEFAULT_PORT), "port to try first (a free one if it is taken)"),
                new Option("conns", "N", "200", "connections"),
                new Option("size", "BYTES", "64", "bytes per message"),
                new Option("depth", "N", "1", "messages in flight per connection"),
                new Option("duration", "TIME", "10s", "how long the load runs"),
                new Option("progress", "WHEN", "auto", "live progress line: auto (on a terminal), always, never"));
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int threads = Runtime.getRuntime().availableProcessors();
        EchoServer server = startEcho(new InetSocketAddress(loopback, options.integer("port", 0, 65535)), threads, out);
        LoadResult result;
        try (StopOnExit stop = StopOnExit.install(name())) { // Ctrl-C: both reports of what was measured
            try {
                out.printf("echo server on %s (backend %s)%n", Fmt.address(server.address()), server.backendName());
                LoadOptions load = new LoadOptions(server.address(), options.integer("conns", 1, LoadOptions.MAX_CONNS),
                        options.bytes("size", 1, 64 << 10), options.integer("depth", 1, 64),
                        options.duration("duration", Duration.ofMillis(100), Duration.ofHours(1)), Duration.ofSeconds(5),
                        LoadCommand.progressOption(options), threads);
                result = LoadClient.run(load, out, stop.requested());
                out.println();
                out.print(result.summary());
            } finally {
                server.close();
            }
            out.println();
            out.print(server.report());
            out.flush();
        }
        return result.exitCode();
    }

    private static EchoServer startEcho(InetSocketAddress wanted, int threads, PrintStream out) throws IOException {
        try {
            return EchoServer.start(new EchoConfig(wanted, 16 << 10, threads));
        } catch (IOException e) {
            if (wanted.getPort() == 0) {
                throw e;
            }
            EchoServer s = EchoServer.start(new EchoConfig(new InetSocketAddress(wanted.getAddress(), 0), 16 << 10, threads));
            out.printf("port %d is not available (%s); using free port %d instead%n", wanted.getPort(), e.getMessage(), s.port());
            return s;
        }
    }
}
