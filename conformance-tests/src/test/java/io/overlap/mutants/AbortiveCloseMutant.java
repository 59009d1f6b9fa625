package io.overlap.mutants;

import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.ProactorConfig;

/** Breaks the graceful close: closing a connection aborts it, so the peer sees a reset, not an end of stream. */
public final class AbortiveCloseMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-abortive-close";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            @Override
            public void close(Handle handle) {
                if (handle instanceof Connection c && handle.isOpen()) {
                    abort(c);
                } else {
                    super.close(handle);
                }
            }
        };
    }
}
