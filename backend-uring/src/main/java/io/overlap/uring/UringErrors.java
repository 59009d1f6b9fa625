package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.uring.sys.Errno;

/**
 * The one table from errno (a completion's negative result, or a failed system call) to the
 * neutral status. {@code TIMED_OUT} is never produced here: it is the caller's timeout, and a
 * kernel ETIMEDOUT is {@code FAILED}.
 */
final class UringErrors {
    private UringErrors() {
    }

    /**
     * @param errno a positive errno
     * @return its neutral status
     */
    static CompletionStatus status(int errno) {
        switch (errno) {
            case Errno.ECONNRESET:
            case Errno.EPIPE:
            case Errno.ECONNABORTED:
                return CompletionStatus.CONNECTION_RESET;
            case Errno.ECONNREFUSED:
                return CompletionStatus.CONNECTION_REFUSED;
            case Errno.ECANCELED:
                return CompletionStatus.CANCELLED; // the kernel cancelled it (e.g. its ring went away)
            case Errno.ENOBUFS:
                return CompletionStatus.NO_BUFFER;
            case Errno.EBADF:
                return CompletionStatus.CLOSED;
            default:
                return CompletionStatus.FAILED; // ETIMEDOUT, EHOSTUNREACH, EMFILE, ENOMEM...
        }
    }

    /**
     * @param call what failed, e.g. {@code recv}
     * @param errno a positive errno
     * @return the completion's message
     */
    static String message(String call, int errno) {
        return call + ": " + Errno.describe(errno);
    }
}
