package io.overlap.uring.sys;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The C library calls this backend makes, bound by JNA direct mapping (no reflection per call).
 * Pointers are passed as addresses ({@code long}): every block handed to the kernel is native
 * memory owned by its caller. Each call returns -1 (or a negative value) on failure and leaves
 * errno in {@link Native#getLastError()}.
 */
public final class LibC {
    /** {@code syscall(2)} numbers of io_uring; the same on x86-64 and aarch64 (the generic table). */
    public static final int SYS_IO_URING_SETUP = 425;
    /** See {@link #SYS_IO_URING_SETUP}. */
    public static final int SYS_IO_URING_ENTER = 426;
    /** See {@link #SYS_IO_URING_SETUP}. */
    public static final int SYS_IO_URING_REGISTER = 427;

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int EFD_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int SHUT_WR = 1;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int POLLIN = 0x1;
    public static final int PROT_READ_WRITE = 0x3;
    public static final int MAP_SHARED_POPULATE = 0x01 | 0x8000;

    static {
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    /** @return errno of this thread's last call */
    public static int errno() {
        return Native.getLastError();
    }

    /** Forces the binding (and with it JNA's native library) to load; throws a {@link LinkageError} if it cannot. */
    public static void load() {
        // the static initializer did the work
    }

    // the generic system call entry: every io_uring call goes through it (glibc has no wrappers)
    public static native long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    public static native long mmap(long addr, long length, int prot, int flags, int fd, long offset);

    public static native int munmap(long addr, long length);

    public static native int close(int fd);

    public static native int eventfd(int initval, int flags);

    public static native long write(int fd, long buf, long count);

    public static native int socket(int domain, int type, int protocol);

    public static native int bind(int fd, long addr, int addrlen);

    public static native int listen(int fd, int backlog);

    public static native int setsockopt(int fd, int level, int name, long value, int length);

    public static native int getsockopt(int fd, int level, int name, long value, long lengthPtr);

    public static native int getsockname(int fd, long addr, long lengthPtr);

    public static native int getpeername(int fd, long addr, long lengthPtr);

    public static native int shutdown(int fd, int how);

    // caller-thread I/O: one non-blocking call (MSG_DONTWAIT: the socket itself blocks for the ring's sake)

    public static native long recv(int fd, long buf, long len, int flags);

    public static native long send(int fd, long buf, long len, int flags);

    public static native long recvmsg(int fd, long msg, int flags);

    public static native long sendmsg(int fd, long msg, int flags);
}
