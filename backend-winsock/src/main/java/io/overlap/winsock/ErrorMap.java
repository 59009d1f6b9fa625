package io.overlap.winsock;

import io.overlap.CompletionStatus;

/**
 * The one table from Windows error codes to neutral statuses. Context decides two rows: an
 * aborted operation reports why it was aborted (a cancel, a timeout), and any failure after
 * the handle was closed here is that close ({@code CANCELLED}), not the error the close caused.
 */
final class ErrorMap {
    private ErrorMap() {
    }

    /**
     * @param code the Windows error of a failed operation (not 0)
     * @param abortReason why the backend cancelled it ({@code CANCELLED} or {@code TIMED_OUT}),
     *     or {@code null} if it did not
     * @param closedLocally true if its handle (or the proactor) was closed on this side
     * @return the neutral status
     */
    static CompletionStatus status(int code, CompletionStatus abortReason, boolean closedLocally) {
        if (closedLocally) {
            return CompletionStatus.CANCELLED;
        }
        switch (code) {
            case WinError.ERROR_OPERATION_ABORTED:
                return abortReason != null ? abortReason : CompletionStatus.CANCELLED;
            case WinError.WSAECONNRESET:
            case WinError.ERROR_NETNAME_DELETED:
            case WinError.WSAECONNABORTED:
            case WinError.ERROR_CONNECTION_ABORTED:
                return CompletionStatus.CONNECTION_RESET;
            case WinError.WSAECONNREFUSED:
            case WinError.ERROR_CONNECTION_REFUSED:
                return CompletionStatus.CONNECTION_REFUSED;
            case WinError.WSAESHUTDOWN:
                return CompletionStatus.CLOSED;
            default:
                // WSAETIMEDOUT (the TCP stack gave up, not the caller's timeout), WSAENOBUFS,
                // unreachable networks and anything unknown: FAILED, with the code and its text
                return CompletionStatus.FAILED;
        }
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
