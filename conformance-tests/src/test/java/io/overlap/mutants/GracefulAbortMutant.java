package io.overlap.mutants;

import io.overlap.Connection;
import io.overlap.ProactorConfig;

/** Breaks the abortive close: {@code abort} closes gracefully, so the peer sees an end of stream, not a reset. */
public final class GracefulAbortMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-graceful-abort";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            @Override
            public void abort(Connection connection) {
                close(connection);
            }
        };
    }
}
