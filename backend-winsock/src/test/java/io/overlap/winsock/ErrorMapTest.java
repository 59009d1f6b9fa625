package io.overlap.winsock;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.CONNECTION_REFUSED;
import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static io.overlap.CompletionStatus.FAILED;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One test per row of the error table. */
class ErrorMapTest {
    @Test
    void abortedIsCancelledOrTheReasonTheBackendAbortedIt() {
        assertEquals(CANCELLED, ErrorMap.status(WinError.ERROR_OPERATION_ABORTED, null, false));
        assertEquals(CANCELLED, ErrorMap.status(WinError.ERROR_OPERATION_ABORTED, CANCELLED, false));
        assertEquals(TIMED_OUT, ErrorMap.status(WinError.ERROR_OPERATION_ABORTED, TIMED_OUT, false));
    }

    @Test
    void resetsAreConnectionReset() {
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.WSAECONNRESET, null, false));
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.ERROR_NETNAME_DELETED, null, false));
    }

    @Test
    void anAbortByTheLocalStackIsConnectionReset() {
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.WSAECONNABORTED, null, false));
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.ERROR_CONNECTION_ABORTED, null, false));
    }

    @Test
    void refusalsAreConnectionRefused() {
        assertEquals(CONNECTION_REFUSED, ErrorMap.status(WinError.WSAECONNREFUSED, null, false));
        assertEquals(CONNECTION_REFUSED, ErrorMap.status(WinError.ERROR_CONNECTION_REFUSED, null, false));
    }

    @Test
    void aTcpTimeoutIsAFailureNotTheCallersTimeout() {
        assertEquals(FAILED, ErrorMap.status(WinError.WSAETIMEDOUT, null, false));
        assertEquals(FAILED, ErrorMap.status(WinError.ERROR_SEM_TIMEOUT, null, false));
    }

    @Test
    void noBufferSpaceIsAFailure() {
        assertEquals(FAILED, ErrorMap.status(WinError.WSAENOBUFS, null, false));
    }

    @Test
    void aSendAfterShutdownIsClosed() {
        assertEquals(CLOSED, ErrorMap.status(WinError.WSAESHUTDOWN, null, false));
    }

    @Test
    void unknownCodesAreFailedWithTheirCodeAndText() {
        assertEquals(FAILED, ErrorMap.status(12345, null, false));
        String m = ErrorMap.message(12345, "WSARecv", "Something odd.\\r\\n");
        assertTrue(m.startsWith("WSARecv failed: error 12345: Something odd."), m);
        assertEquals("WSASend failed: WSAENOBUFS (10055)", ErrorMap.message(WinError.WSAENOBUFS, "WSASend", ""));
    }

    @Test
    void anyFailureAfterALocalCloseIsThatClose() {
        for (int code : new int[] {WinError.WSAECONNRESET, WinError.ERROR_NETNAME_DELETED, WinError.WSAENOTSOCK,
            WinError.ERROR_OPERATION_ABORTED, WinError.ERROR_CONNECTION_ABORTED, 4242}) {
            assertEquals(CANCELLED, ErrorMap.status(code, null, true), WinError.name(code));
        }
    }
}
