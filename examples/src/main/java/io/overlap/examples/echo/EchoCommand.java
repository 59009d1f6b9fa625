package io.overlap.examples.echo;

import io.overlap.examples.cli.Command;
import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Fmt;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import io.overlap.examples.cli.UsageException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code echo}: runs the echo server until SIGINT/SIGTERM, then prints its statistics. */
public final class EchoCommand implements Command {
    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String summary() {
        return "run the echo server until Ctrl-C; prints statistics when it stops";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("port", "N", String.valueOf(Endpoints.DEFAULT_PORT), "port to listen on, 0 for any free one"),
                new Option("bind", "ADDRESS", "127.0.0.1", "address to listen on; 0.0.0.0 opens it to the network"),
                new Option("recv", "MODE", RecvMode.POOLED.label(), "pooled: lease a buffer only when data arrives "
                        + "(idle connections hold none); caller: a buffer per connection for its whole life"),
                new Option("recv-size", "BYTES", "16k", "one receive buffer, the most one echo step moves"),
                new Option("pool-buffers", "N", String.valueOf(EchoConfig.DEFAULT_POOL_BUFFERS),
                        "pooled: the most buffers ever allocated, so the most connections echoing at once; "
                        + "more wait for a buffer"),
                new Option("threads", "N", String.valueOf(Runtime.getRuntime().availableProcessors()),
                        "I/O threads of the proactor"));
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        EchoConfig config = parse(options);
        EchoServer server = EchoServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.print(server.report());
            out.flush();
        }, "echo-shutdown"));
        out.printf("echo server listening on %s (backend %s, %d I/O thread%s, %s); Ctrl-C stops it%n",
                Fmt.address(server.address()), server.backendName(), config.ioThreads(),
                config.ioThreads() == 1 ? "" : "s", describeReceives(config));
        out.flush();
        server.awaitStopped();
        return 0;
    }

    static EchoConfig parse(Options options) throws UsageException {
        RecvMode mode;
        try {
            mode = RecvMode.valueOf(options.string("recv").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--recv must be pooled or caller, was '" + options.string("recv") + "'");
        }
        int recvSize = options.bytes("recv-size", EchoConfig.MIN_RECV_SIZE, EchoConfig.MAX_RECV_SIZE);
        int poolBuffers = options.integer("pool-buffers", 1, 1 << 24);
        if ((long) recvSize * poolBuffers > EchoConfig.MAX_POOL_BYTES) {
            throw new UsageException("--pool-buffers x --recv-size may not exceed 1 GiB; make one smaller");
        }
        return new EchoConfig(Endpoints.from(options, "bind", true), mode, recvSize, poolBuffers,
                options.integer("threads", 1, 256));
    }

    /** @return how connections receive, for the start-up line */
    static String describeReceives(EchoConfig config) {
        return config.recv() == RecvMode.POOLED
                ? "pooled receives: " + Fmt.size(config.recvSize()) + " buffers leased on arrival, at most "
                        + Fmt.count(config.poolBuffers()) + " (" + Fmt.size((long) config.recvSize() * config.poolBuffers())
                        + "); idle connections hold none"
                : "caller receives: a " + Fmt.size(config.recvSize()) + " buffer held by every connection";
    }
}
