package io.overlap.winsock;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * The Winsock error for what the JDK threw on Linux. The JDK gives no errno, so where one
 * exception type covers several errors (a {@code SocketException} for reset, broken pipe,
 * abort...) the JDK's fixed strerror text tells them apart: acceptable in a test emulation, and
 * each mapping is what Windows reports for the same event.
 */
final class EmuErrors {
    /** Windows' {@code WSAEINVAL}: e.g. listen on an unbound socket. */
    static final int WSAEINVAL = 10022;

    private EmuErrors() {
    }

    static int code(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        if (e instanceof ClosedChannelException) {
            return WinError.ERROR_OPERATION_ABORTED;
        } else if (e instanceof NoRouteToHostException) {
            return WinError.WSAEHOSTUNREACH;
        } else if (e instanceof BindException) {
            return m.contains("assign") ? WinError.WSAEADDRNOTAVAIL
                    : m.contains("permission") ? WinError.WSAEACCES : WinError.WSAEADDRINUSE;
        } else if (e instanceof ConnectException) {
            return m.contains("timed out") ? WinError.WSAETIMEDOUT
                    : m.contains("unreachable") ? WinError.WSAENETUNREACH : WinError.WSAECONNREFUSED;
        } else if (m.contains("reset") || m.contains("broken pipe")) {
            // Windows reports a send to a reset connection as a reset too (Linux: EPIPE)
            return WinError.WSAECONNRESET;
        } else if (m.contains("timed out")) {
            return WinError.WSAETIMEDOUT;
        } else if (m.contains("unreachable")) {
            return WinError.WSAENETUNREACH;
        } else if (m.contains("no buffer space")) {
            return WinError.WSAENOBUFS;
        } else if (m.contains("not connected")) {
            return WinError.WSAENOTCONN;
        }
        return WinError.WSAECONNABORTED;
    }

    static boolean isReset(int code) {
        return code == WinError.WSAECONNRESET;
    }

    /** @return the exception a synchronous call throws for a JDK failure */
    static WinsockException exception(String call, IOException e) {
        int c = code(e);
        WinsockException w = new WinsockException(call, c, String.valueOf(e.getMessage()));
        w.initCause(e);
        return w;
    }

    static WinsockException exception(String call, int code) {
        return new WinsockException(call, code, "");
    }
}
