package io.overlap.bench;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The echo servers by name, as {@code bench.sh} and the smoke test start them.
 *
 * <p>{@code overlap} runs on the backend that the system property {@code io.overlap.backend}
 * names; {@code overlap-<backend>} (e.g. {@code overlap-nio}) asks for that backend. A
 * {@code -pooled} suffix (e.g. {@code overlap-nio-pooled}) receives into pooled buffers leased
 * only when data arrives, instead of one buffer per connection; a {@code -queue} suffix (e.g.
 * {@code overlap-nio-queue}) takes completions from the queue on a consumer thread instead of
 * handler mode, and {@code -queueN} (e.g. {@code overlap-nio-queue4}) on N worker threads that
 * share the queue, as a server with its own thread pool does.
 */
public final class EchoServers {
    private static final String OVERLAP = "overlap";
    private static final String POOLED = "-pooled";
    private static final String QUEUE = "-queue";
    /** The worker threads of the queue-mode server that the default bench run compares. */
    private static final int QUEUE_WORKERS = 4;
    private static final Pattern QUEUE_SUFFIX = Pattern.compile("-queue(\\d*)$");

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
                        OVERLAP + "-nio" + QUEUE + QUEUE_WORKERS, OVERLAP + "-uring", OVERLAP + "-uring" + POOLED,
                        OVERLAP + "-uring" + QUEUE + QUEUE_WORKERS, OVERLAP + "-winsock")
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
            int workers = 0;
            while (true) {
                Matcher queue = QUEUE_SUFFIX.matcher(rest);
                if (rest.endsWith(POOLED)) {
                    pooled = true;
                } else if (queue.find()) {
                    workers = queue.group(1).isEmpty() ? 1 : Integer.parseInt(queue.group(1));
                    if (workers < 1) {
                        throw new IllegalArgumentException("a queue-mode server needs at least one worker: '" + name + "'");
                    }
                } else {
                    break;
                }
                rest = rest.substring(0, rest.lastIndexOf('-'));
            }
            return new OverlapEcho(rest.isEmpty() ? null : rest.substring(1), options, pooled, workers);
        }
        Function<ServerOptions, EchoServer> f = PEERS.get(n);
        if (f == null) {
            throw new IllegalArgumentException("unknown server '" + name + "'; known: " + String.join(", ", names()));
        }
        return f.apply(options);
    }
}
