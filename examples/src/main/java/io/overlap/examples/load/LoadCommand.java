package io.overlap.examples.load;

import io.overlap.examples.cli.Command;
import io.overlap.examples.cli.Endpoints;
import io.overlap.examples.cli.Option;
import io.overlap.examples.cli.Options;
import io.overlap.examples.cli.StopOnExit;
import io.overlap.examples.cli.UsageException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** {@code load}: runs the load client against an echo server; exit status 0 only without errors. */
public final class LoadCommand implements Command {
    /** The most buffer memory the send and receive buffers of all connections together may need. */
    private static final long MAX_BUFFER_BYTES = 1L << 30;

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "load an echo server, check every echoed byte, print rates and latencies (exit 1 on any error)";
    }

    @Override
    public List<Option> options() {
        return List.of(
                new Option("host", "ADDRESS", "127.0.0.1", "the echo server's host"),
                new Option("port", "N", String.valueOf(Endpoints.DEFAULT_PORT), "the echo server's port"),
                new Option("conns", "N", "100", "connections"),
                new Option("size", "BYTES", "64", "bytes per message"),
                new Option("depth", "N", "1", "messages in flight per connection"),
                new Option("duration", "TIME", "10s", "how long to run, e.g. 10s, 500ms, 2m"),
                new Option("connect-timeout", "TIME", "5s", "how long one connect may take"),
                new Option("progress", "WHEN", "auto", "live progress line: auto (on a terminal), always, never"),
                new Option("threads", "N", String.valueOf(Runtime.getRuntime().availableProcessors()),
                        "I/O threads of the proactor"));
    }

    @Override
    public int run(Options options, PrintStream out) throws Exception {
        LoadOptions o = parse(options);
        try (StopOnExit stop = StopOnExit.install(name())) { // Ctrl-C: the summary of what was measured
            LoadResult result = LoadClient.run(o, out, stop.requested());
            out.println();
            out.print(result.summary());
            out.flush();
            return result.exitCode();
        }
    }

    static LoadOptions parse(Options options) throws UsageException {
        int conns = options.integer("conns", 1, LoadOptions.MAX_CONNS);
        int size = options.bytes("size", 1, LoadOptions.MAX_SIZE);
        int depth = options.integer("depth", 1, LoadOptions.MAX_DEPTH);
        long perConnection = (long) size * depth + Math.min((long) size * depth, 64 << 10);
        if (perConnection * conns > MAX_BUFFER_BYTES) {
            throw new UsageException("--conns x --size x --depth needs more than 1 GiB of buffers; make one smaller");
        }
        return new LoadOptions(Endpoints.from(options, "host", false), conns, size, depth,
                options.duration("duration", Duration.ofMillis(100), Duration.ofHours(24)),
                options.duration("connect-timeout", Duration.ofMillis(10), Duration.ofMinutes(10)),
                progressOption(options), options.integer("threads", 1, 256));
    }

    /**
     * @param options parsed options with a {@code progress} option
     * @return its value
     * @throws UsageException if it is not auto, always or never
     */
    public static LoadOptions.Progress progressOption(Options options) throws UsageException {
        try {
            return LoadOptions.Progress.valueOf(options.string("progress").trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--progress must be auto, always or never, was '" + options.string("progress") + "'");
        }
    }
}
