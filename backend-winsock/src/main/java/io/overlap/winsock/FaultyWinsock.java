package io.overlap.winsock;

import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * The fault seam: a {@link Winsock} that asks a {@link FaultInjector} before every call of the
 * one it wraps (the real bindings, or the fake), so a test can make any chosen call fail. It is
 * installed only when the configuration names an injector.
 *
 * <p>An injected {@code IOException} comes out as that call's real failure does:
 * <ul>
 * <li>calls that return a Windows error (the starts, {@code CancelIoEx}, {@code shutdown},
 *     the {@code getpeername} probe) return one: the code of a {@link WinsockException},
 *     {@code WSAECONNRESET} when the message says "reset", {@code WSAECONNREFUSED} for
 *     "refused", {@code WSAETIMEDOUT} for "timed out", else {@code WSAENOBUFS};</li>
 * <li>calls that throw an {@code IOException} throw it (a {@code WinsockException} or
 *     {@code BindException} as it is, any other as a {@code WinsockException} with the code
 *     above);</li>
 * <li>calls whose failure is a backend bug ({@code WSASetEvent}, {@code WSAResetEvent},
 *     {@code WSAWaitForMultipleEvents}, {@code GetAcceptExSockaddrs}) throw an
 *     {@code IllegalStateException}; allocations throw an {@code OutOfMemoryError};</li>
 * <li>releases ({@code closesocket}, {@code WSACloseEvent}, {@code free}, {@code WSACleanup},
 *     the thread-handle wait) only log a failure for real, so an injected one is logged and
 *     the release still happens;</li>
 * <li>{@code WSAGetOverlappedResult} is asked only once the operation is really done (the
 *     injected error then becomes the operation's result, with its real byte count): before,
 *     a failure would tell the backend to free a block the kernel still owns, which the real
 *     call never does.</li>
 * </ul>
 * An injected unchecked exception or error is thrown before the call, as a bug would be.
 */
final class FaultyWinsock implements Winsock {
    private static final System.Logger LOG = System.getLogger(FaultyWinsock.class.getName());

    private final Winsock real;
    private final FaultInjector faults;

    FaultyWinsock(Winsock real, FaultInjector faults) {
        this.real = real;
        this.faults = faults;
    }

    /** @return the Windows error that stands for an injected IOException (see the class comment) */
    static int codeOf(IOException e) {
        if (e instanceof WinsockException w) {
            return w.code();
        }
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("reset")) {
            return WinError.WSAECONNRESET;
        }
        if (m.contains("refused")) {
            return WinError.WSAECONNREFUSED;
        }
        if (m.contains("timed out")) {
            return WinError.WSAETIMEDOUT;
        }
        return WinError.WSAENOBUFS;
    }

    /** @return 0 to make the call, else the error it returns instead */
    private int error(FaultPoint point, String call) {
        try {
            FaultInjector.check(faults, point, call);
            return 0;
        } catch (IOException e) {
            return codeOf(e);
        }
    }

    private void throwing(FaultPoint point, String call) throws IOException {
        try {
            FaultInjector.check(faults, point, call);
        } catch (WinsockException | BindException e) {
            throw e;
        } catch (IOException e) {
            WinsockException w = new WinsockException(call, codeOf(e), e.getMessage());
            w.initCause(e);
            throw w;
        }
    }

    private void release(String call) {
        try {
            FaultInjector.check(faults, FaultPoint.OTHER, call);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, call + " failed (injected): " + e.getMessage());
        }
    }

    private void unchecked(FaultPoint point, String call) {
        FaultInjector.checkUnchecked(faults, point, call);
    }

    @Override
    public void startup() throws IOException {
        throwing(FaultPoint.OTHER, "WSAStartup");
        real.startup();
    }

    @Override
    public void cleanup() {
        release("WSACleanup");
        real.cleanup();
    }

    @Override
    public long createEvent() throws IOException {
        throwing(FaultPoint.REGISTER, "WSACreateEvent");
        return real.createEvent();
    }

    @Override
    public void setEvent(long event) {
        unchecked(FaultPoint.OTHER, "WSASetEvent");
        real.setEvent(event);
    }

    @Override
    public void resetEvent(long event) {
        unchecked(FaultPoint.REGISTER, "WSAResetEvent");
        real.resetEvent(event);
    }

    @Override
    public void resetWakeEvent(long event) {
        unchecked(FaultPoint.OTHER, "WSAResetEvent (wake-up)");
        real.resetEvent(event);
    }

    @Override
    public void closeEvent(long event) {
        release("WSACloseEvent");
        real.closeEvent(event);
    }

    @Override
    public int waitAny(long[] events, int from, int count, int timeoutMillis) {
        unchecked(FaultPoint.WAIT, "WSAWaitForMultipleEvents");
        return real.waitAny(events, from, count, timeoutMillis);
    }

    @Override
    public int waitAlertable(long[] events, int from, int count, int timeoutMillis, RoutineSink sink) {
        unchecked(FaultPoint.WAIT, "WSAWaitForMultipleEvents"); // the same call, alertable
        return real.waitAlertable(events, from, count, timeoutMillis, sink);
    }

    @Override
    public void useRoutine(Block block, long context) {
        real.useRoutine(block, context); // not a native call: nothing to fail
    }

    @Override
    public long openSocket(boolean ipv6, FaultPoint use) throws IOException {
        throwing(use, "WSASocketW");
        return real.openSocket(ipv6, use);
    }

    @Override
    public void bind(long socket, InetSocketAddress local, FaultPoint use) throws IOException {
        throwing(use, "bind");
        real.bind(socket, local, use);
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        throwing(FaultPoint.OTHER, "listen");
        real.listen(socket, backlog);
    }

    @Override
    public InetSocketAddress localAddress(long socket) throws IOException {
        throwing(FaultPoint.OTHER, "getsockname");
        return real.localAddress(socket);
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) throws IOException {
        throwing(FaultPoint.OTHER, "getpeername");
        return real.remoteAddress(socket);
    }

    @Override
    public void setIntOption(long socket, int level, int name, int value) throws IOException {
        throwing(FaultPoint.OTHER, "setsockopt(" + SockOpt.name(level, name) + ")");
        real.setIntOption(socket, level, name, value);
    }

    @Override
    public int getIntOption(long socket, int level, int name) throws IOException {
        throwing(FaultPoint.OTHER, "getsockopt(" + SockOpt.name(level, name) + ")");
        return real.getIntOption(socket, level, name);
    }

    @Override
    public void setLinger(long socket, int seconds) throws IOException {
        throwing(FaultPoint.OTHER, "setsockopt(SO_LINGER)");
        real.setLinger(socket, seconds);
    }

    @Override
    public int getLinger(long socket) throws IOException {
        throwing(FaultPoint.OTHER, "getsockopt(SO_LINGER)");
        return real.getLinger(socket);
    }

    @Override
    public void updateAcceptContext(long accepted, long listener) throws IOException {
        throwing(FaultPoint.OTHER, "setsockopt(SO_UPDATE_ACCEPT_CONTEXT)");
        real.updateAcceptContext(accepted, listener);
    }

    @Override
    public void updateConnectContext(long socket) throws IOException {
        throwing(FaultPoint.OTHER, "setsockopt(SO_UPDATE_CONNECT_CONTEXT)");
        real.updateConnectContext(socket);
    }

    @Override
    public int peerError(long socket) {
        int err = error(FaultPoint.OTHER, "getpeername");
        return err != 0 ? err : real.peerError(socket);
    }

    @Override
    public int shutdownOutput(long socket) {
        int err = error(FaultPoint.OTHER, "shutdown");
        return err != 0 ? err : real.shutdownOutput(socket);
    }

    @Override
    public void closeSocket(long socket) {
        release("closesocket");
        real.closeSocket(socket);
    }

    @Override
    public Block newBlock() throws IOException {
        throwing(FaultPoint.ALLOCATE, "malloc");
        return real.newBlock();
    }

    @Override
    public void freeBlock(Block block) {
        release("free");
        real.freeBlock(block);
    }

    @Override
    public int startRecv(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        int err = error(FaultPoint.READ, "WSARecv");
        return err != 0 ? err : real.startRecv(socket, block, event, buffers, count);
    }

    @Override
    public int startRecvWait(long socket, Block block, long event) {
        int err = error(FaultPoint.READ, "WSARecv");
        return err != 0 ? err : real.startRecvWait(socket, block, event);
    }

    @Override
    public int startSend(long socket, Block block, long event, ByteBuffer[] buffers, int count) {
        int err = error(FaultPoint.WRITE, "WSASend");
        return err != 0 ? err : real.startSend(socket, block, event, buffers, count);
    }

    @Override
    public int startAccept(long listener, long accepted, Block block, long event) {
        int err = error(FaultPoint.ACCEPT, "AcceptEx");
        return err != 0 ? err : real.startAccept(listener, accepted, block, event);
    }

    @Override
    public int startConnect(long socket, InetSocketAddress remote, Block block, long event) {
        int err = error(FaultPoint.CONNECT, "ConnectEx");
        return err != 0 ? err : real.startConnect(socket, remote, block, event);
    }

    @Override
    public long result(long socket, Block block) {
        long r = real.result(socket, block);
        if (IoResult.error(r) == WinError.WSA_IO_INCOMPLETE) {
            return r;
        }
        int err = error(FaultPoint.OTHER, "WSAGetOverlappedResult");
        return err != 0 ? IoResult.of(err, IoResult.bytes(r)) : r;
    }

    @Override
    public AcceptedAddresses acceptedAddresses(Block block) {
        unchecked(FaultPoint.OTHER, "GetAcceptExSockaddrs");
        return real.acceptedAddresses(block);
    }

    @Override
    public int cancel(long socket, Block block) {
        int err = error(FaultPoint.OTHER, "CancelIoEx");
        return err != 0 ? err : real.cancel(socket, block);
    }

    @Override
    public long openCurrentThread() {
        int err = error(FaultPoint.OTHER, "OpenThread");
        return err != 0 ? 0 : real.openCurrentThread();
    }

    @Override
    public boolean awaitThreadEnd(long thread, int timeoutMillis) {
        release("WaitForSingleObject");
        return real.awaitThreadEnd(thread, timeoutMillis);
    }

    @Override
    public NativeMemory allocate(int bytes) {
        unchecked(FaultPoint.ALLOCATE, "malloc");
        return real.allocate(bytes);
    }

    @Override
    public OptionalLong processHandleCount() {
        int err = error(FaultPoint.OTHER, "GetProcessHandleCount");
        return err != 0 ? OptionalLong.empty() : real.processHandleCount();
    }

    @Override
    public String describe(int code) {
        int err = error(FaultPoint.OTHER, "FormatMessageW");
        return err != 0 ? "" : real.describe(code);
    }

    @Override
    public long createPort() throws IOException {
        throwing(FaultPoint.REGISTER, "CreateIoCompletionPort");
        return real.createPort();
    }

    @Override
    public void associate(long port, long socket) throws IOException {
        throwing(FaultPoint.REGISTER, "CreateIoCompletionPort (associate)");
        real.associate(port, socket);
    }

    /** A probe that fails says "not safe": the port then gets every packet. */
    @Override
    public boolean skipOnSuccessSafe(boolean ipv6) {
        return error(FaultPoint.OTHER, "getsockopt(SO_PROTOCOL_INFOW)") == 0 && real.skipOnSuccessSafe(ipv6);
    }

    @Override
    public void skipOnSuccess(long socket) throws IOException {
        throwing(FaultPoint.REGISTER, "SetFileCompletionNotificationModes");
        real.skipOnSuccess(socket);
    }

    @Override
    public void postWake(long port) {
        unchecked(FaultPoint.OTHER, "PostQueuedCompletionStatus");
        real.postWake(port);
    }

    /** Like {@link #result}: a packet's fault becomes its operation's result, once it is really done. */
    @Override
    public int dequeue(long port, PortEntries into, int timeoutMillis) {
        unchecked(FaultPoint.WAIT, "GetQueuedCompletionStatusEx");
        int n = real.dequeue(port, into, timeoutMillis);
        for (int i = 0; i < n; i++) {
            if (into.overlapped(i) != 0) {
                int err = error(FaultPoint.OTHER, "GetQueuedCompletionStatusEx (packet)");
                if (err != 0) {
                    into.set(i, into.overlapped(i), IoResult.of(err, IoResult.bytes(into.result(i))));
                }
            }
        }
        return n;
    }

    @Override
    public void closePort(long port) {
        release("CloseHandle (completion port)");
        real.closePort(port);
    }

    @Override
    public long overlappedAddress(Block block) {
        return real.overlappedAddress(block);
    }
}
