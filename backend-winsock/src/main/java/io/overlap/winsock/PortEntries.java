package io.overlap.winsock;

/**
 * What one {@link Winsock#dequeue} took from a completion port, reused by one thread: for each
 * packet the address of its {@code WSAOVERLAPPED} (0 for a wake-up) and the operation's result
 * ({@link IoResult}: the Windows error its status stands for, and the bytes it moved).
 */
public final class PortEntries {
    private final long[] overlapped;
    private final long[] results;
    private Winsock.NativeMemory scratch;

    /** @param capacity the most packets one dequeue takes */
    public PortEntries(int capacity) {
        overlapped = new long[capacity];
        results = new long[capacity];
    }

    /** @return the most packets one dequeue takes */
    public int capacity() {
        return overlapped.length;
    }

    /**
     * @param i a packet's index
     * @return its overlapped's address, 0 for a wake-up
     */
    public long overlapped(int i) {
        return overlapped[i];
    }

    /**
     * @param i a packet's index
     * @return its result
     */
    public long result(int i) {
        return results[i];
    }

    /**
     * Sets one packet, as the implementation read it.
     *
     * @param i its index
     * @param overlappedAddress its overlapped, 0 for a wake-up
     * @param result its result
     */
    public void set(int i, long overlappedAddress, long result) {
        overlapped[i] = overlappedAddress;
        results[i] = result;
    }

    /** @return the implementation's native array for the call, or null before the first */
    public Winsock.NativeMemory scratch() {
        return scratch;
    }

    /** @param memory the implementation's native array for the call, freed with {@link #free} */
    public void scratch(Winsock.NativeMemory memory) {
        scratch = memory;
    }

    /** Frees the native array, once the thread that dequeued is done. */
    public void free() {
        if (scratch != null) {
            scratch.free();
            scratch = null;
        }
    }
}
