package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class SockAddrTest {
    @Test
    void ipv4IsSockaddrInWithTheFamilyLittleEndianAndThePortInNetworkOrder() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(SockAddr.SIZE_IN6);
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0x1234);
        assertEquals(16, SockAddr.encode(a, b));
        assertEquals(0, b.position(), "the buffer's position is not moved");
        byte[] want = {2, 0, 0x12, 0x34, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] got = new byte[16];
        b.get(0, got);
        assertArrayEquals(want, got);
        assertEquals(a, SockAddr.decode(b));
    }

    @Test
    void ipv6IsSockaddrIn6WithWindowsFamily23() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(SockAddr.SIZE_IN6);
        InetSocketAddress a = new InetSocketAddress(InetAddress.getByName("::1"), 443);
        assertEquals(28, SockAddr.encode(a, b));
        assertEquals(23, b.get(0));
        assertEquals(0, b.get(1));
        assertEquals(1, b.get(2));
        assertEquals((byte) 0xBB, b.get(3));
        assertEquals(1, b.get(23), "last byte of ::1");
        assertEquals(a, SockAddr.decode(b));
        assertEquals(true, SockAddr.isIpv6(a));
    }

    @Test
    void anotherFamilyIsRefused() {
        ByteBuffer b = ByteBuffer.allocate(SockAddr.SIZE_IN6);
        b.put(0, (byte) 1); // AF_UNIX
        assertThrows(IllegalArgumentException.class, () -> SockAddr.decode(b));
    }
}
