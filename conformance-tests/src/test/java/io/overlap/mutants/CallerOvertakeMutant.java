package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.ProactorConfig;

/**
 * Breaks guarantee 4 the way caller-thread I/O could (issue 11): in queue mode, a send from one
 * thread is held back for a while as if that thread still owned the connection's send
 * direction, and a send that another thread submits on the same connection meanwhile does its
 * write first, overtaking the owner's. Sends from one thread alone keep their order.
 */
public final class CallerOvertakeMutant extends MutantBackend {
    /** How long a held send waits for another thread's send to overtake it before it goes anyway. */
    private static final long HOLD_MILLIS = 20;

    @Override
    public String name() {
        return "mutant-caller-overtake";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        if (config.completionHandler().isPresent()) {
            return new ForwardingProactor(name(), config); // the broken promise is queue mode's
        }
        return new Overtaking(name(), config);
    }

    private static final class Overtaking extends HeldSends.Holding {
        Overtaking(String name, ProactorConfig config) {
            super(name, config, HOLD_MILLIS);
        }

        @Override
        protected boolean overtakes(Thread holder) {
            return holder != null && holder != Thread.currentThread();
        }

        @Override
        protected void onCompletion(Completion c) {
            emit(given(c));
        }
    }
}
