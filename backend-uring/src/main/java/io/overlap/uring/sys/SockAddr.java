package io.overlap.uring.sys;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * struct sockaddr_in / sockaddr_in6 in native memory: encoded for bind and connect, decoded
 * from accept, getsockname and getpeername. Family in host order, port in network order.
 */
public final class SockAddr {
    /** Room for either family (sizeof(struct sockaddr_in6) is 28), plus a socklen_t at {@link #LEN_AT}. */
    public static final int SIZE = 32;
    /** Where a socklen_t for the length lives in a block made by {@link #block()}. */
    public static final int LEN_AT = SIZE;

    private SockAddr() {
    }

    /** @return a zeroed block for one address and its length */
    public static Memory block() {
        Memory m = new Memory(SIZE + 8);
        m.clear();
        return m;
    }

    /**
     * @param a an address
     * @return its family, {@link LibC#AF_INET} or {@link LibC#AF_INET6}
     */
    public static int family(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address ? LibC.AF_INET6 : LibC.AF_INET;
    }

    /**
     * Writes {@code a} at the start of {@code m}.
     *
     * @param m a block from {@link #block()}
     * @param a a resolved address
     * @return the sockaddr's length
     */
    public static int encode(Memory m, InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        int port = a.getPort();
        m.clear();
        if (ip instanceof Inet4Address) {
            m.setShort(0, (short) LibC.AF_INET);
            m.setByte(2, (byte) (port >>> 8));
            m.setByte(3, (byte) port);
            m.write(4, ip.getAddress(), 0, 4);
            return 16;
        }
        m.setShort(0, (short) LibC.AF_INET6);
        m.setByte(2, (byte) (port >>> 8));
        m.setByte(3, (byte) port);
        m.write(8, ip.getAddress(), 0, 16);
        m.setInt(24, ((Inet6Address) ip).getScopeId());
        return 28;
    }

    /**
     * @param p where a sockaddr is
     * @return it as an address
     * @throws IOException for a family other than IPv4 and IPv6
     */
    public static InetSocketAddress decode(Pointer p) throws IOException {
        int family = p.getShort(0) & 0xFFFF;
        int port = ((p.getByte(2) & 0xFF) << 8) | (p.getByte(3) & 0xFF);
        byte[] ip;
        if (family == LibC.AF_INET) {
            ip = p.getByteArray(4, 4);
        } else if (family == LibC.AF_INET6) {
            ip = p.getByteArray(8, 16);
        } else {
            throw new IOException("unexpected address family " + family);
        }
        try {
            InetAddress addr = InetAddress.getByAddress(ip); // an IPv4-mapped IPv6 address becomes IPv4
            if (addr instanceof Inet6Address && p.getInt(24) != 0) {
                addr = Inet6Address.getByAddress(null, ip, p.getInt(24));
            }
            return new InetSocketAddress(addr, port);
        } catch (UnknownHostException e) {
            throw new IOException(e);
        }
    }

    /**
     * @param fd a socket
     * @param peer true for getpeername, false for getsockname
     * @return the address
     * @throws IOException with the errno if the call fails
     */
    public static InetSocketAddress query(int fd, boolean peer) throws IOException {
        try (Memory m = block()) {
            m.setInt(LEN_AT, SIZE);
            long addr = Pointer.nativeValue(m);
            int r = peer ? LibC.getpeername(fd, addr, addr + LEN_AT) : LibC.getsockname(fd, addr, addr + LEN_AT);
            if (r < 0) {
                throw new ErrnoException(peer ? "getpeername" : "getsockname", LibC.errno());
            }
            return decode(m);
        }
    }
}
