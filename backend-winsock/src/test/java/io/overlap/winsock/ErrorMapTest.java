package io.overlap.winsock;

import static io.overlap.CompletionStatus.CANCELLED;
import static io.overlap.CompletionStatus.CLOSED;
import static io.overlap.CompletionStatus.CONNECTION_REFUSED;
import static io.overlap.CompletionStatus.CONNECTION_RESET;
import static io.overlap.CompletionStatus.FAILED;
import static io.overlap.CompletionStatus.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One test per row of the error table. */
class ErrorMapTest {
    @Test
    void abortedIsCancelled() {
        assertEquals(CANCELLED, ErrorMap.status(WinError.ERROR_OPERATION_ABORTED));
    }

    @Test
    void resetsAreConnectionReset() {
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.WSAECONNRESET));
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.ERROR_NETNAME_DELETED));
    }

    @Test
    void anAbortByTheLocalStackIsConnectionReset() {
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.WSAECONNABORTED));
        assertEquals(CONNECTION_RESET, ErrorMap.status(WinError.ERROR_CONNECTION_ABORTED));
    }

    @Test
    void refusalsAreConnectionRefused() {
        assertEquals(CONNECTION_REFUSED, ErrorMap.status(WinError.WSAECONNREFUSED));
        assertEquals(CONNECTION_REFUSED, ErrorMap.status(WinError.ERROR_CONNECTION_REFUSED));
    }

    @Test
    void aTcpTimeoutIsAFailureNotTheCallersTimeout() {
        assertEquals(FAILED, ErrorMap.status(WinError.WSAETIMEDOUT));
        assertEquals(FAILED, ErrorMap.status(WinError.ERROR_SEM_TIMEOUT));
    }

    @Test
    void noBufferSpaceIsAFailure() {
        assertEquals(FAILED, ErrorMap.status(WinError.WSAENOBUFS));
        assertEquals(FAILED, ErrorMap.status(WinError.ERROR_NOT_ENOUGH_MEMORY));
    }

    @Test
    void aSendAfterShutdownIsClosed() {
        assertEquals(CLOSED, ErrorMap.status(WinError.WSAESHUTDOWN));
        assertEquals(CLOSED, ErrorMap.status(WinError.ERROR_PIPE_NOT_CONNECTED)); // as a port reports it
    }

    @Test
    void unreachableNetworksAndHostsAreFailures() {
        assertEquals(FAILED, ErrorMap.status(WinError.WSAENETUNREACH));
        assertEquals(FAILED, ErrorMap.status(WinError.ERROR_NETWORK_UNREACHABLE));
        assertEquals(FAILED, ErrorMap.status(WinError.WSAEHOSTUNREACH));
        assertEquals(FAILED, ErrorMap.status(WinError.ERROR_HOST_UNREACHABLE));
    }

    @Test
    void whatAPortReportsAfterALocalAbortMayBeThatAbortButAPeersResetCodeIsNot() {
        assertTrue(ErrorMap.mayBeLocalAbort(WinError.ERROR_OPERATION_ABORTED));
        assertTrue(ErrorMap.mayBeLocalAbort(WinError.ERROR_NETNAME_DELETED));
        assertTrue(ErrorMap.mayBeLocalAbort(WinError.ERROR_CONNECTION_ABORTED));
        assertFalse(ErrorMap.mayBeLocalAbort(WinError.WSAECONNRESET));
        assertFalse(ErrorMap.mayBeLocalAbort(WinError.ERROR_CONNECTION_REFUSED));
    }

    @Test
    void unknownCodesAreFailedWithTheirCodeAndText() {
        assertEquals(FAILED, ErrorMap.status(12345));
        String m = ErrorMap.message(12345, "WSARecv", "Something odd.\\r\\n");
        assertTrue(m.startsWith("WSARecv failed: error 12345: Something odd."), m);
        assertEquals("WSASend failed: WSAENOBUFS (10055)", ErrorMap.message(WinError.WSAENOBUFS, "WSASend", ""));
    }

    @Test
    void noCodeIsEverTheCallersTimeout() {
        for (int code = 0; code < 12_000; code++) {
            assertNotEquals(TIMED_OUT, ErrorMap.status(code), WinError.name(code));
        }
    }
}
