package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.BackendUnavailableException;
import io.overlap.Backends;
import io.overlap.ProactorConfig;
import io.overlap.spi.Availability;
import org.junit.jupiter.api.Test;

/** The provider as seen from a non-Windows JVM (this class runs in the OS-neutral test set). */
class WinsockBackendTest {
    @Test
    void isFoundByTheServiceLoaderWithItsNameAndAPriorityAboveNio() {
        WinsockBackend b = (WinsockBackend) Backends.installed().stream()
                .filter(x -> x.name().equals("winsock")).findFirst().orElseThrow();
        assertEquals(20, b.priority());
    }

    @Test
    void saysWhyItIsUnavailableOffWindows() {
        Availability a = WinsockBackend.check("Linux", "64");
        assertFalse(a.isAvailable());
        assertEquals("winsock needs Windows; os.name is Linux", a.reason());
        Availability bits = WinsockBackend.check("Windows 10", "32");
        assertFalse(bits.isAvailable());
        assertTrue(bits.reason().contains("64-bit"), bits.reason());
    }

    @Test
    void selectingItFollowsItsAvailabilityOnThisMachine() throws Exception {
        String os = System.getProperty("os.name");
        if (new WinsockBackend().availability().isAvailable()) {
            assertTrue(os.startsWith("Windows"), os);
            assertEquals("winsock", Backends.select("winsock").name());
            return;
        }
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.select("winsock"));
        assertTrue(e.getMessage().contains("winsock needs Windows; os.name is " + os), e.getMessage());
        assertThrows(BackendUnavailableException.class,
                () -> new WinsockBackend().open(ProactorConfig.defaults()));
    }
}
