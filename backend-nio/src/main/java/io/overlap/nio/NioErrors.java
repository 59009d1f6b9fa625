package io.overlap.nio;

import io.overlap.CompletionStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Maps the JDK's socket exceptions onto the neutral statuses. The JDK does not expose errno,
 * so the mapping reads the exception type and the OS message it carries.
 */
final class NioErrors {
    private NioErrors() {
    }

    static CompletionStatus statusOf(IOException e) {
        if (e instanceof ClosedChannelException) {
            return CompletionStatus.CLOSED;
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (e instanceof ConnectException && m.contains("refused")) {
            return CompletionStatus.CONNECTION_REFUSED;
        }
        if (m.contains("connection reset") || m.contains("broken pipe") || m.contains("connection aborted")
                || m.contains("forcibly closed")) {
            return CompletionStatus.CONNECTION_RESET;
        }
        if (e instanceof SocketTimeoutException || m.contains("timed out")) {
            return CompletionStatus.TIMED_OUT;
        }
        return CompletionStatus.FAILED;
    }

    static String messageOf(IOException e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
