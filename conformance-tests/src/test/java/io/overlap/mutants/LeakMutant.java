package io.overlap.mutants;

import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** Breaks guarantee 9: every connection close leaves one socket open for good. */
public final class LeakMutant extends MutantBackend {
    private static final List<SocketChannel> LEAKED = new ArrayList<>();

    @Override
    public String name() {
        return "mutant-leak";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            @Override
            protected void closeHandle(Handle h) {
                super.closeHandle(h);
                if (h instanceof Connection) {
                    try {
                        SocketChannel lost = SocketChannel.open();
                        synchronized (LEAKED) {
                            LEAKED.add(lost);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
    }

    /** Closes what the mutant leaked, so that the tests after it start clean. */
    static void closeLeaks() {
        synchronized (LEAKED) {
            for (SocketChannel ch : LEAKED) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // best effort: the JVM ends soon
                }
            }
            LEAKED.clear();
        }
    }
}
