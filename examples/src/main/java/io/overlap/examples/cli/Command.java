package io.overlap.examples.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of the examples jar ({@code demo}, {@code chat}, {@code echo}, {@code load}). */
public interface Command {
    /** @return the word that selects it on the command line */
    String name();

    /** @return one line saying what it does */
    String summary();

    /** @return the options it takes */
    List<Option> options();

    /**
     * Runs the command until it is done (or, for a server, until it is stopped).
     *
     * @param options the parsed options
     * @param out where results are printed
     * @return the process exit status: 0 for success
     * @throws Exception if it cannot run; the caller reports it
     */
    int run(Options options, PrintStream out) throws Exception;
}
