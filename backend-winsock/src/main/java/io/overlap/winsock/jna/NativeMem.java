package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Explicitly owned native memory ({@code malloc}/{@code free}). Used instead of JNA's
 * {@code Memory}, whose cleaner thread comes and goes on its own schedule and would make the
 * process's handle count drift; here every allocation has one owner and one release.
 */
final class NativeMem implements AutoCloseable {
    final long address;
    final Pointer pointer;
    final long size;

    NativeMem(long size) {
        long a = Native.malloc(size);
        if (a == 0) {
            throw new OutOfMemoryError("malloc(" + size + ") failed");
        }
        this.address = a;
        this.pointer = new Pointer(a);
        this.size = size;
        pointer.clear(size);
    }

    @Override
    public void close() {
        Native.free(address);
    }
}
