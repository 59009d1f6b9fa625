package io.overlap.bench;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The echo servers by name, as {@code bench.sh} and the smoke test start them.
 *
 * <p>{@code overlap} runs on the backend that the system property {@code io.overlap.backend}
 * names; {@code overlap-<backend>} (e.g. {@code overlap-nio}) asks for that backend. A
 * {@code -pooled} suffix (e.g. {@code overlap-nio-pooled}) receives into pooled buffers leased
 * only when data arrives, instead of one buffer per connection; a {@code -queue} suffix (e.g.
 * {@code overlap-nio-queue}) takes completions from the queue on a consumer thread instead of
 * handler mode.
 */
public final class EchoServers {
    private static final String OVERLAP = "overlap";
    private static final String POOLED = "-pooled";
    private static final String QUEUE = "-queue";

    private static final ImmutableMap<String, Function<ServerOptions, EchoServer>> PEERS =
            ImmutableMap.<String, Function<ServerOptions, EchoServer>>builder()
                    .put("jdk-nio2", Nio2Echo::new)
                    .put("jdk-selector", SelectorEcho::new)
                    .put("netty-nio", o -> new NettyEcho(NettyEcho.Transport.NIO, o))
                    .put("netty-epoll", o -> new NettyEcho(NettyEcho.Transport.EPOLL, o))
                    .put("netty-iouring", o -> new NettyEcho(NettyEcho.Transport.IO_URING, o))
                    .build();

    private EchoServers() {
    }

    /** @return every name that {@link #create} knows, the Overlap ones first */
    public static List<String> names() {
        return ImmutableList.<String>builder()
                .add(OVERLAP, OVERLAP + "-nio", OVERLAP + "-nio" + POOLED, OVERLAP + "-nio" + QUEUE,
                        OVERLAP + "-uring", OVERLAP + "-uring" + POOLED, OVERLAP + "-winsock")
                .addAll(PEERS.keySet()).build();
    }

    /**
     * @param name a server name (see {@link #names()}); {@code overlap-X} takes any backend name X
     * @param options threads and buffer size
     * @return the server, not started
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones)
     */
    public static EchoServer create(String name, ServerOptions options) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(OVERLAP) || n.startsWith(OVERLAP + "-")) {
            String rest = n.substring(OVERLAP.length());
            boolean pooled = false;
            boolean queue = false;
            while (rest.endsWith(POOLED) || rest.endsWith(QUEUE)) {
                pooled |= rest.endsWith(POOLED);
                queue |= rest.endsWith(QUEUE);
                rest = rest.substring(0, rest.lastIndexOf('-'));
            }
            return new OverlapEcho(rest.isEmpty() ? null : rest.substring(1), options, pooled, queue);
        }
        Function<ServerOptions, EchoServer> f = PEERS.get(n);
        if (f == null) {
            throw new IllegalArgumentException("unknown server '" + name + "'; known: " + String.join(", ", names()));
        }
        return f.apply(options);
    }
}
