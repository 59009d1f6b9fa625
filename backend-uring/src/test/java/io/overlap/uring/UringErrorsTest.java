package io.overlap.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.overlap.CompletionStatus;
import io.overlap.uring.sys.Errno;
import org.junit.jupiter.api.Test;

/** The errno table: resets, refusals, the buffer ring's ENOBUFS, and never TIMED_OUT. */
class UringErrorsTest {
    @Test
    void resets_and_refusals_have_their_own_status() {
        assertEquals(CompletionStatus.CONNECTION_RESET, UringErrors.status(Errno.ECONNRESET));
        assertEquals(CompletionStatus.CONNECTION_RESET, UringErrors.status(Errno.EPIPE));
        assertEquals(CompletionStatus.CONNECTION_RESET, UringErrors.status(Errno.ECONNABORTED));
        assertEquals(CompletionStatus.CONNECTION_REFUSED, UringErrors.status(Errno.ECONNREFUSED));
        assertEquals(CompletionStatus.NO_BUFFER, UringErrors.status(Errno.ENOBUFS));
        assertEquals(CompletionStatus.CANCELLED, UringErrors.status(Errno.ECANCELED));
    }

    @Test
    void a_kernel_time_out_is_a_failure_never_the_callers_timeout() {
        assertEquals(CompletionStatus.FAILED, UringErrors.status(Errno.ETIMEDOUT));
        assertEquals(CompletionStatus.FAILED, UringErrors.status(Errno.ETIME));
        for (int errno = 1; errno < 200; errno++) {
            assertNotEquals(CompletionStatus.TIMED_OUT, UringErrors.status(errno), "errno " + errno);
        }
    }

    @Test
    void anything_else_fails_with_its_name_in_the_message() {
        assertEquals(CompletionStatus.FAILED, UringErrors.status(Errno.EMFILE));
        assertEquals(CompletionStatus.FAILED, UringErrors.status(Errno.EHOSTUNREACH));
        assertEquals("accept: EMFILE (too many open files)", UringErrors.message("accept", Errno.EMFILE));
    }
}
