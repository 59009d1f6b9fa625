package io.overlap.uring.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.net.InetSocketAddress;

/** The socket calls made outside the ring (none of them waits, but a close with a positive linger): create, options, bind, listen, shutdown, close. */
public final class Sockets {
    private Sockets() {
    }

    /**
     * @param family {@link LibC#AF_INET} or {@link LibC#AF_INET6}
     * @return a new TCP socket (blocking: the ring waits for it, never a thread)
     * @throws ErrnoException if socket(2) fails
     */
    public static int open(int family) throws ErrnoException {
        int fd = LibC.socket(family, LibC.SOCK_STREAM | LibC.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new ErrnoException("socket", LibC.errno());
        }
        return fd;
    }

    /**
     * @param fd a socket
     * @param level SOL_SOCKET, IPPROTO_TCP...
     * @param name the option
     * @param value its int value
     * @throws ErrnoException if setsockopt(2) fails
     */
    public static void setInt(int fd, int level, int name, int value) throws ErrnoException {
        try (Memory m = new Memory(4)) {
            m.setInt(0, value);
            if (LibC.setsockopt(fd, level, name, Pointer.nativeValue(m), 4) < 0) {
                throw new ErrnoException("setsockopt", LibC.errno());
            }
        }
    }

    /**
     * @param fd a socket
     * @param level SOL_SOCKET, IPPROTO_TCP...
     * @param name the option
     * @return its int value
     * @throws ErrnoException if getsockopt(2) fails
     */
    public static int getInt(int fd, int level, int name) throws ErrnoException {
        try (Memory m = new Memory(8)) {
            m.setInt(0, 0);
            m.setInt(4, 4);
            long a = Pointer.nativeValue(m);
            if (LibC.getsockopt(fd, level, name, a, a + 4) < 0) {
                throw new ErrnoException("getsockopt", LibC.errno());
            }
            return m.getInt(0);
        }
    }

    /**
     * Sets {@code SO_LINGER}, whose value is a {@code struct linger} rather than an int.
     *
     * @param fd a socket
     * @param seconds the time to linger, or negative for off
     * @throws ErrnoException if setsockopt(2) fails
     */
    public static void setLinger(int fd, int seconds) throws ErrnoException {
        try (Memory m = new Memory(8)) {
            m.setInt(0, seconds >= 0 ? 1 : 0); // l_onoff
            m.setInt(4, Math.max(seconds, 0)); // l_linger
            if (LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, Pointer.nativeValue(m), 8) < 0) {
                throw new ErrnoException("setsockopt", LibC.errno());
            }
        }
    }

    /**
     * @param fd a socket
     * @return the seconds it lingers, or -1 when off
     * @throws ErrnoException if getsockopt(2) fails
     */
    public static int getLinger(int fd) throws ErrnoException {
        try (Memory m = new Memory(12)) {
            m.clear();
            m.setInt(8, 8);
            long a = Pointer.nativeValue(m);
            if (LibC.getsockopt(fd, LibC.SOL_SOCKET, LibC.SO_LINGER, a, a + 8) < 0) {
                throw new ErrnoException("getsockopt", LibC.errno());
            }
            return m.getInt(0) != 0 ? m.getInt(4) : -1;
        }
    }

    /**
     * @param fd a socket
     * @param local the address to bind
     * @throws ErrnoException if bind(2) fails
     */
    public static void bind(int fd, InetSocketAddress local) throws ErrnoException {
        try (Memory m = SockAddr.block()) {
            int len = SockAddr.encode(m, local);
            if (LibC.bind(fd, Pointer.nativeValue(m), len) < 0) {
                throw new ErrnoException("bind", LibC.errno());
            }
        }
    }

    /**
     * Binds and listens.
     *
     * @param fd a socket
     * @param local the address
     * @param backlog the backlog
     * @throws ErrnoException if bind(2) or listen(2) fails
     */
    public static void bindListen(int fd, InetSocketAddress local, int backlog) throws ErrnoException {
        bind(fd, local);
        if (LibC.listen(fd, backlog) < 0) {
            throw new ErrnoException("listen", LibC.errno());
        }
    }

    /**
     * @param fd a connected socket
     * @throws ErrnoException if shutdown(2) fails
     */
    public static void shutdownOutput(int fd) throws ErrnoException {
        if (LibC.shutdown(fd, LibC.SHUT_WR) < 0) {
            throw new ErrnoException("shutdown", LibC.errno());
        }
    }

    /** @param fd an fd this backend owns and gives up now */
    public static void close(int fd) {
        LibC.close(fd);
    }

    /**
     * @param buffer a direct buffer
     * @return the address of its first byte (not its position)
     */
    public static long address(java.nio.ByteBuffer buffer) {
        return Pointer.nativeValue(com.sun.jna.Native.getDirectBufferPointer(buffer));
    }
}
