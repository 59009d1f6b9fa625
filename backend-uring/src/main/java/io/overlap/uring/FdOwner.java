package io.overlap.uring;

import io.overlap.uring.sys.Sockets;

/**
 * The one owner of a handle's fd: counts the handle's entries in the kernel, and closes the fd
 * once the handle is closing and the last of them has completed, so that the kernel never
 * works on an fd number that was closed and reused. Loop thread only.
 */
final class FdOwner {
    final Loop loop;
    final int fd;
    final UringHandle handle;
    /** Entries in the kernel that name {@link #fd}. */
    int entries;
    /** The handle is closing: nothing new is started on the fd. */
    boolean closing;
    private boolean released;

    FdOwner(Loop loop, int fd, UringHandle handle) {
        this.loop = loop;
        this.fd = fd;
        this.handle = handle;
    }

    /** Closes the fd if the handle is closing and the kernel holds no entry of it. */
    void releaseIfDone() {
        if (closing && entries == 0) {
            release();
        }
    }

    /** Closes the fd now (once): the caller knows no entry of it is in the kernel, or gives up on them. */
    void release() {
        if (!released) {
            released = true;
            Sockets.close(fd);
            loop.handles.remove(handle);
        }
    }

    /** @return true once the fd was closed */
    boolean isReleased() {
        return released;
    }
}
