/**
 * The {@code uring} backend: io_uring rings and their I/O threads ({@code Loop}), one class per
 * operation kind, one errno table. Only {@link io.overlap.uring.UringBackend} is public.
 */
package io.overlap.uring;
