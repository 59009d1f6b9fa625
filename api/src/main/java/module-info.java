/**
 * Overlap: one completion-based socket API, implemented by interchangeable backends.
 *
 * <p>{@code io.overlap} is what applications use; {@code io.overlap.spi} is what backends
 * implement and build on.
 */
module io.overlap {
    exports io.overlap;
    exports io.overlap.spi;

    uses io.overlap.spi.IoBackend;
}
