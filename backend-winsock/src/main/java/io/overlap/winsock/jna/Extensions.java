package io.overlap.winsock.jna;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.overlap.winsock.WinsockException;

/**
 * The mswsock extension functions ({@code AcceptEx}, {@code ConnectEx},
 * {@code GetAcceptExSockaddrs}), looked up the documented way: {@code WSAIoctl} with
 * {@code SIO_GET_EXTENSION_FUNCTION_POINTER} and the function's GUID, on a socket of the
 * provider that will run them.
 */
final class Extensions {
    private static final byte[] WSAID_ACCEPTEX = guid(0xb5367df1, 0xcbac, 0x11cf,
            0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92);
    private static final byte[] WSAID_GETACCEPTEXSOCKADDRS = guid(0xb5367df2, 0xcbac, 0x11cf,
            0x95, 0xca, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92);
    private static final byte[] WSAID_CONNECTEX = guid(0x25a207b9, 0xddf3, 0x4660,
            0x8e, 0xe9, 0x76, 0xe5, 0x8c, 0x74, 0x06, 0x3e);

    final Function acceptEx;
    final Function getAcceptExSockaddrs;
    final Function connectEx;

    private Extensions(Function acceptEx, Function getAcceptExSockaddrs, Function connectEx) {
        this.acceptEx = acceptEx;
        this.getAcceptExSockaddrs = getAcceptExSockaddrs;
        this.connectEx = connectEx;
    }

    /**
     * @param socket a socket of the family they will be used with
     * @return the three functions
     * @throws WinsockException if the provider does not have them
     */
    static Extensions load(long socket) throws WinsockException {
        return new Extensions(lookup(socket, WSAID_ACCEPTEX, "AcceptEx"),
                lookup(socket, WSAID_GETACCEPTEXSOCKADDRS, "GetAcceptExSockaddrs"),
                lookup(socket, WSAID_CONNECTEX, "ConnectEx"));
    }

    private static Function lookup(long socket, byte[] guid, String name) throws WinsockException {
        try (NativeMem in = new NativeMem(16); NativeMem out = new NativeMem(8); NativeMem returned = new NativeMem(4)) {
            in.pointer.write(0, guid, 0, 16);
            int rc = Ws2.WSAIoctl(socket, Ws2.SIO_GET_EXTENSION_FUNCTION_POINTER, in.address, 16,
                    out.address, 8, returned.address, 0, 0);
            if (rc != 0) {
                int err = Native.getLastError();
                throw new WinsockException("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, " + name + ")", err, "");
            }
            long fp = out.pointer.getLong(0);
            if (fp == 0) {
                throw new WinsockException("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER, " + name + ")", 0,
                        "the provider returned no function");
            }
            return Function.getFunction(new Pointer(fp));
        }
    }

    /** A GUID's 16 bytes as Windows lays them out (the first three fields little-endian). */
    private static byte[] guid(int d1, int d2, int d3, int... d4) {
        byte[] g = new byte[16];
        g[0] = (byte) d1;
        g[1] = (byte) (d1 >>> 8);
        g[2] = (byte) (d1 >>> 16);
        g[3] = (byte) (d1 >>> 24);
        g[4] = (byte) d2;
        g[5] = (byte) (d2 >>> 8);
        g[6] = (byte) d3;
        g[7] = (byte) (d3 >>> 8);
        for (int i = 0; i < 8; i++) {
            g[8 + i] = (byte) d4[i];
        }
        return g;
    }
}
