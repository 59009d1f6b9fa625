package io.overlap.winsock;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Windows {@code sockaddr_in} / {@code sockaddr_in6} to and from {@link InetSocketAddress}. */
public final class SockAddr {
    /** {@code AF_INET}. */
    public static final short AF_INET = 2;
    /** {@code AF_INET6} (23 on Windows, unlike Linux). */
    public static final short AF_INET6 = 23;
    /** {@code sizeof(sockaddr_in)}. */
    public static final int SIZE_IN = 16;
    /** {@code sizeof(sockaddr_in6)}; also the largest, so buffers of this size fit either. */
    public static final int SIZE_IN6 = 28;

    private SockAddr() {
    }

    /**
     * Writes {@code address} at the buffer's position (which is not moved).
     *
     * @param address a resolved address
     * @param out where to write; needs {@link #SIZE_IN6} bytes for IPv6
     * @return the size written ({@code namelen})
     */
    public static int encode(InetSocketAddress address, ByteBuffer out) {
        ByteBuffer b = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        InetAddress ip = address.getAddress();
        int port = address.getPort();
        if (ip instanceof Inet4Address) {
            b.putShort(AF_INET);
            b.put((byte) (port >>> 8)).put((byte) port); // network order
            b.put(ip.getAddress());
            b.putLong(0);
            return SIZE_IN;
        }
        Inet6Address ip6 = (Inet6Address) ip;
        b.putShort(AF_INET6);
        b.put((byte) (port >>> 8)).put((byte) port);
        b.putInt(0); // flow info
        b.put(ip6.getAddress());
        b.putInt(ip6.getScopeId());
        return SIZE_IN6;
    }

    /**
     * Reads an address at the buffer's position (which is not moved).
     *
     * @param in a {@code sockaddr_in} or {@code sockaddr_in6}
     * @return the address
     * @throws IllegalArgumentException for another family
     */
    public static InetSocketAddress decode(ByteBuffer in) {
        ByteBuffer b = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        short family = b.getShort();
        int port = (b.get() & 0xFF) << 8 | (b.get() & 0xFF);
        try {
            if (family == AF_INET) {
                byte[] a = new byte[4];
                b.get(a);
                return new InetSocketAddress(InetAddress.getByAddress(a), port);
            }
            if (family == AF_INET6) {
                b.getInt(); // flow info
                byte[] a = new byte[16];
                b.get(a);
                int scope = b.getInt();
                InetAddress ip = scope != 0 ? Inet6Address.getByAddress(null, a, scope) : InetAddress.getByAddress(a);
                return new InetSocketAddress(ip, port);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address bytes", e); // lengths are fixed above
        }
        throw new IllegalArgumentException("not an IPv4/IPv6 sockaddr: family " + family);
    }

    /**
     * @param address an address
     * @return true if it needs an {@code AF_INET6} socket
     */
    public static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }
}
