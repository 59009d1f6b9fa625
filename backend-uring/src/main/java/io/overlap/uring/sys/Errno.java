package io.overlap.uring.sys;

/** The errno values this backend tells apart, and their names for messages. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int EMFILE = 24;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    public static final int ETIME = 62;
    public static final int ENOTCONN = 107;
    public static final int ECONNABORTED = 103;
    public static final int ECONNRESET = 104;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EHOSTUNREACH = 113;
    public static final int EALREADY = 114;
    public static final int ECANCELED = 125;
    public static final int ENETUNREACH = 101;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int EACCES = 13;
    public static final int ENOENT = 2;

    private Errno() {
    }

    /**
     * @param errno a positive errno
     * @return its symbolic name and meaning, e.g. {@code ECONNRESET (connection reset by peer)}
     */
    public static String describe(int errno) {
        switch (errno) {
            case EPERM: return "EPERM (operation not permitted)";
            case ENOENT: return "ENOENT (no such entry)";
            case EINTR: return "EINTR (interrupted)";
            case EBADF: return "EBADF (bad file descriptor)";
            case EAGAIN: return "EAGAIN (try again)";
            case ENOMEM: return "ENOMEM (out of memory)";
            case EACCES: return "EACCES (permission denied)";
            case EBUSY: return "EBUSY (busy)";
            case EINVAL: return "EINVAL (invalid argument)";
            case EMFILE: return "EMFILE (too many open files)";
            case EPIPE: return "EPIPE (broken pipe)";
            case ENOSYS: return "ENOSYS (function not implemented)";
            case EADDRINUSE: return "EADDRINUSE (address already in use)";
            case EADDRNOTAVAIL: return "EADDRNOTAVAIL (address not available)";
            case ENETUNREACH: return "ENETUNREACH (network unreachable)";
            case ECONNABORTED: return "ECONNABORTED (connection aborted)";
            case ECONNRESET: return "ECONNRESET (connection reset by peer)";
            case ENOBUFS: return "ENOBUFS (no buffer space)";
            case ENOTCONN: return "ENOTCONN (not connected)";
            case ETIMEDOUT: return "ETIMEDOUT (connection timed out)";
            case ECONNREFUSED: return "ECONNREFUSED (connection refused)";
            case EHOSTUNREACH: return "EHOSTUNREACH (no route to host)";
            case EALREADY: return "EALREADY (already in progress)";
            case ECANCELED: return "ECANCELED (operation canceled)";
            default: return "errno " + errno;
        }
    }
}
