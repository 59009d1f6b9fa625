package io.overlap.examples.chat;

import io.overlap.examples.cli.Command;
import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Fmt;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** {@code chat}: runs the chat server until SIGINT/SIGTERM, which it answers with a clean shutdown. */
public final class ChatCommand implements Command {
    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String summary() {
        return "run the chat server (line-based: try nc or telnet) until Ctrl-C";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("port", "N", String.valueOf(Endpoints.DEFAULT_PORT), "port to listen on, 0 for any free one"),
                new Option("bind", "ADDRESS", "127.0.0.1", "address to listen on; 0.0.0.0 opens it to the network"),
                new Option("max-clients", "N", String.valueOf(ChatConfig.DEFAULT_MAX_CLIENTS), "room size; more are refused politely"),
                new Option("max-line", "BYTES", "4k", "longest line a client may send"),
                new Option("max-queue", "BYTES", "256k", "most bytes waiting for one client before it is cut as too slow"),
                new Option("send-timeout", "TIME", "30s", "longest one send to a client may take"),
                new Option("recv-size", "BYTES", "4k", "one pooled receive buffer (leased when data arrives, "
                        + "given back once decoded)"),
                new Option("pool-buffers", "N", String.valueOf(ChatConfig.DEFAULT_POOL_BUFFERS),
                        "the most receive buffers ever allocated; receives beyond that wait for one"));
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        int maxLine = options.bytes("max-line", 16, 1 << 20);
        ChatConfig config = new ChatConfig(Endpoints.from(options, "bind", true),
                options.integer("max-clients", 1, 1_000_000), maxLine,
                options.bytes("max-queue", maxLine, 1 << 30),
                options.duration("send-timeout", Duration.ofMillis(100), Duration.ofHours(1)), Duration.ofSeconds(2),
                options.bytes("recv-size", 16, 1 << 20), options.integer("pool-buffers", 1, 1 << 20));
        ChatServer server = ChatServer.start(config);
        // printed, not logged: java.util.logging resets its handlers in a shutdown hook of its own
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("chat server stopping: telling everyone goodbye");
            out.flush();
            server.close();
            out.println("chat server stopped");
            out.flush();
        }, "chat-shutdown"));
        String at = Fmt.address(server.address());
        out.printf("chat server on %s (backend %s); join with: nc %s %d; Ctrl-C stops it%n", at,
                server.backendName(), server.address().getAddress().isAnyLocalAddress() ? "127.0.0.1"
                        : server.address().getAddress().getHostAddress(), server.port());
        out.flush();
        server.awaitStopped();
        return 0;
    }
}
