package io.overlap.mutants;

import io.overlap.Backends;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * A test-only backend that wraps a real one (the system property {@value #BASE_PROPERTY},
 * {@code nio} by default) and breaks exactly one promise of the contract. Never chosen by
 * {@code auto}.
 */
public abstract class MutantBackend implements IoBackend {
    /** Names the real backend the mutants wrap. */
    public static final String BASE_PROPERTY = "io.overlap.mutant.base";

    @Override
    public final Availability availability() {
        return Availability.available();
    }

    @Override
    public final int priority() {
        return -1000;
    }

    @Override
    public final Proactor open(ProactorConfig config) throws IOException {
        ForwardingProactor wrapper = wrap(config);
        Proactor real = base().open(
                wrapper.baseConfig(config.toBuilder().backend(null).completionHandler(wrapper::fromDelegate)).build());
        wrapper.attach(real);
        return wrapper;
    }

    @Override
    public final OptionalLong processHandleCount() {
        return base().processHandleCount();
    }

    /**
     * @param config the user's configuration
     * @return the wrapper that breaks this mutant's promise
     */
    protected abstract ForwardingProactor wrap(ProactorConfig config);

    /** @return the real backend under the mutants */
    static IoBackend base() {
        String name = System.getProperty(BASE_PROPERTY, "nio");
        if (name.startsWith("mutant-")) {
            throw new IllegalStateException(BASE_PROPERTY + " must name a real backend, not " + name);
        }
        return Backends.select(name);
    }
}
