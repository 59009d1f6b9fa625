package io.overlap.winsock;

import io.overlap.CompletionStatus;

/**
 * The one table from Windows error codes to neutral statuses. It says what the OS said: why
 * the backend aborted an operation (its cancel, its timeout, a reset another operation saw) is
 * the backend's to add, and the rule that a failure after a local close is that close belongs
 * to the core. Never {@code TIMED_OUT}: that status is the caller's timeout, not the TCP
 * stack's.
 */
final class ErrorMap {
    private ErrorMap() {
    }

    /**
     * @param code the Windows error of a failed operation (not 0)
     * @return the neutral status
     */
    static CompletionStatus status(int code) {
        switch (code) {
            case WinError.ERROR_OPERATION_ABORTED:
                return CompletionStatus.CANCELLED;
            case WinError.WSAECONNRESET:
            case WinError.ERROR_NETNAME_DELETED:
            case WinError.WSAECONNABORTED:
            case WinError.ERROR_CONNECTION_ABORTED:
                return CompletionStatus.CONNECTION_RESET;
            case WinError.WSAECONNREFUSED:
            case WinError.ERROR_CONNECTION_REFUSED:
                return CompletionStatus.CONNECTION_REFUSED;
            case WinError.WSAESHUTDOWN:
            case WinError.ERROR_PIPE_NOT_CONNECTED:
                return CompletionStatus.CLOSED;
            default:
                // WSAETIMEDOUT / ERROR_SEM_TIMEOUT (the TCP stack gave up, not the caller's timeout),
                // WSAENOBUFS, unreachable networks and hosts (WSAENETUNREACH, ERROR_NETWORK_UNREACHABLE,
                // WSAEHOSTUNREACH, ERROR_HOST_UNREACHABLE) and anything unknown: FAILED, with the code and its text
                return CompletionStatus.FAILED;
        }
    }

    /**
     * Whether a code is what Windows gives an operation this side ended: {@code CancelIoEx}
     * ({@code ERROR_OPERATION_ABORTED}) or, as a completion port reports the status, the socket
     * going away under it ({@code ERROR_NETNAME_DELETED}, {@code ERROR_CONNECTION_ABORTED}).
     * When the backend aborted the operation itself, or its handle was closed here, such a code
     * is that abort, not a reset by the peer: the backend knows which side it was.
     *
     * @param code the Windows error
     * @return true if it may stand for a local abort
     */
    static boolean mayBeLocalAbort(int code) {
        return code == WinError.ERROR_OPERATION_ABORTED || code == WinError.ERROR_NETNAME_DELETED
                || code == WinError.ERROR_CONNECTION_ABORTED;
    }

    /**
     * @param code the Windows error
     * @param what what failed, e.g. {@code "WSARecv"}
     * @param system the system's text for the code, or empty
     * @return the completion's message
     */
    static String message(int code, String what, String system) {
        String s = what + " failed: " + WinError.name(code);
        return system == null || system.isBlank() ? s : s + ": " + system.strip();
    }
}
