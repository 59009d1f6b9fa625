/**
 * The futures adapter ({@link io.overlap.future.FutureProactor}) in use: an echo server written
 * as a chain of futures or as one (virtual, on JDK 21+) thread per connection that joins them.
 */
package io.overlap.examples.future;
