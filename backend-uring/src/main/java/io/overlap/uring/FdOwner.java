package io.overlap.uring;

import io.overlap.spi.AbstractHandle;
import io.overlap.uring.sys.ErrnoException;
import io.overlap.uring.sys.Sockets;

/**
 * The one owner of a handle's fd: counts the handle's entries in the kernel, and closes the fd
 * once the handle is closing and the last of them has completed, so that the kernel never
 * works on an fd number that was closed and reused. Loop thread only, except
 * {@link #guarded} and {@link #resetOnClose}: socket options are set from any thread, so the
 * close and those calls hold this object's lock, and neither reaches a number the OS may
 * already have handed to another socket.
 */
final class FdOwner {
    /** A call on the fd while it is still this handle's. */
    @FunctionalInterface
    interface FdCall<T> {
        T call(int fd) throws ErrnoException;
    }

    final Loop loop;
    final int fd;
    final UringHandle handle;
    /** Entries in the kernel that name {@link #fd}. */
    int entries;
    /** The handle is closing: nothing new is started on the fd. */
    boolean closing;
    /** Written under the lock (by the loop, or after it is gone); read under it by other threads. */
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
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            Sockets.close(fd);
        }
        loop.handles.remove(handle);
    }

    /**
     * Runs an option call on an open handle's fd, any thread.
     *
     * @param h the handle (its own state says open or not: once it is closed, or aborted with
     *     its linger 0 already set, no option may change what its close does)
     * @param what for the exception, e.g. {@code setOption(SO_RCVBUF)}
     * @param call the call
     * @return what the call returned
     * @throws io.overlap.HandleClosedException if the handle is closed or the fd is gone
     * @throws ErrnoException if the OS refused it
     */
    synchronized <T> T guarded(AbstractHandle h, String what, FdCall<T> call) throws ErrnoException {
        if (released || !h.isOpen()) {
            throw h.closedException(what);
        }
        return call.call(fd);
    }

    /**
     * Sets {@code SO_LINGER} 0 so that the close resets the connection; any thread, on a handle
     * already marked closed (an abort), so only the fd is checked.
     *
     * @return false if the fd was already closed (nothing is left to reset)
     * @throws ErrnoException if the OS refused it
     */
    synchronized boolean resetOnClose() throws ErrnoException {
        if (released) {
            return false;
        }
        Sockets.setLinger(fd, 0);
        return true;
    }

    /** @return true once the fd was closed; the caller holds this object's lock */
    boolean releasedHeld() {
        return released;
    }

    /** @return true once the fd was closed */
    synchronized boolean isReleased() {
        return released;
    }
}
