/**
 * Futures over the completion API, for callers who prefer them: {@link io.overlap.future.FutureProactor}
 * returns a {@link java.util.concurrent.CompletableFuture} of each operation's
 * {@link io.overlap.Completion}, completed by the proactor's own I/O threads.
 */
package io.overlap.future;
