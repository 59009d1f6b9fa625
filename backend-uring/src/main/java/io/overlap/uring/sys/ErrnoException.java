package io.overlap.uring.sys;

import java.io.IOException;

/** A system call failed; the errno is kept so the backend's error table can map it. */
public final class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    /**
     * @param call the call's name
     * @param errno its errno
     */
    public ErrnoException(String call, int errno) {
        super(call + " failed: " + Errno.describe(errno));
        this.errno = errno;
    }

    /** @return the errno */
    public int errno() {
        return errno;
    }
}
