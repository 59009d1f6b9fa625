package io.overlap.examples.echo;

import io.overlap.examples.cli.Command;
import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Fmt;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import java.io.PrintStream;
import java.util.List;

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
                new Option("recv-size", "BYTES", "16k", "each connection's receive buffer"),
                new Option("threads", "N", String.valueOf(Runtime.getRuntime().availableProcessors()),
                        "I/O threads of the proactor"));
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        EchoConfig config = new EchoConfig(Endpoints.from(options, "bind", true),
                options.bytes("recv-size", EchoConfig.MIN_RECV_SIZE, EchoConfig.MAX_RECV_SIZE),
                options.integer("threads", 1, 256));
        EchoServer server = EchoServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.print(server.report());
            out.flush();
        }, "echo-shutdown"));
        out.printf("echo server listening on %s (backend %s, %d I/O thread%s, %s receive buffer per connection); "
                + "Ctrl-C stops it%n", Fmt.address(server.address()), server.backendName(), config.ioThreads(),
                config.ioThreads() == 1 ? "" : "s", Fmt.size(config.recvSize()));
        out.flush();
        server.awaitStopped();
        return 0;
    }
}
