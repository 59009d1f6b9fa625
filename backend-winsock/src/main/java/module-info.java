/**
 * Overlap's Windows backend: Winsock event-notification overlapped I/O ({@code WSARecv}/
 * {@code WSASend}/{@code AcceptEx}/{@code ConnectEx} with one event per operation, waited on by
 * {@code WSAWaitForMultipleEvents}), bound with JNA.
 */
// JNA ships as automatic modules (no module-info of its own): requiring them is intended
@SuppressWarnings("requires-automatic")
module io.overlap.winsock {
    requires io.overlap;
    requires com.sun.jna;
    requires com.sun.jna.platform;

    // JNA reflects on the binding classes (direct mapping registers their native methods)
    opens io.overlap.winsock.jna to com.sun.jna;

    provides io.overlap.spi.IoBackend with io.overlap.winsock.WinsockBackend;
}
