package io.overlap.spi;

/**
 * The places where a backend asks its {@link FaultInjector} whether a call should fail, named
 * neutrally so that one fault matrix runs on every backend. Each backend maps its own calls
 * onto these: nio's {@code SocketChannel.read} and winsock's {@code WSARecv} are both
 * {@link #READ}.
 */
public enum FaultPoint {
    /** A receive's system call (nio: {@code read}; winsock: {@code WSARecv}, its zero-byte wait too). */
    READ,
    /** A send's system call (nio: {@code write}; winsock: {@code WSASend}). */
    WRITE,
    /** An accept's system call (nio: {@code accept}; winsock: {@code AcceptEx} and its socket). */
    ACCEPT,
    /** A connect's system call (nio: {@code connect}/{@code finishConnect}; winsock: {@code ConnectEx}, its socket and bind). */
    CONNECT,
    /** Making a socket known to the I/O thread (nio: {@code register}/{@code interestOps}; winsock: event reset and wait-set entry). */
    REGISTER,
    /** An I/O thread's wait (nio: {@code select}; winsock: {@code WSAWaitForMultipleEvents}). */
    WAIT,
    /** Memory for an operation (a pooled buffer's lease; winsock: native blocks and staging too). */
    ALLOCATE,
    /** Starting an I/O thread after the proactor opened (winsock: an extra waiter). */
    THREAD_START,
    /** Any other native call (winsock: {@code CancelIoEx}, socket options, addresses, closes). */
    OTHER
}
