package io.overlap.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BackendUnavailableException;
import io.overlap.Backends;
import io.overlap.spi.Availability;
import io.overlap.uring.sys.Probe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe's answer names its cause, and {@code auto} falls back to nio when it says no. */
class UringAvailabilityTest {
    @AfterEach
    void liftTheFake() {
        System.clearProperty(Probe.FAKE_SETUP_ERRNO);
    }

    @Test
    void a_setup_refused_with_eperm_names_seccomp_and_auto_picks_nio() {
        System.setProperty(Probe.FAKE_SETUP_ERRNO, "EPERM");
        Availability a = new UringBackend().availability();
        assertFalse(a.isAvailable());
        assertTrue(a.reason().contains("EPERM") && a.reason().contains("seccomp")
                && a.reason().contains("io_uring_disabled"), a.reason());
        assertEquals("nio", Backends.select("auto").name(), "auto falls back to nio when the probe fails");
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select("uring"));
        assertTrue(e.getMessage().contains("EPERM"), e.getMessage());
    }

    @Test
    void a_kernel_without_io_uring_is_named_as_such() {
        System.setProperty(Probe.FAKE_SETUP_ERRNO, "ENOSYS");
        Availability a = new UringBackend().availability();
        assertFalse(a.isAvailable());
        assertTrue(a.reason().contains("ENOSYS") && a.reason().contains("no io_uring"), a.reason());
        assertThrows(java.io.IOException.class, () -> new UringBackend().open());
    }

    @Test
    void where_the_probe_passes_auto_prefers_uring_over_nio() {
        String why = Probe.whyNot();
        if (why == null) {
            assertEquals("uring", Backends.select("auto").name());
        } else {
            // not Linux, or io_uring blocked here: the reason is one of the probe's own
            assertEquals("nio", Backends.select("auto").name(), why);
        }
        assertTrue(new UringBackend().priority() > new io.overlap.nio.NioBackend().priority());
    }
}
