package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.ProactorConfig;

/**
 * Breaks guarantee 4 across threads (issue 10, defect 2): in handler mode, a send submitted by
 * a thread that is not an I/O thread is held back for a while, and a send that a completion
 * handler then submits on the I/O thread for the same connection passes it, so the peer reads
 * the later send's bytes first. Sends from one thread alone keep their order.
 */
public final class CrossThreadReorderMutant extends MutantBackend {
    /** How long a held send waits for a handler's send to overtake it before it goes anyway. */
    private static final long HOLD_MILLIS = 200;

    @Override
    public String name() {
        return "mutant-cross-thread-reorder";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        if (config.completionHandler().isEmpty()) {
            return new ForwardingProactor(name(), config); // queue mode: no submission is made on an I/O thread
        }
        return new Holding(name(), config);
    }

    private static final class Holding extends HeldSends.Holding {
        private final ThreadLocal<Boolean> inHandler = ThreadLocal.withInitial(() -> Boolean.FALSE);

        Holding(String name, ProactorConfig config) {
            super(name, config, HOLD_MILLIS);
        }

        @Override
        protected boolean overtakes(Thread holder) {
            return inHandler.get(); // a handler's send passes the other threads' held ones
        }

        @Override
        protected void onCompletion(Completion c) {
            Completion out = given(c);
            inHandler.set(Boolean.TRUE);
            try {
                emit(out);
            } finally {
                inHandler.set(Boolean.FALSE);
            }
        }
    }
}
