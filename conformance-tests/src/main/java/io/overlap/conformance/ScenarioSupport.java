package io.overlap.conformance;

import io.overlap.CompletionHandler;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/**
 * What every scenario class shares: a proactor on the backend named by the system property
 * {@code io.overlap.backend} (opened fresh for each scenario), more proactors on demand, a bound
 * on each scenario's time, and, after each scenario, the exactly-once check of every operation
 * it submitted (guarantee 1).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class ScenarioSupport {
    /** The scenario's proactor, in queue mode with the default configuration. */
    protected Harness io;
    private final List<Harness> more = new ArrayList<>();

    /** Creates the scenario support; JUnit calls it. */
    protected ScenarioSupport() {
    }

    /**
     * Opens the scenario's proactor.
     *
     * @throws IOException if the backend cannot open
     */
    @BeforeEach
    protected final void openProactor() throws IOException {
        io = Harness.open(ProactorConfig.builder(), loopback());
    }

    /** @return the loopback address the scenario's proactors listen, connect and peer on */
    protected InetAddress loopback() {
        return Harness.LOOPBACK;
    }

    /** Closes every proactor of the scenario and checks that each of its operations completed exactly once. */
    @AfterEach
    protected final void closeAndCheckExactlyOnce() {
        AssertionError failure = null;
        List<Harness> all = new ArrayList<>(more);
        all.add(io);
        more.clear();
        for (Harness h : all) {
            try {
                h.close();
            } catch (AssertionError | RuntimeException e) {
                if (failure == null) {
                    failure = new AssertionError("after the scenario: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Opens another proactor in queue mode, closed and checked after the scenario.
     *
     * @param config its configuration (no backend: the property decides)
     * @return its harness
     * @throws IOException if the backend cannot open
     */
    protected final Harness open(ProactorConfig.Builder config) throws IOException {
        Harness h = Harness.open(config, loopback());
        more.add(h);
        return h;
    }

    /**
     * Opens another proactor in handler mode, closed and checked after the scenario.
     *
     * @param config its configuration (no backend: the property decides)
     * @param then called for each completion on the backend's thread, or {@code null}
     * @return its harness
     * @throws IOException if the backend cannot open
     */
    protected final Harness openHandlerMode(ProactorConfig.Builder config, CompletionHandler then) throws IOException {
        Harness h = Harness.openHandlerMode(config, then, loopback());
        more.add(h);
        return h;
    }
}
