package io.overlap.examples;

import io.overlap.Backends;
import io.overlap.examples.chat.ChatCommand;
import io.overlap.examples.cli.Command;
import io.overlap.examples.cli.Logging;
import io.overlap.examples.cli.Options;
import io.overlap.examples.cli.UsageException;
import io.overlap.examples.echo.EchoCommand;
import io.overlap.examples.load.LoadCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The examples jar's entry point: {@code java -jar overlap-examples.jar <demo|chat|echo|load> [options]}.
 * The backend is chosen with {@code -Dio.overlap.backend=nio|winsock|auto}.
 */
public final class Main {
    /** Exit status for bad command-line input. */
    public static final int USAGE_ERROR = 2;

    private static final List<Command> COMMANDS =
            List.of(new DemoCommand(), new ChatCommand(), new EchoCommand(), new LoadCommand());

    private Main() {
    }

    /**
     * Runs a subcommand and exits with its status.
     *
     * @param args the subcommand and its options
     */
    public static void main(String[] args) {
        Logging.configureOneLineFormat();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs a subcommand without exiting (what {@link #main} and the tests call).
     *
     * @param args the subcommand and its options
     * @param out where results go
     * @param err where usage errors and failures go
     * @return the exit status: 0 for success, {@value #USAGE_ERROR} for bad input, 1 otherwise
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(usage());
            return args.length == 0 ? USAGE_ERROR : 0;
        }
        Optional<Command> found = COMMANDS.stream().filter(c -> c.name().equals(args[0])).findFirst();
        if (found.isEmpty()) {
            err.println("overlap-examples: unknown command '" + args[0] + "'");
            err.print(usage());
            return USAGE_ERROR;
        }
        Command command = found.get();
        try {
            Options options = Options.parse(command.options(), Arrays.asList(args).subList(1, args.length));
            return command.run(options, out);
        } catch (UsageException e) {
            if (e.helpRequested()) {
                out.print(usage(command));
                return 0;
            }
            err.println("overlap-examples " + command.name() + ": " + e.getMessage());
            err.print(usage(command));
            return USAGE_ERROR;
        } catch (Exception e) {
            err.println("overlap-examples " + command.name() + ": " + e);
            return 1;
        }
    }

    /** @return the general usage text */
    static String usage() {
        StringBuilder sb = new StringBuilder("usage: java [-D" + Backends.PROPERTY
                + "=auto|nio|winsock] -jar overlap-examples.jar COMMAND [--option VALUE ...]\n\ncommands:\n");
        for (Command c : COMMANDS) {
            sb.append(String.format(Locale.ROOT, "  %-6s %s\n", c.name(), c.summary()));
        }
        sb.append("\n'COMMAND --help' lists a command's options.\n");
        return sb.toString();
    }

    private static String usage(Command c) {
        return "usage: java [-D" + Backends.PROPERTY + "=auto|nio|winsock] -jar overlap-examples.jar "
                + c.name() + " [--option VALUE ...]\n" + c.summary() + "\n\noptions:\n" + Options.describe(c.options());
    }
}
