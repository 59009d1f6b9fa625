package io.overlap.winsock.jna;

import com.sun.jna.Native;
import io.overlap.winsock.SockAddr;
import io.overlap.winsock.SockOpt;
import io.overlap.winsock.WinsockException;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The synchronous socket calls of {@link JnaWinsock}: addresses, options and the accept /
 * connect contexts. Each turns a failure into a {@link WinsockException} with the system's
 * message, so the overlapped calls' class keeps only what has a kernel-owned block.
 */
final class SocketCalls {
    static final int SOCKADDR_STORAGE = 128;

    private SocketCalls() {
    }

    static InetSocketAddress address(long socket, boolean local) throws IOException {
        try (NativeMem sa = new NativeMem(SOCKADDR_STORAGE); NativeMem len = new NativeMem(4)) {
            len.pointer.setInt(0, SOCKADDR_STORAGE);
            int rc = local ? Ws2.getsockname(socket, sa.address, len.address)
                    : Ws2.getpeername(socket, sa.address, len.address);
            if (rc != 0) {
                int err = Native.getLastError();
                throw new WinsockException(local ? "getsockname" : "getpeername", err, message(err));
            }
            return SockAddr.decode(sa.pointer.getByteBuffer(0, SOCKADDR_STORAGE));
        }
    }

    static void setIntOption(long socket, int level, int name, int value) throws IOException {
        try (NativeMem v = new NativeMem(4)) {
            v.pointer.setInt(0, value);
            setsockopt(socket, level, name, v.address, 4, SockOpt.name(level, name));
        }
    }

    static int getIntOption(long socket, int level, int name) throws IOException {
        try (NativeMem v = new NativeMem(4)) {
            v.pointer.setInt(0, 0);
            getsockopt(socket, level, name, v, SockOpt.name(level, name));
            return v.pointer.getInt(0);
        }
    }

    static void setLinger(long socket, int seconds) throws IOException {
        try (NativeMem v = new NativeMem(4)) {
            v.pointer.setShort(0, (short) (seconds < 0 ? 0 : 1)); // u_short l_onoff
            v.pointer.setShort(2, (short) Math.max(seconds, 0)); // u_short l_linger
            setsockopt(socket, SockOpt.SOL_SOCKET, SockOpt.SO_LINGER, v.address, 4, "SO_LINGER");
        }
    }

    static int getLinger(long socket) throws IOException {
        try (NativeMem v = new NativeMem(4)) {
            v.pointer.setInt(0, 0);
            getsockopt(socket, SockOpt.SOL_SOCKET, SockOpt.SO_LINGER, v, "SO_LINGER");
            boolean on = v.pointer.getShort(0) != 0;
            return on ? v.pointer.getShort(2) & 0xFFFF : -1;
        }
    }

    private static void getsockopt(long socket, int level, int name, NativeMem value, String what) throws IOException {
        try (NativeMem len = new NativeMem(4)) {
            len.pointer.setInt(0, 4);
            if (Ws2.getsockopt(socket, level, name, value.address, len.address) != 0) {
                int err = Native.getLastError();
                throw new WinsockException("getsockopt(" + what + ")", err, message(err));
            }
        }
    }

    static void updateAcceptContext(long accepted, long listener) throws IOException {
        try (NativeMem v = new NativeMem(8)) {
            v.pointer.setLong(0, listener);
            setsockopt(accepted, Ws2.SOL_SOCKET, Ws2.SO_UPDATE_ACCEPT_CONTEXT, v.address, 8,
                    "SO_UPDATE_ACCEPT_CONTEXT");
        }
    }

    static void updateConnectContext(long socket) throws IOException {
        setsockopt(socket, Ws2.SOL_SOCKET, Ws2.SO_UPDATE_CONNECT_CONTEXT, 0, 0, "SO_UPDATE_CONNECT_CONTEXT");
    }

    private static void setsockopt(long socket, int level, int name, long value, int len, String what) throws IOException {
        if (Ws2.setsockopt(socket, level, name, value, len) != 0) {
            int err = Native.getLastError();
            throw new WinsockException("setsockopt(" + what + ")", err, message(err));
        }
    }

    static int peerError(long socket) {
        try (NativeMem sa = new NativeMem(SOCKADDR_STORAGE); NativeMem len = new NativeMem(4)) {
            len.pointer.setInt(0, SOCKADDR_STORAGE);
            return Ws2.getpeername(socket, sa.address, len.address) == 0 ? 0 : Native.getLastError();
        }
    }

    /** @return the system's text for a Windows error code ({@code FormatMessageW}), or "" */
    static String message(int code) {
        int chars = 512;
        try (NativeMem buf = new NativeMem(chars * 2L)) {
            int n = Kernel32Direct.FormatMessageW(Kernel32Direct.FORMAT_MESSAGE_FROM_SYSTEM
                    | Kernel32Direct.FORMAT_MESSAGE_IGNORE_INSERTS, 0, code, 0, buf.address, chars, 0);
            return n == 0 ? "" : buf.pointer.getWideString(0).strip();
        }
    }
}
