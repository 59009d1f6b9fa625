package io.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProactorConfigBackendOptionTest {
    private static final String NAME = "io.overlap.test.option";

    @Test
    void anOptionIsKeptAndWinsOverTheSystemProperty() {
        ProactorConfig c = ProactorConfig.builder().backendOption(NAME, "given").build();
        assertEquals(Optional.of("given"), c.backendOption(NAME));
        String before = System.getProperty(NAME);
        System.setProperty(NAME, "property");
        try {
            assertEquals(Optional.of("given"), c.backendOptionOrProperty(NAME));
            assertEquals(Optional.of("property"), ProactorConfig.defaults().backendOptionOrProperty(NAME));
        } finally {
            if (before == null) {
                System.clearProperty(NAME);
            } else {
                System.setProperty(NAME, before);
            }
        }
        assertEquals(Optional.empty(), ProactorConfig.defaults().backendOption(NAME));
        assertTrue(c.toString().contains("options={" + NAME + "=given}"), c.toString());
    }

    @Test
    void toBuilderKeepsTheOptionsAndNullRemovesOne() {
        ProactorConfig c = ProactorConfig.builder().backendOption(NAME, "a").backendOption("io.overlap.other", "b").build();
        ProactorConfig d = c.toBuilder().backendOption(NAME, null).build();
        assertEquals(Optional.of("a"), c.backendOption(NAME));
        assertEquals(Optional.empty(), d.backendOption(NAME));
        assertEquals(Optional.of("b"), d.backendOption("io.overlap.other"));
    }

    @Test
    void aNameOutsideTheProjectsOrABlankValueIsRefusedAndChangesNothing() {
        ProactorConfig.Builder b = ProactorConfig.builder().backendOption(NAME, "kept");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.backendOption("notify", "iocp"));
        assertEquals("a backend option's name is its system property's, io.overlap.*; was notify", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.backendOption(null, "iocp"));
        assertThrows(IllegalArgumentException.class, () -> b.backendOption("io.overlap.", "iocp"));
        assertThrows(IllegalArgumentException.class, () -> b.backendOption(NAME, " "));
        assertEquals(Optional.of("kept"), b.build().backendOption(NAME));
    }
}
