package io.overlap.uring;

import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;
import io.overlap.uring.sys.Probe;
import java.io.IOException;

/**
 * The {@code uring} backend: Linux's io_uring, where the kernel lets this process set up a ring
 * with every opcode it needs. Ranked above {@code nio}, so {@code auto} picks it on Linux when
 * the probe passes and falls back to {@code nio} (saying why, at DEBUG) when it does not.
 */
public final class UringBackend implements IoBackend {
    /** The name users select it by. */
    public static final String NAME = "uring";
    private static final System.Logger LOG = System.getLogger(UringBackend.class.getName());
    private static volatile Availability probed;

    /** Creates the provider; cheap, as {@link java.util.ServiceLoader} requires (the probe runs on first ask). */
    public UringBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Availability availability() {
        if (System.getProperty(Probe.FAKE_SETUP_ERRNO) != null) {
            return probe(); // the test seam: never cached, so a test can force and then lift a failure
        }
        Availability a = probed;
        if (a == null) {
            probed = a = probe();
        }
        return a;
    }

    private static Availability probe() {
        String why = Probe.whyNot();
        Availability a = why == null ? Availability.available() : Availability.unavailable(why);
        LOG.log(System.Logger.Level.DEBUG, () -> why == null
                ? "uring backend available: io_uring set up and every opcode it uses probed"
                : "uring backend not available: " + why);
        return a;
    }

    @Override
    public int priority() {
        return 20; // above nio's 10: where io_uring runs it is the native completion API
    }

    @Override
    public Proactor open(ProactorConfig config) throws IOException {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new IOException("the uring backend cannot run here: " + a.reason());
        }
        return UringProactor.open(config);
    }
}
