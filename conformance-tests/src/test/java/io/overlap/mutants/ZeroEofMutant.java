package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.ProactorConfig;

/** Breaks guarantee 3: reports end of stream as a receive of 0 bytes with status OK. */
public final class ZeroEofMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-zero-eof";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            @Override
            protected void onCompletion(Completion c) {
                emit(c.status() == CompletionStatus.END_OF_STREAM
                        ? new AlteredCompletion(c, CompletionStatus.OK, 0, c.buffers(), c.attachment())
                        : c);
            }
        };
    }
}
