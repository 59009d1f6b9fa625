package io.overlap.winsock;

/** The Winsock option levels and names the backend sets ({@code winsock2.h}, {@code ws2ipdef.h}). */
public final class SockOpt {
    /** Socket-level options. */
    public static final int SOL_SOCKET = 0xFFFF;
    /** TCP-level options. */
    public static final int IPPROTO_TCP = 6;
    /** {@code TCP_NODELAY} (a {@code BOOL}). */
    public static final int TCP_NODELAY = 0x0001;
    /** {@code SO_KEEPALIVE} (a {@code BOOL}). */
    public static final int SO_KEEPALIVE = 0x0008;
    /** {@code SO_SNDBUF} (an {@code int}). */
    public static final int SO_SNDBUF = 0x1001;
    /** {@code SO_RCVBUF} (an {@code int}). */
    public static final int SO_RCVBUF = 0x1002;
    /** {@code SO_LINGER} (a {@code struct linger}). */
    public static final int SO_LINGER = 0x0080;
    /** {@code SO_REUSEADDR}: on Windows it lets a socket bind a port that a live socket holds. */
    public static final int SO_REUSEADDR = 0x0004;
    /** {@code SO_EXCLUSIVEADDRUSE} ({@code ~SO_REUSEADDR}): no other socket may bind the port. */
    public static final int SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;

    private SockOpt() {
    }

    /**
     * @param level an option level
     * @param name an option name
     * @return the option's name, for messages
     */
    public static String name(int level, int name) {
        if (level == IPPROTO_TCP && name == TCP_NODELAY) {
            return "TCP_NODELAY";
        }
        if (level != SOL_SOCKET) {
            return level + "/" + name;
        }
        switch (name) {
            case SO_KEEPALIVE: return "SO_KEEPALIVE";
            case SO_SNDBUF: return "SO_SNDBUF";
            case SO_RCVBUF: return "SO_RCVBUF";
            case SO_LINGER: return "SO_LINGER";
            case SO_REUSEADDR: return "SO_REUSEADDR";
            case SO_EXCLUSIVEADDRUSE: return "SO_EXCLUSIVEADDRUSE";
            default: return "SOL_SOCKET/" + name;
        }
    }
}
