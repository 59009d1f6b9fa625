package io.overlap.nio;

import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;
import java.io.IOException;

/** The {@code nio} backend: runs wherever the JDK has a {@link java.nio.channels.Selector}. */
public final class NioBackend implements IoBackend {
    /** The name users select it by. */
    public static final String NAME = "nio";

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires. */
    public NioBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        return Availability.available();
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Proactor open(ProactorConfig config) throws IOException {
        return NioProactor.open(config);
    }
}
