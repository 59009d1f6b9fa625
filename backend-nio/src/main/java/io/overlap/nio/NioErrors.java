package io.overlap.nio;

import io.overlap.CompletionStatus;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * The one table from what the JDK throws to the neutral status. The JDK does not expose errno,
 * so the table reads exception types; {@code TIMED_OUT} is never produced here (it is the
 * caller's timeout; a kernel {@code ETIMEDOUT} is {@code FAILED}).
 *
 * <p>Where the JDK gives only text ({@link #resetByText}): a reset seen by {@code read} is a
 * plain {@code SocketException("Connection reset")} (fixed JDK text); one seen by
 * {@code write} is a plain {@code IOException} carrying the OS's {@code strerror}
 * ({@code "Connection reset by peer"}, {@code "Broken pipe"}); and {@code ConnectException}
 * covers {@code ECONNREFUSED}, {@code ETIMEDOUT} and {@code ENOTCONN} alike. Those are
 * the only rows read by text; {@code strerror} text is English unless the process runs under
 * another {@code LC_MESSAGES}, in which case such a reset reads as {@code FAILED}.
 */
final class NioErrors {
    private NioErrors() {
    }

    /**
     * @param e what an I/O call threw (a checked exception, or an unchecked one from a bug or
     *     the fault seam)
     * @return its neutral status
     */
    static CompletionStatus statusOf(Throwable e) {
        if (e instanceof AsynchronousCloseException || e instanceof ClosedChannelException
                || e instanceof CancelledKeyException) {
            return CompletionStatus.CLOSED; // the channel or its key was closed on our side
        }
        if (e instanceof ConnectException) {
            return timedOutByText(e) ? CompletionStatus.FAILED : CompletionStatus.CONNECTION_REFUSED;
        }
        if (e instanceof PortUnreachableException) {
            return CompletionStatus.CONNECTION_REFUSED; // ICMP port unreachable: nobody listens there
        }
        if (e instanceof NoRouteToHostException || e instanceof BindException
                || e instanceof SocketTimeoutException) {
            return CompletionStatus.FAILED;
        }
        if (e instanceof IOException && resetByText(e)) {
            return CompletionStatus.CONNECTION_RESET;
        }
        return CompletionStatus.FAILED;
    }

    // ---- the rows the JDK leaves to text: only here ----

    private static boolean resetByText(Throwable e) {
        String m = lowerMessage(e);
        return m.startsWith("connection reset") // read: JDK text; write: ECONNRESET
                || m.equals("broken pipe") // write: EPIPE
                || m.contains("connection abort") // ECONNABORTED ("Software caused connection abort")
                || m.contains("forcibly closed"); // WSAECONNRESET, when nio runs on Windows
    }

    private static boolean timedOutByText(Throwable e) {
        return lowerMessage(e).contains("timed out"); // ETIMEDOUT
    }

    private static String lowerMessage(Throwable e) {
        String m = e.getMessage();
        return m == null ? "" : m.toLowerCase(Locale.ROOT);
    }
}
