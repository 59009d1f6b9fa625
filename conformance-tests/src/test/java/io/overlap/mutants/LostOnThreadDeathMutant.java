package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultInjector;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Breaks the containment promise (issue 10): when an {@link Error} is thrown inside the backend
 * (here: the moment its fault injector hands one out, as when an I/O thread is about to die),
 * every operation in flight at that moment is lost: its completion is never delivered, as if
 * the dying thread had dropped what it owned.
 */
public final class LostOnThreadDeathMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-lost-on-thread-death";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
            private final Set<Long> lost = ConcurrentHashMap.newKeySet();

            @Override
            protected ProactorConfig.Builder baseConfig(ProactorConfig.Builder real) {
                FaultInjector user = config.faultInjector();
                if (user == FaultInjector.NONE) {
                    return real;
                }
                return real.faultInjector((point, call) -> {
                    Throwable t = user.faultAt(point, call);
                    if (t instanceof Error) {
                        lost.addAll(inFlight);
                    }
                    return t;
                });
            }

            @Override
            protected long submitted(long id) {
                inFlight.add(id);
                return id;
            }

            @Override
            protected void onCompletion(Completion c) {
                inFlight.remove(c.id());
                if (!lost.remove(c.id())) {
                    emit(c);
                }
            }
        };
    }
}
