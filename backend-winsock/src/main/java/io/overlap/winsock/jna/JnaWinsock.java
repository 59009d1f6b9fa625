package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import io.overlap.spi.FaultPoint;
import io.overlap.winsock.IoResult;
import io.overlap.winsock.PortEntries;
import io.overlap.winsock.SockAddr;
import io.overlap.winsock.WinError;
import io.overlap.winsock.Winsock;
import io.overlap.winsock.WinsockException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/** The real {@link Winsock}: ws2_32, mswsock and kernel32 through JNA. Windows x64 only. */
public final class JnaWinsock implements Winsock {
    private static final System.Logger LOG = System.getLogger(JnaWinsock.class.getName());
    private static final JnaWinsock INSTANCE = new JnaWinsock();
    private static final int WSAEINVAL = 10022;

    /** Per-thread copy of a wait's event range when it does not start at index 0. */
    private final ThreadLocal<long[]> waitScratch = ThreadLocal.withInitial(() -> new long[64]);
    private volatile Extensions extensions;
    private volatile boolean noInheritFlagRefused;

    private JnaWinsock() {
    }

    /**
     * Loads the bindings (the first call links ws2_32 and kernel32).
     *
     * @return the instance
     * @throws LinkageError if the libraries or functions cannot be linked here
     */
    public static JnaWinsock load() {
        Ws2.link(); // runs the classes' Native.register
        Kernel32Direct.link();
        Ntdll.link();
        Kernel32.INSTANCE.GetCurrentProcessId();
        return INSTANCE;
    }

    @Override
    public void startup() throws IOException {
        try (NativeMem data = new NativeMem(Ws2.WSADATA_SIZE)) {
            int rc = Ws2.WSAStartup((short) 0x0202, data.address);
            if (rc != 0) {
                throw new WinsockException("WSAStartup", rc, describe(rc));
            }
        }
    }

    @Override
    public void cleanup() {
        if (Ws2.WSACleanup() != 0) {
            LOG.log(System.Logger.Level.DEBUG, "WSACleanup failed: {0}", WinError.name(Native.getLastError()));
        }
    }

    @Override
    public long createEvent() throws IOException {
        long e = Ws2.WSACreateEvent();
        if (e == 0) {
            int err = Native.getLastError();
            throw new WinsockException("WSACreateEvent", err, describe(err));
        }
        return e;
    }

    @Override
    public void setEvent(long event) {
        if (Ws2.WSASetEvent(event) == 0) {
            throw new IllegalStateException("WSASetEvent failed: " + WinError.name(Native.getLastError()));
        }
    }

    @Override
    public void resetEvent(long event) {
        if (Ws2.WSAResetEvent(event) == 0) {
            throw new IllegalStateException("WSAResetEvent failed: " + WinError.name(Native.getLastError()));
        }
    }

    @Override
    public void closeEvent(long event) {
        if (Ws2.WSACloseEvent(event) == 0) {
            LOG.log(System.Logger.Level.WARNING, "WSACloseEvent failed: {0}", WinError.name(Native.getLastError()));
        }
    }

    @Override
    public int waitAny(long[] events, int from, int count, int timeoutMillis) {
        int rc = Ws2.WSAWaitForMultipleEvents(count, range(events, from, count), 0,
                timeoutMillis < 0 ? Ws2.WSA_INFINITE : timeoutMillis, 0);
        return waitResult(rc, count);
    }

    private long[] range(long[] events, int from, int count) {
        if (from == 0) {
            return events;
        }
        long[] arr = waitScratch.get();
        System.arraycopy(events, from, arr, 0, count);
        return arr;
    }

    private static int waitResult(int rc, int count) {
        if (rc >= 0 && rc < count) {
            return rc;
        }
        if (rc == Ws2.WSA_WAIT_TIMEOUT) {
            return WAIT_TIMEOUT;
        }
        throw new IllegalStateException("WSAWaitForMultipleEvents(" + count + ") returned " + rc + ": "
                + WinError.name(Native.getLastError()));
    }

