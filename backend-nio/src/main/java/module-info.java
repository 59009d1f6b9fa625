/** Overlap's portable backend: completions emulated over java.nio Selector readiness. */
module io.overlap.nio {
    requires io.overlap;

    provides io.overlap.spi.IoBackend with io.overlap.nio.NioBackend;
}
