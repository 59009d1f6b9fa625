package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/**
 * {@code ws2_32.dll}, direct-mapped (JNA registers these as JNI natives: no proxy, no argument
 * boxing). Handles and pointers are passed as {@code long}: the backend runs on 64-bit Windows
 * only. Errors are read with {@link Native#getLastError()} right after the failing call.
 */
final class Ws2 {
    static final int AF_INET = 2;
    static final int AF_INET6 = 23;
    static final int SOCK_STREAM = 1;
    static final int IPPROTO_TCP = 6;
    static final int WSA_FLAG_OVERLAPPED = 0x01;
    static final int WSA_FLAG_NO_HANDLE_INHERIT = 0x80;
    static final int SOL_SOCKET = 0xFFFF;
    static final int SO_UPDATE_ACCEPT_CONTEXT = 0x700B;
    static final int SO_UPDATE_CONNECT_CONTEXT = 0x7010;
    static final int SD_SEND = 1;
    static final int SIO_GET_EXTENSION_FUNCTION_POINTER = 0xC800_0006;
    static final long INVALID_SOCKET = -1L;
    static final int SOCKET_ERROR = -1;
    static final int WSA_WAIT_FAILED = 0xFFFF_FFFF;
    static final int WSA_WAIT_TIMEOUT = 0x102;
    static final int WSA_WAIT_IO_COMPLETION = 0xC0;
    static final int WSA_INFINITE = 0xFFFF_FFFF;
    static final int WSADATA_SIZE = 512; // sizeof(WSADATA) is 408 on x64

    static {
        Native.register(Ws2.class, NativeLibrary.getInstance("ws2_32"));
    }

    private Ws2() {
    }

    /** Does nothing; calling it links the class (its static initializer registers the natives). */
    static void link() {
    }

    static native int WSAStartup(short version, long wsaData);

    static native int WSACleanup();

    static native long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags);

    static native int bind(long s, long name, int namelen);

    static native int listen(long s, int backlog);

    static native int setsockopt(long s, int level, int optname, long optval, int optlen);

    static native int getsockopt(long s, int level, int optname, long optval, long optlen);

    static native int getsockname(long s, long name, long namelen);

    static native int getpeername(long s, long name, long namelen);

    static native int WSAIoctl(long s, int code, long in, int inLen, long out, int outLen, long bytesReturned,
            long overlapped, long completionRoutine);

    static native int shutdown(long s, int how);

    static native int closesocket(long s);

    static native long WSACreateEvent();

    static native int WSACloseEvent(long event);

    static native int WSASetEvent(long event);

    static native int WSAResetEvent(long event);

    static native int WSAWaitForMultipleEvents(int count, long[] events, int waitAll, int timeout, int alertable);

    static native int WSARecv(long s, long buffers, int bufferCount, long bytesReceived, long flags, long overlapped,
            long completionRoutine);

    static native int WSASend(long s, long buffers, int bufferCount, long bytesSent, int flags, long overlapped,
            long completionRoutine);

    static native int WSAGetOverlappedResult(long s, long overlapped, long transfer, int wait, long flags);
}
