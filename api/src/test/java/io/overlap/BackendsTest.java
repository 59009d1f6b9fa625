package io.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsTest {

    @Test
    void auto_picks_the_available_backend_with_the_highest_priority() {
        assertEquals("fake-here", Backends.select("auto").name());
    }

    @Test
    void a_name_is_matched_without_regard_to_case() {
        assertEquals("fake-here", Backends.select("FAKE-HERE").name());
    }

    @Test
    void an_unknown_name_fails_with_the_list_of_known_ones() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("iocp"));
        assertTrue(e.getMessage().contains("'iocp'"), e.getMessage());
        assertTrue(e.getMessage().contains("fake-here") && e.getMessage().contains("fake-elsewhere"), e.getMessage());
        assertTrue(e.getMessage().contains("put overlap-backend-iocp (module io.overlap.iocp) on the class path or the module path"),
                e.getMessage());
    }

    @Test
    void no_backend_installed_says_what_to_add_on_either_path() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.select("auto", List.of()));
        assertTrue(e.getMessage().startsWith("no Overlap backend is installed: put overlap-backend-nio"), e.getMessage());
        assertTrue(e.getMessage().contains("class path or the module path"), e.getMessage());
        assertTrue(e.getMessage().contains("--add-modules io.overlap.nio"), e.getMessage());
    }

    @Test
    void a_known_but_unavailable_backend_fails_with_its_reason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> Backends.select("fake-elsewhere"));
        assertTrue(e.getMessage().contains("needs another planet"), e.getMessage());
    }

    @Test
    void the_system_property_names_the_backend_and_defaults_to_auto() {
        String old = System.getProperty(Backends.PROPERTY);
        try {
            System.clearProperty(Backends.PROPERTY);
            assertEquals("auto", Backends.configuredName());
            System.setProperty(Backends.PROPERTY, " nio ");
            assertEquals("nio", Backends.configuredName());
        } finally {
            if (old == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, old);
            }
        }
    }

    @Test
    void config_rejects_bad_values_with_clear_messages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProactorConfig.builder().maxInFlight(0));
        assertTrue(e.getMessage().contains("maxInFlight"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProactorConfig.builder().ioThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ProactorConfig.builder().backend(" "));
    }
}
