package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import java.util.concurrent.atomic.AtomicLong;

/** Breaks guarantee 1: delivers one completion (each proactor's third) twice. */
public final class DuplicateMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-duplicate";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            private final AtomicLong seen = new AtomicLong();

            @Override
            protected void onCompletion(Completion c) {
                emit(c);
                if (seen.incrementAndGet() == 3) {
                    emit(c);
                }
            }
        };
    }
}
