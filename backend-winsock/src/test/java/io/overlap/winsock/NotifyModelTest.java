package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** How the notification model is named and selected. */
class NotifyModelTest {
    @Test
    void parsesEachModelByItsNameCaseAndSpaceAside() {
        assertEquals(NotifyModel.EVENT, NotifyModel.parse("event"));
        assertEquals(NotifyModel.ROUTINE, NotifyModel.parse(" Routine "));
        assertEquals(NotifyModel.IOCP, NotifyModel.parse("IOCP"));
    }

    @Test
    void anUnknownValueNamesTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotifyModel.parse("poll"));
        assertEquals("io.overlap.winsock.notify must be one of event, routine, iocp; was 'poll'", e.getMessage());
    }

    @Test
    void theDefaultsUseTheCompletionPort() {
        assertEquals(NotifyModel.IOCP, Tuning.DEFAULTS.model());
        assertEquals(NotifyModel.EVENT, Tuning.DEFAULTS.withNotify(NotifyModel.EVENT).model());
    }

    @Test
    void aProactorConfigChoosesTheModelAndAWrongOneNamesTheValidOnes() {
        assertEquals(NotifyModel.ROUTINE, NotifyModel.of(io.overlap.ProactorConfig.builder()
                .backendOption(NotifyModel.PROPERTY, "routine").build()));
        assertEquals(NotifyModel.EVENT, Tuning.of(io.overlap.ProactorConfig.builder()
                .backendOption(NotifyModel.PROPERTY, " Event ").build()).model());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NotifyModel.of(
                io.overlap.ProactorConfig.builder().backendOption(NotifyModel.PROPERTY, "select").build()));
        assertEquals("io.overlap.winsock.notify must be one of event, routine, iocp; was 'select'", e.getMessage());
    }
}
