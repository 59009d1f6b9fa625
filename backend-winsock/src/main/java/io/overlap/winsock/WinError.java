package io.overlap.winsock;

import java.util.Map;

/** The Windows and Winsock error codes the backend knows by name. */
public final class WinError {
    /** Not enough memory (a native allocation failed). */
    public static final int ERROR_NOT_ENOUGH_MEMORY = 8;
    /** The network name is no longer available (a reset seen through the I/O manager). */
    public static final int ERROR_NETNAME_DELETED = 64;
    /** The semaphore timeout period has expired (a TCP timeout seen through the I/O manager). */
    public static final int ERROR_SEM_TIMEOUT = 121;
    /** No process is on the other end of the pipe (a port's STATUS_PIPE_DISCONNECTED: a send after shutdown). */
    public static final int ERROR_PIPE_NOT_CONNECTED = 233;
    /** The network location cannot be reached (a port's STATUS_NETWORK_UNREACHABLE). */
    public static final int ERROR_NETWORK_UNREACHABLE = 1231;
    /** The remote system is not reachable (a port's STATUS_HOST_UNREACHABLE). */
    public static final int ERROR_HOST_UNREACHABLE = 1232;
    /** The I/O operation was aborted (cancelled, or its socket closed); = WSA_OPERATION_ABORTED. */
    public static final int ERROR_OPERATION_ABORTED = 995;
    /** The overlapped operation is still in progress; = WSA_IO_INCOMPLETE. */
    public static final int WSA_IO_INCOMPLETE = 996;
    /** The overlapped operation was started and will complete later; = WSA_IO_PENDING. */
    public static final int WSA_IO_PENDING = 997;
    /** Element not found ({@code CancelIoEx} found nothing to cancel). */
    public static final int ERROR_NOT_FOUND = 1168;
    /** The remote computer refused the connection. */
    public static final int ERROR_CONNECTION_REFUSED = 1225;
    /** The network connection was aborted by the local system. */
    public static final int ERROR_CONNECTION_ABORTED = 1236;
    /** A blocking call was interrupted. */
    public static final int WSAEINTR = 10004;
    /** Not a socket (e.g. already closed). */
    public static final int WSAENOTSOCK = 10038;
    /** Address already in use. */
    public static final int WSAEADDRINUSE = 10048;
    /** Cannot assign requested address. */
    public static final int WSAEADDRNOTAVAIL = 10049;
    /** The network is unreachable. */
    public static final int WSAENETUNREACH = 10051;
    /** The connection was aborted by the local stack (timeout or protocol error). */
    public static final int WSAECONNABORTED = 10053;
    /** The peer reset the connection. */
    public static final int WSAECONNRESET = 10054;
    /** No buffer space is available. */
    public static final int WSAENOBUFS = 10055;
    /** The socket is not connected. */
    public static final int WSAENOTCONN = 10057;
    /** The socket's output was shut down. */
    public static final int WSAESHUTDOWN = 10058;
    /** The connection attempt timed out. */
    public static final int WSAETIMEDOUT = 10060;
    /** Nobody listens at the remote address. */
    public static final int WSAECONNREFUSED = 10061;
    /** No route to the host. */
    public static final int WSAEHOSTUNREACH = 10065;
    /** Access denied (e.g. binding a port another socket holds exclusively). */
    public static final int WSAEACCES = 10013;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(ERROR_NOT_ENOUGH_MEMORY, "ERROR_NOT_ENOUGH_MEMORY"),
            Map.entry(ERROR_NETNAME_DELETED, "ERROR_NETNAME_DELETED"),
            Map.entry(ERROR_SEM_TIMEOUT, "ERROR_SEM_TIMEOUT"),
            Map.entry(ERROR_PIPE_NOT_CONNECTED, "ERROR_PIPE_NOT_CONNECTED"),
            Map.entry(ERROR_NETWORK_UNREACHABLE, "ERROR_NETWORK_UNREACHABLE"),
            Map.entry(ERROR_HOST_UNREACHABLE, "ERROR_HOST_UNREACHABLE"),
            Map.entry(ERROR_OPERATION_ABORTED, "ERROR_OPERATION_ABORTED"),
            Map.entry(WSA_IO_INCOMPLETE, "WSA_IO_INCOMPLETE"),
            Map.entry(WSA_IO_PENDING, "WSA_IO_PENDING"),
            Map.entry(ERROR_NOT_FOUND, "ERROR_NOT_FOUND"),
            Map.entry(ERROR_CONNECTION_REFUSED, "ERROR_CONNECTION_REFUSED"),
            Map.entry(ERROR_CONNECTION_ABORTED, "ERROR_CONNECTION_ABORTED"),
            Map.entry(WSAEINTR, "WSAEINTR"),
            Map.entry(WSAEACCES, "WSAEACCES"),
            Map.entry(WSAENOTSOCK, "WSAENOTSOCK"),
            Map.entry(WSAEADDRINUSE, "WSAEADDRINUSE"),
            Map.entry(WSAEADDRNOTAVAIL, "WSAEADDRNOTAVAIL"),
            Map.entry(WSAENETUNREACH, "WSAENETUNREACH"),
            Map.entry(WSAECONNABORTED, "WSAECONNABORTED"),
            Map.entry(WSAECONNRESET, "WSAECONNRESET"),
            Map.entry(WSAENOBUFS, "WSAENOBUFS"),
            Map.entry(WSAENOTCONN, "WSAENOTCONN"),
            Map.entry(WSAESHUTDOWN, "WSAESHUTDOWN"),
            Map.entry(WSAETIMEDOUT, "WSAETIMEDOUT"),
            Map.entry(WSAECONNREFUSED, "WSAECONNREFUSED"),
            Map.entry(WSAEHOSTUNREACH, "WSAEHOSTUNREACH"));

    private WinError() {
    }

    /**
     * @param code an error code
     * @return its symbolic name and number, e.g. {@code WSAECONNRESET (10054)}
     */
    public static String name(int code) {
        String n = NAMES.get(code);
        return n == null ? "error " + code : n + " (" + code + ")";
    }
}
