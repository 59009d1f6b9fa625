package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import java.util.concurrent.atomic.AtomicLong;

/** Breaks guarantee 1: loses every 1,000th completion. */
public final class DropMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-drop";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            private final AtomicLong seen = new AtomicLong();

            @Override
            protected void onCompletion(Completion c) {
                if (seen.incrementAndGet() % 1000 != 0) {
                    emit(c);
                }
            }
        };
    }
}
