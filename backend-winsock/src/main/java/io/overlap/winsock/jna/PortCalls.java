package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.overlap.winsock.IoResult;
import io.overlap.winsock.PortEntries;
import io.overlap.winsock.WinError;
import io.overlap.winsock.Winsock;
import io.overlap.winsock.WinsockException;
import java.io.IOException;

/** The completion-port calls of {@link JnaWinsock} (kernel32, and ws2_32's protocol info). */
final class PortCalls {
    private static final System.Logger LOG = System.getLogger(PortCalls.class.getName());
    private static final long INVALID_HANDLE_VALUE = -1L;
    private static final byte FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 1;
    private static final byte FILE_SKIP_SET_EVENT_ON_HANDLE = 2;
    private static final int SO_PROTOCOL_INFOW = 0x2005;
    /** sizeof(WSAPROTOCOL_INFOW) is 628; dwServiceFlags1 is its first field. */
    private static final int PROTOCOL_INFO_SIZE = 628;
    private static final int XP1_IFS_HANDLES = 0x0002_0000;
    private static final int WAIT_TIMEOUT = 258;
    // OVERLAPPED_ENTRY (x64): lpCompletionKey, lpOverlapped, Internal, dwNumberOfBytesTransferred (+ pad)
    private static final int ENTRY_SIZE = 32;
    private static final int ENTRY_OVERLAPPED = 8;
    private static final int ENTRY_BYTES = 24;

    private PortCalls() {
    }

    static long create() throws IOException {
        long port = Kernel32Direct.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1);
        if (port == 0) {
            throw error("CreateIoCompletionPort");
        }
        return port;
    }

    static void associate(long port, long socket) throws IOException {
        if (Kernel32Direct.CreateIoCompletionPort(socket, port, 0, 0) == 0) {
            throw error("CreateIoCompletionPort (associate)");
        }
    }

    static void skipOnSuccess(long socket) throws IOException {
        if (Kernel32Direct.SetFileCompletionNotificationModes(socket,
                (byte) (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE)) == 0) {
            throw error("SetFileCompletionNotificationModes");
        }
    }

    /** Opens a socket of the family, reads its provider's flags, closes it. */
    static boolean skipOnSuccessSafe(boolean ipv6) {
        long s = Ws2.WSASocketW(ipv6 ? Ws2.AF_INET6 : Ws2.AF_INET, Ws2.SOCK_STREAM, Ws2.IPPROTO_TCP, 0, 0,
                Ws2.WSA_FLAG_OVERLAPPED);
        if (s == Ws2.INVALID_SOCKET) {
            return !ipv6; // no IPv6 here: no IPv6 socket will need it
        }
        try (NativeMem info = new NativeMem(PROTOCOL_INFO_SIZE + 8)) {
            info.pointer.setInt(PROTOCOL_INFO_SIZE, PROTOCOL_INFO_SIZE);
            if (Ws2.getsockopt(s, Ws2.SOL_SOCKET, SO_PROTOCOL_INFOW, info.address,
                    info.address + PROTOCOL_INFO_SIZE) != 0) {
                LOG.log(System.Logger.Level.DEBUG, "SO_PROTOCOL_INFOW failed: {0}; not skipping the port on success",
                        WinError.name(Native.getLastError()));
                return false;
            }
            return (info.pointer.getInt(0) & XP1_IFS_HANDLES) != 0;
        } finally {
            Ws2.closesocket(s);
        }
    }

    static void postWake(long port) {
        if (Kernel32Direct.PostQueuedCompletionStatus(port, 0, 0, 0) == 0) {
            throw new IllegalStateException("PostQueuedCompletionStatus failed: " + WinError.name(Native.getLastError()));
        }
    }

    static int dequeue(JnaWinsock ws, long port, PortEntries into, int timeoutMillis) {
        Winsock.NativeMemory scratch = into.scratch();
        if (scratch == null) {
            scratch = ws.allocate(into.capacity() * ENTRY_SIZE + 8);
            into.scratch(scratch);
        }
        long base = Pointer.nativeValue(Native.getDirectBufferPointer(scratch.buffer()));
        Pointer p = new Pointer(base);
        long removed = base + (long) into.capacity() * ENTRY_SIZE;
        int ok = Kernel32Direct.GetQueuedCompletionStatusEx(port, base, into.capacity(), removed,
                timeoutMillis < 0 ? Ws2.WSA_INFINITE : timeoutMillis, 0);
        if (ok == 0) {
            int err = Native.getLastError();
            if (err == WAIT_TIMEOUT) {
                return 0;
            }
            throw new IllegalStateException("GetQueuedCompletionStatusEx failed: " + WinError.name(err));
        }
        int n = p.getInt((long) into.capacity() * ENTRY_SIZE);
        for (int i = 0; i < n; i++) {
            long ov = p.getLong((long) i * ENTRY_SIZE + ENTRY_OVERLAPPED);
            long bytes = p.getInt((long) i * ENTRY_SIZE + ENTRY_BYTES) & 0xFFFF_FFFFL;
            // the operation's NTSTATUS is its overlapped's Internal; GetQueuedCompletionStatus reports
            // it as RtlNtStatusToDosError does (e.g. STATUS_CONNECTION_RESET as ERROR_NETNAME_DELETED)
            int status = ov == 0 ? 0 : (int) new Pointer(ov).getLong(0);
            into.set(i, ov, IoResult.of(status >= 0 ? 0 : Ntdll.RtlNtStatusToDosError(status), bytes));
        }
        return n;
    }

    static void close(long port) {
        if (Kernel32Direct.CloseHandle(port) == 0) {
            LOG.log(System.Logger.Level.WARNING, "CloseHandle (completion port) failed: {0}",
                    WinError.name(Native.getLastError()));
        }
    }

    private static WinsockException error(String call) {
        int err = Native.getLastError();
        return new WinsockException(call, err, SocketCalls.message(err));
    }
}
