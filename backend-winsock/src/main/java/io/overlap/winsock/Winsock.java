package io.overlap.winsock;

import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The seam between the backend's state machine and the operating system: every Winsock,
 * mswsock and kernel32 call the backend makes, and nothing else. The real implementation
 * ({@code io.overlap.winsock.jna.JnaWinsock}) binds them with JNA; tests substitute a fake so
 * that slot reuse, waiter growth, wake-ups, cancel races and close run on any OS.
 *
 * <p>Handles ({@code SOCKET}, {@code WSAEVENT}) are passed as {@code long}. Calls that start an
 * overlapped operation return 0 when the operation is pending, {@link #DONE_AT_ONCE} when it
 * finished at once (either way its event will be signalled and {@link #result} reports it) and
 * a Windows error code when it failed at once (then the event will not be signalled). A start resets the
 * event it is given, as the kernel does for every overlapped call made with an event (Windows'
 * I/O manager clears it; Wine's server resets it when it creates the request), so the backend
 * does not reset an operation's event itself.
 */
public interface Winsock {
    /** {@link #waitAny} result when the timeout elapsed. */
    int WAIT_TIMEOUT = -1;
    /** {@link #waitAny} timeout that waits until an event is signalled. */
    int INFINITE = -1;
    /** {@link #waitAlertable} result when completion routines ran ({@code WSA_WAIT_IO_COMPLETION}). */
    int WAIT_IO_COMPLETION = -2;

    /**
     * Where completion routines report: the {@code routine} model's I/O thread, during its own
     * alertable waits (Windows runs a routine only on the thread that started the operation, and
     * only while that thread waits alertably).
     */
    interface RoutineSink {
        /**
         * An operation started with a routine is done.
         *
         * @param context what {@link #useRoutine} gave its block
         * @param error its Windows error, 0 for success
         * @param bytes the bytes it moved
         */
        void completed(long context, int error, long bytes);
    }
    /**
     * A start's answer when the call finished the operation at once (not {@code WSA_IO_PENDING}):
     * its event is signalled all the same, and a completion port gets its packet unless the
     * socket skips it on success; {@link #result} reports it either way.
     */
    int DONE_AT_ONCE = -100;

    /**
     * @param code what a start returned
     * @return true if the kernel took the operation (pending, or done at once): it is started
     */
    static boolean isStarted(int code) {
        return code == 0 || code == DONE_AT_ONCE;
    }

    /** The native part of one operation slot: its {@code WSAOVERLAPPED} and scratch memory. */
    interface Block {
    }

    /** Native memory of a fixed size, seen as a direct buffer, released explicitly. */
    interface NativeMemory {
        /** @return the memory as a direct buffer (position 0, limit = capacity = size) */
        ByteBuffer buffer();

        /** Releases the memory; the buffer must not be used afterwards. */
        void free();
    }

    /** The two addresses an {@code AcceptEx} reports. */
    record AcceptedAddresses(InetSocketAddress local, InetSocketAddress remote) {
    }

    /**
     * {@code WSAStartup} (version 2.2).
     * @throws IOException if Winsock cannot start
     */
    void startup() throws IOException;

    /** {@code WSACleanup}, once per successful {@link #startup()}. */
    void cleanup();

    /**
     * @return a new manual-reset event, not signalled ({@code WSACreateEvent})
     * @throws IOException if none can be made
     */
    long createEvent() throws IOException;

    /** @param event signals it ({@code WSASetEvent}) */
    void setEvent(long event);

    /** @param event resets it ({@code WSAResetEvent}) */
    void resetEvent(long event);

    /**
     * Resets a waiter's own wake-up event: the same call as {@link #resetEvent}, named apart
     * so the fault seam can tell the thread's wait machinery from an operation's event.
     *
     * @param event the wake-up event
     */
    default void resetWakeEvent(long event) {
        resetEvent(event);
    }

    /** @param event closes it ({@code WSACloseEvent}) */
    void closeEvent(long event);

    /**
     * {@code WSAWaitForMultipleEvents} on {@code events[from .. from+count)}, wait-any,
     * not alertable.
     *
     * @param events event handles
     * @param from first index to wait on
     * @param count how many, 1 to 64
     * @param timeoutMillis {@link #INFINITE} or a timeout (0 only tests the events)
     * @return the lowest signalled index relative to {@code from}, or {@link #WAIT_TIMEOUT}
     * @throws IllegalStateException if the wait failed (e.g. an invalid handle: a backend bug)
     */
    int waitAny(long[] events, int from, int count, int timeoutMillis);

    /**
     * {@code WSAWaitForMultipleEvents} as {@link #waitAny}, but alertable: the completion routines
     * queued to the calling thread run inside it and report to {@code sink}, and then it returns
     * {@link #WAIT_IO_COMPLETION}.
     *
     * @param events event handles
     * @param from first index to wait on
     * @param count how many, 1 to 64
     * @param timeoutMillis {@link #INFINITE} or a timeout
     * @param sink where the routines that run report
     * @return the lowest signalled index relative to {@code from}, {@link #WAIT_TIMEOUT} or
     *     {@link #WAIT_IO_COMPLETION}
     * @throws IllegalStateException if the wait failed
     */
    int waitAlertable(long[] events, int from, int count, int timeoutMillis, RoutineSink sink);

    /**
     * Says how the block's next {@code WSARecv} or {@code WSASend} reports (not a native call):
     * with {@code context >= 0}, through a completion routine that reports {@code context} to the
     * starting thread's {@link RoutineSink} (the start's event argument is then not used, and no
     * event is signalled); with -1, through its event. {@code AcceptEx} and {@code ConnectEx} have
     * no routine form and always report through their event.
     *
     * @param block the block
     * @param context the routine's context, or -1
     */
    void useRoutine(Block block, long context);

    /**
     * @param ipv6 true for {@code AF_INET6}, false for {@code AF_INET}
     * @param use what the socket is for ({@link FaultPoint#ACCEPT}, {@link FaultPoint#CONNECT}
     *     or {@link FaultPoint#OTHER} for a listener), for the fault seam; the real call ignores it
     * @return a new overlapped TCP socket, not inheritable
     * @throws IOException if none can be made
     */
    long openSocket(boolean ipv6, FaultPoint use) throws IOException;

    /**
     * @param socket the socket
     * @param local where to bind
     * @param use what the socket is for, as for {@link #openSocket}
     * @throws IOException if binding fails
     */
    void bind(long socket, InetSocketAddress local, FaultPoint use) throws IOException;

    /**
     * @param socket a bound socket
     * @param backlog the backlog
     * @throws IOException if it fails
     */
    void listen(long socket, int backlog) throws IOException;

    /**
     * @param socket the socket
     * @return its local address
     * @throws IOException if it fails
     */
    InetSocketAddress localAddress(long socket) throws IOException;

    /**
     * @param socket the socket
     * @return its peer's address
     * @throws IOException if it fails
     */
    InetSocketAddress remoteAddress(long socket) throws IOException;

    /**
     * {@code setsockopt} of a 4-byte value (an {@code int} or a {@code BOOL}).
     *
     * @param socket the socket
     * @param level e.g. {@link SockOpt#SOL_SOCKET}
     * @param name e.g. {@link SockOpt#SO_RCVBUF}
     * @param value the value
     * @throws IOException if it fails
     */
    void setIntOption(long socket, int level, int name, int value) throws IOException;

    /**
     * {@code getsockopt} of a 4-byte value; the value is zeroed first, since some options write
     * fewer bytes (a one-byte {@code BOOLEAN} for {@code TCP_NODELAY} on some Windows versions).
     *
     * @param socket the socket
     * @param level the level
     * @param name the option
     * @return the value
     * @throws IOException if it fails
     */
    int getIntOption(long socket, int level, int name) throws IOException;

    /**
     * {@code setsockopt(SO_LINGER)} with its {@code struct linger}.
     *
     * @param socket the socket
     * @param seconds the linger time, 0 to 65535; negative turns lingering off ({@code l_onoff} 0)
     * @throws IOException if it fails
     */
    void setLinger(long socket, int seconds) throws IOException;

    /**
     * {@code getsockopt(SO_LINGER)}.
     *
     * @param socket the socket
     * @return the linger time in seconds, or -1 when lingering is off
     * @throws IOException if it fails
     */
    int getLinger(long socket) throws IOException;

    /**
     * {@code SO_UPDATE_ACCEPT_CONTEXT}: makes an {@code AcceptEx}-accepted socket a normal one.
     *
     * @param accepted the accepted socket
     * @param listener the listening socket
     * @throws IOException if it fails
     */
    void updateAcceptContext(long accepted, long listener) throws IOException;

    /**
     * {@code SO_UPDATE_CONNECT_CONTEXT} after {@code ConnectEx}.
     * @param socket the socket
     * @throws IOException if it fails
     */
    void updateConnectContext(long socket) throws IOException;

    /**
     * {@code getpeername} as a probe: whether the connection still has a peer.
     *
     * @param socket the socket
     * @return 0 if it does, else the error (e.g. {@code WSAENOTCONN} once a reset closed it)
     */
    int peerError(long socket);

    /**
     * @param socket the socket
     * @return 0, or the error of {@code shutdown(SD_SEND)}
     */
    int shutdownOutput(long socket);

    /** @param socket closes it ({@code closesocket}) */
    void closeSocket(long socket);

    /**
     * @return a new native block
     * @throws IOException if memory is short
     */
    Block newBlock() throws IOException;

    /** @param block releases it; the kernel must be done with it */
    void freeBlock(Block block);

    /**
     * Starts an overlapped {@code WSARecv} into {@code buffers[0 .. count)}, each a direct buffer
     * filled from its position up to its limit.
     *
     * @param socket the socket
     * @param block the operation's block
     * @param event the event the block reports through
     * @param buffers direct buffers
     * @param count how many of them
     * @return 0 if started, else the error
     */
    int startRecv(long socket, Block block, long event, ByteBuffer[] buffers, int count);

    /**
     * Starts an overlapped zero-byte {@code WSARecv}: it completes when data (or the end of
     * the stream, or an error) is there, without consuming anything or pinning a buffer.
     *
     * @param socket the socket
     * @param block the operation's block
     * @param event the event the block reports through
     * @return 0 if started, else the error
     */
    int startRecvWait(long socket, Block block, long event);

    /**
     * Starts an overlapped {@code WSASend} of {@code buffers[0 .. count)} (direct, position to limit).
     *
     * @param socket the socket
     * @param block the operation's block
     * @param event the event the block reports through
     * @param buffers direct buffers
     * @param count how many of them
     * @return 0 if started, else the error
     */
    int startSend(long socket, Block block, long event, ByteBuffer[] buffers, int count);

    /**
     * Starts an {@code AcceptEx} (no initial data).
     *
     * @param listener the listening socket
     * @param accepted a fresh socket of the same family that will become the connection
     * @param block the operation's block
     * @param event the event the block reports through
     * @return 0 if started, else the error
     */
    int startAccept(long listener, long accepted, Block block, long event);

    /**
     * Starts a {@code ConnectEx} (no initial data); the socket must be bound.
     *
     * @param socket the socket
     * @param remote where to connect
     * @param block the operation's block
     * @param event the event the block reports through
     * @return 0 if started, else the error
     */
    int startConnect(long socket, InetSocketAddress remote, Block block, long event);

    /**
     * {@code WSAGetOverlappedResult} without waiting.
     *
     * @param socket the socket the operation was started on
     * @param block its block
     * @return the result, encoded by {@link IoResult}; error {@link WinError#WSA_IO_INCOMPLETE}
     *     while the operation is still pending
     */
    long result(long socket, Block block);

    /**
     * {@code GetAcceptExSockaddrs} on a completed accept's block.
     *
     * @param block the block of a completed {@code AcceptEx}
     * @return the accepted connection's local and remote addresses
     */
    AcceptedAddresses acceptedAddresses(Block block);

    /**
     * {@code CancelIoEx}.
     *
     * @param socket the socket
     * @param block the one operation to cancel, or {@code null} for every operation on the socket
     * @return 0, or the error (e.g. {@link WinError#ERROR_NOT_FOUND} when nothing was pending)
     */
    int cancel(long socket, Block block);

    /**
     * Opens a handle to the calling thread ({@code OpenThread(SYNCHRONIZE)}), so that its end can
     * be awaited at the OS level: {@code Thread.join} returns before the OS thread and its
     * handle are gone.
     *
     * @return the handle, or 0 if none could be opened
     */
    long openCurrentThread();

    /**
     * Waits for a thread opened with {@link #openCurrentThread} to end, then closes the handle.
     *
     * @param thread the handle (0 does nothing)
     * @param timeoutMillis the bound
     * @return true if it ended in time
     */
    boolean awaitThreadEnd(long thread, int timeoutMillis);

    /**
     * @param bytes the size
     * @return native memory of that size
     */
    NativeMemory allocate(int bytes);

    /** @return the process's count of kernel handles ({@code GetProcessHandleCount}) */
    OptionalLong processHandleCount();

    /**
     * @param code a Windows or Winsock error
     * @return the system's text for it, or empty
     */
    String describe(int code);

    // ---- the completion port ({@code iocp} model) ----

    /**
     * {@code CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1)}: a new port, for one thread.
     *
     * @return the port's handle
     * @throws IOException if none can be made
     */
    long createPort() throws IOException;

    /**
     * Associates a socket with a port ({@code CreateIoCompletionPort(socket, port, 0, 0)}): every
     * overlapped operation on it that does not fail at once then queues a packet there.
     *
     * @param port the port
     * @param socket the socket, before any overlapped call on it
     * @throws IOException if it fails
     */
    void associate(long port, long socket) throws IOException;

    /**
     * Whether skipping the port on success is safe for this family's sockets: only when their
     * provider's {@code WSAPROTOCOL_INFOW} has {@code XP1_IFS_HANDLES} (a non-IFS layered provider
     * may complete an operation at once and queue its packet all the same).
     *
     * @param ipv6 the family
     * @return true if it is safe (false also when it cannot be told)
     */
    boolean skipOnSuccessSafe(boolean ipv6);

    /**
     * {@code SetFileCompletionNotificationModes(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS |
     * FILE_SKIP_SET_EVENT_ON_HANDLE)}: an operation that finishes at once ({@link #DONE_AT_ONCE})
     * queues no packet and signals nothing.
     *
     * @param socket an associated socket
     * @throws IOException if it fails
     */
    void skipOnSuccess(long socket) throws IOException;

    /**
     * {@code PostQueuedCompletionStatus} of a packet with no overlapped: a wake-up.
     *
     * @param port the port
     * @throws IllegalStateException if it fails (a bad handle: a backend bug)
     */
    void postWake(long port);

    /**
     * {@code GetQueuedCompletionStatusEx}, not alertable: takes up to {@link PortEntries#capacity()}
     * packets, waiting up to the timeout for the first.
     *
     * @param port the port
     * @param into where the packets go
     * @param timeoutMillis {@link #INFINITE}, or a bound (0 only takes what is queued)
     * @return how many packets were taken; 0 if the wait timed out
     * @throws IllegalStateException if the wait failed (e.g. the port was closed: a backend bug)
     */
    int dequeue(long port, PortEntries into, int timeoutMillis);

    /** @param port closes it ({@code CloseHandle}); nothing may be associated with it any more */
    void closePort(long port);

    /**
     * @param block a block
     * @return the address of its {@code WSAOVERLAPPED}, as a port reports it
     */
    long overlappedAddress(Block block);
}
