package io.overlap.winsock;

/**
 * The outcome of one overlapped operation packed in a {@code long}: the Windows error code in
 * the high half (0 for success) and the bytes transferred (a {@code DWORD}) in the low half.
 * A primitive keeps the completion path free of allocation.
 */
public final class IoResult {
    private IoResult() {
    }

    /**
     * @param error 0 or a Windows error
     * @param bytes bytes transferred
     * @return the packed result
     */
    public static long of(int error, long bytes) {
        return ((long) error << 32) | (bytes & 0xFFFF_FFFFL);
    }

    /**
     * @param result a packed result
     * @return its error, 0 for success
     */
    public static int error(long result) {
        return (int) (result >>> 32);
    }

    /**
     * @param result a packed result
     * @return its byte count
     */
    public static long bytes(long result) {
        return result & 0xFFFF_FFFFL;
    }
}
