/**
 * Overlap: one completion-based socket API, implemented by interchangeable backends.
 *
 * <p>{@code io.overlap} is what applications use; {@code io.overlap.spi} is what backends
 * implement and build on.
 */
module io.overlap {
    // the core's Flight Recorder events (io.overlap.SlowOperation, io.overlap.IoThreadStall):
    // a module of the JDK itself, not a dependency; jlink adds it to an image with this module
    requires jdk.jfr;

    exports io.overlap;
    exports io.overlap.spi;
    exports io.overlap.future;

    uses io.overlap.spi.IoBackend;
}