    @Override
    public int waitAlertable(long[] events, int from, int count, int timeoutMillis, RoutineSink sink) {
        CompletionRoutine.reportTo(sink);
        int rc = Ws2.WSAWaitForMultipleEvents(count, range(events, from, count), 0,
                timeoutMillis < 0 ? Ws2.WSA_INFINITE : timeoutMillis, 1);
        return rc == Ws2.WSA_WAIT_IO_COMPLETION ? WAIT_IO_COMPLETION : waitResult(rc, count);
    }

    @Override
    public void useRoutine(Block block, long context) {
        ((JnaBlock) block).routineContext = context;
    }

    @Override
    public long openSocket(boolean ipv6, FaultPoint use) throws IOException {
        int af = ipv6 ? Ws2.AF_INET6 : Ws2.AF_INET;
        int flags = Ws2.WSA_FLAG_OVERLAPPED | (noInheritFlagRefused ? 0 : Ws2.WSA_FLAG_NO_HANDLE_INHERIT);
        long s = Ws2.WSASocketW(af, Ws2.SOCK_STREAM, Ws2.IPPROTO_TCP, 0, 0, flags);
        if (s == Ws2.INVALID_SOCKET) {
            int err = Native.getLastError();
            if (err == WSAEINVAL && !noInheritFlagRefused) {
                // WSA_FLAG_NO_HANDLE_INHERIT needs Windows 7 SP1; without it, try once more plain
                noInheritFlagRefused = true;
                return openSocket(ipv6, use);
            }
            throw new WinsockException("WSASocketW", err, describe(err));
        }
        if (extensions == null) {
            loadExtensions(s);
        }
        return s;
    }

    @Override
    public void bind(long socket, InetSocketAddress local, FaultPoint use) throws IOException {
        try (NativeMem sa = new NativeMem(SockAddr.SIZE_IN6)) {
            int len = SockAddr.encode(local, sa.pointer.getByteBuffer(0, SockAddr.SIZE_IN6));
            if (Ws2.bind(socket, sa.address, len) != 0) {
                int err = Native.getLastError();
                String msg = "bind " + local + ": " + WinError.name(err);
                if (err == WinError.WSAEADDRINUSE || err == WinError.WSAEADDRNOTAVAIL || err == WinError.WSAEACCES) {
                    throw new BindException(msg);
                }
                throw new WinsockException("bind " + local, err, describe(err));
            }
        }
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        if (Ws2.listen(socket, backlog) != 0) {
            int err = Native.getLastError();
            throw new WinsockException("listen", err, describe(err));
        }
    }

    @Override
    public InetSocketAddress localAddress(long socket) throws IOException {
        return SocketCalls.address(socket, true);
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) throws IOException {
        return SocketCalls.address(socket, false);
    }

    @Override
    public void setIntOption(long socket, int level, int name, int value) throws IOException {
        SocketCalls.setIntOption(socket, level, name, value);
    }

    @Override
    public int getIntOption(long socket, int level, int name) throws IOException {
        return SocketCalls.getIntOption(socket, level, name);
    }

    @Override
    public void setLinger(long socket, int seconds) throws IOException {
        SocketCalls.setLinger(socket, seconds);
    }

    @Override
    public int getLinger(long socket) throws IOException {
        return SocketCalls.getLinger(socket);
    }

    @Override
    public void updateAcceptContext(long accepted, long listener) throws IOException {
        SocketCalls.updateAcceptContext(accepted, listener);
    }

    @Override
    public void updateConnectContext(long socket) throws IOException {
        SocketCalls.updateConnectContext(socket);
    }

    @Override
    public int peerError(long socket) {
        return SocketCalls.peerError(socket);
    }

    @Override
    public int shutdownOutput(long socket) {
        return Ws2.shutdown(socket, Ws2.SD_SEND) == 0 ? 0 : Native.getLastError();
    }

    @Override
    public void closeSocket(long socket) {
        if (Ws2.closesocket(socket) != 0) {
            LOG.log(System.Logger.Level.WARNING, "closesocket failed: {0}", WinError.name(Native.getLastError()));
        }
    }

