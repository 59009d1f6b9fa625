package io.overlap.winsock;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@link Winsock#allocate} for the fakes: direct buffers standing for native memory, counted so
 * that a test sees what was never freed, and a double free reported as a breach.
 */
final class CountedMemory {
    private final AtomicInteger live = new AtomicInteger();
    private final Consumer<String> violation;

    /** @param violation told of every breach of the rules (a double free) */
    CountedMemory(Consumer<String> violation) {
        this.violation = violation;
    }

    Winsock.NativeMemory allocate(int bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes);
        live.incrementAndGet();
        return new Winsock.NativeMemory() {
            private boolean freed;

            @Override
            public ByteBuffer buffer() {
                return b;
            }

            @Override
            public synchronized void free() {
                if (freed) {
                    violation.accept("native memory freed twice");
                    return;
                }
                freed = true;
                live.decrementAndGet();
            }
        };
    }

    /** @return allocations not freed yet */
    int live() {
        return live.get();
    }
}
