/**
 * Overlap's Linux backend: io_uring. The submission and completion rings are read and written in
 * Java over their mapped memory; JNA carries only the system calls.
 */
// JNA ships as an automatic module (no module-info of its own): requiring it is intended
@SuppressWarnings("requires-automatic")
module io.overlap.uring {
    requires io.overlap;
    requires com.sun.jna;

    // JNA reflects on the binding class (direct mapping registers its native methods)
    opens io.overlap.uring.sys to com.sun.jna;

    provides io.overlap.spi.IoBackend with io.overlap.uring.UringBackend;
}