    @Override
    public Block newBlock() throws IOException {
        try {
            return new JnaBlock();
        } catch (OutOfMemoryError e) {
            throw new WinsockException("malloc", WinError.ERROR_NOT_ENOUGH_MEMORY, e.getMessage());
        }
    }

    @Override
    public void freeBlock(Block block) {
        ((JnaBlock) block).free();
    }

    @Override
    public int startRecv(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        JnaBlock b = (JnaBlock) block;
        long routine = b.prepareIo(event);
        long wsabufs = b.fillWsabufs(buffers, count);
        b.mem.setInt(JnaBlock.FLAGS, 0);
        int rc = Ws2.WSARecv(socket, wsabufs, count, 0, b.base + JnaBlock.FLAGS, b.base + JnaBlock.OV, routine);
        return started(rc == 0);
    }

    @Override
    public int startRecvWait(long socket, Block block, long event) {
        JnaBlock b = (JnaBlock) block;
        long routine = b.prepareIo(event);
        long wsabuf = b.wsabufs(1);
        b.mem.setInt(JnaBlock.WSABUF, 0); // len 0
        b.mem.setLong(JnaBlock.WSABUF + 8, b.base + JnaBlock.ACCEPT_BUF); // a valid pointer, never written
        b.mem.setInt(JnaBlock.FLAGS, 0);
        int rc = Ws2.WSARecv(socket, wsabuf, 1, 0, b.base + JnaBlock.FLAGS, b.base + JnaBlock.OV, routine);
        return started(rc == 0);
    }

    @Override
    public int startSend(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        JnaBlock b = (JnaBlock) block;
        long routine = b.prepareIo(event);
        long wsabufs = b.fillWsabufs(buffers, count);
        int rc = Ws2.WSASend(socket, wsabufs, count, 0, 0, b.base + JnaBlock.OV, routine);
        return started(rc == 0);
    }

    @Override
    public int startAccept(long listener, long accepted, Block block, long event) {
        JnaBlock b = (JnaBlock) block;
        b.prepare(event);
        int ok = extensions.acceptEx.invokeInt(new Object[] {listener, accepted,
            new Pointer(b.base + JnaBlock.ACCEPT_BUF), 0, JnaBlock.ACCEPT_ADDR_LEN, JnaBlock.ACCEPT_ADDR_LEN,
            new Pointer(b.base + JnaBlock.BYTES_OUT), new Pointer(b.base + JnaBlock.OV)});
        return started(ok != 0);
    }

    @Override
    public int startConnect(long socket, InetSocketAddress remote, Block block, long event) {
        JnaBlock b = (JnaBlock) block;
        b.prepare(event);
        int len = SockAddr.encode(remote, b.mem.getByteBuffer(JnaBlock.CONNECT_ADDR, SockAddr.SIZE_IN6));
        int ok = extensions.connectEx.invokeInt(new Object[] {socket, new Pointer(b.base + JnaBlock.CONNECT_ADDR),
            len, Pointer.NULL, 0, new Pointer(b.base + JnaBlock.BYTES_OUT), new Pointer(b.base + JnaBlock.OV)});
        return started(ok != 0);
    }

    @Override
    public long result(long socket, Block block) {
        JnaBlock b = (JnaBlock) block;
        b.mem.setInt(JnaBlock.TRANSFER, 0);
        int ok = Ws2.WSAGetOverlappedResult(socket, b.base + JnaBlock.OV, b.base + JnaBlock.TRANSFER, 0,
                b.base + JnaBlock.FLAGS_OUT);
        if (ok != 0) {
            return IoResult.of(0, b.mem.getInt(JnaBlock.TRANSFER) & 0xFFFF_FFFFL);
        }
        int err = Native.getLastError();
        // on failure the byte count so far is the overlapped's InternalHigh
        return IoResult.of(err, b.mem.getLong(JnaBlock.OV_INTERNAL_HIGH));
    }

