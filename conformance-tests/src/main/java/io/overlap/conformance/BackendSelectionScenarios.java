package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Backends;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.IoBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/** The suite runs on the backend the system property names, and says so. */
public class BackendSelectionScenarios extends ScenarioSupport {

    @Test
    void proactor_runs_on_the_backend_the_system_property_names(TestReporter report) {
        String configured = Backends.configuredName();
        String ran = io.proactor().backendName();
        report.publishEntry("backend", ran);
        report.publishEntry("os.name", System.getProperty("os.name"));
        System.out.println("Overlap conformance: backend=" + ran + " (" + Backends.PROPERTY + "=" + configured
                + "), os.name=" + System.getProperty("os.name") + ", java=" + System.getProperty("java.version"));
        IoBackend selected = Backends.select(configured);
        assertEquals(selected.name(), ran, "Proactor.backendName() must name the backend that was selected");
        if (!configured.equalsIgnoreCase(Backends.AUTO)) {
            assertTrue(ran.equalsIgnoreCase(configured), () -> "asked for " + configured + ", ran " + ran);
        }
    }

    @Test
    void unknown_backend_name_fails_listing_the_known_ones() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Proactor.open(ProactorConfig.builder().backend("no-such-backend").build()).close());
        String m = e.getMessage();
        assertTrue(m.contains("no-such-backend") && m.contains(io.proactor().backendName()),
                () -> "the message must name the unknown backend and list the known ones: " + m);
    }
}
