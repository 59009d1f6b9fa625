/**
 * What a backend implements and builds on.
 *
 * <p>A backend provides an {@link io.overlap.spi.IoBackend} (found through
 * {@link java.util.ServiceLoader}) whose proactor extends {@link io.overlap.spi.AbstractProactor}.
 * The base class owns everything that must be the same on every backend: argument checks,
 * operation ids and the in-flight bound, the exactly-once hand-off of completions to the queue
 * or the handler, and the close barrier. A backend only moves bytes and reports results, like
 * the JDK's per-platform {@code implRead}/{@code implWrite}/{@code implClose}.
 */
package io.overlap.spi;