    @Override
    public AcceptedAddresses acceptedAddresses(Block block) {
        JnaBlock b = (JnaBlock) block;
        extensions.getAcceptExSockaddrs.invokeVoid(new Object[] {new Pointer(b.base + JnaBlock.ACCEPT_BUF), 0,
            JnaBlock.ACCEPT_ADDR_LEN, JnaBlock.ACCEPT_ADDR_LEN,
            new Pointer(b.base + JnaBlock.LOCAL_PTR), new Pointer(b.base + JnaBlock.LOCAL_LEN),
            new Pointer(b.base + JnaBlock.REMOTE_PTR), new Pointer(b.base + JnaBlock.REMOTE_LEN)});
        return new AcceptedAddresses(sockaddrAt(b, JnaBlock.LOCAL_PTR, JnaBlock.LOCAL_LEN),
                sockaddrAt(b, JnaBlock.REMOTE_PTR, JnaBlock.REMOTE_LEN));
    }

    private static InetSocketAddress sockaddrAt(JnaBlock b, int ptrOffset, int lenOffset) {
        Pointer p = new Pointer(b.mem.getLong(ptrOffset));
        return SockAddr.decode(p.getByteBuffer(0, b.mem.getInt(lenOffset)));
    }

    @Override
    public int cancel(long socket, Block block) {
        long ov = block == null ? 0 : ((JnaBlock) block).base + JnaBlock.OV;
        return Kernel32Direct.CancelIoEx(socket, ov) != 0 ? 0 : Native.getLastError();
    }

    @Override
    public long openCurrentThread() {
        return ProcessCalls.openCurrentThread();
    }

    @Override
    public boolean awaitThreadEnd(long thread, int timeoutMillis) {
        return ProcessCalls.awaitThreadEnd(thread, timeoutMillis);
    }

    @Override
    public NativeMemory allocate(int bytes) {
        NativeMem m = new NativeMem(bytes);
        ByteBuffer buffer = m.pointer.getByteBuffer(0, bytes);
        return new NativeMemory() {
            @Override
            public ByteBuffer buffer() {
                return buffer;
            }

            @Override
            public void free() {
                m.close();
            }
        };
    }

    /** {@code GetProcessHandleCount}, or where Wine reports 0 the system handle table's count. */
    @Override
    public OptionalLong processHandleCount() {
        return HandleTable.processHandleCount();
    }

    @Override
    public String describe(int code) {
        return SocketCalls.message(code);
    }

    @Override
    public long createPort() throws IOException {
        return PortCalls.create();
    }

    @Override
    public void associate(long port, long socket) throws IOException {
        PortCalls.associate(port, socket);
    }

    @Override
    public boolean skipOnSuccessSafe(boolean ipv6) {
        return PortCalls.skipOnSuccessSafe(ipv6);
    }

    @Override
    public void skipOnSuccess(long socket) throws IOException {
        PortCalls.skipOnSuccess(socket);
    }

    @Override
    public void postWake(long port) {
        PortCalls.postWake(port);
    }

    @Override
    public int dequeue(long port, PortEntries into, int timeoutMillis) {
        return PortCalls.dequeue(this, port, into, timeoutMillis);
    }

    @Override
    public void closePort(long port) {
        PortCalls.close(port);
    }

    @Override
    public long overlappedAddress(Block block) {
        return ((JnaBlock) block).base + JnaBlock.OV;
    }

    /** 0 if the call started the operation, {@link Winsock#DONE_AT_ONCE} if it finished it, else its error. */
    private static int started(boolean doneAtOnce) {
        if (doneAtOnce) {
            return DONE_AT_ONCE; // the event is signalled and the result is read like any other
        }
        int err = Native.getLastError();
        return err == WinError.WSA_IO_PENDING ? 0 : err;
    }


    /**
     * Windows' TCP/IP providers for IPv4 and IPv6 share mswsock's implementation, so the
     * functions found through the first socket serve both families.
     */
    private synchronized void loadExtensions(long socket) throws WinsockException {
        if (extensions == null) {
            extensions = Extensions.load(socket);
        }
    }
}
