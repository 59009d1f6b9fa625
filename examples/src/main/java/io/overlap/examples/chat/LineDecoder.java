package io.overlap.examples.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into UTF-8 lines ended by {@code \n} (a {@code \r} before it is dropped, for
 * telnet). The bytes of an unfinished line are copied out of the buffer they came in, so the
 * caller may give that buffer back at once (the chat server releases its pooled lease right after
 * {@link #feed}), and a character split across two receives is decoded whole. A line longer than
 * the bound is reported once, when it overflows, and the rest of it, up to its line end, is
 * dropped; memory stays bounded whatever a client sends.
 *
 * <p>The copy of an unfinished line is made on demand, grows up to the bound, and is dropped as
 * soon as no line is pending: an idle client costs no line buffer.
 */
final class LineDecoder {
    /** Where the lines go. */
    interface Sink {
        /** @param text one complete line, without its line end; malformed UTF-8 is replaced by U+FFFD */
        void line(String text);

        /** The line being received has grown past the bound; what is left of it will be dropped. */
        void overlong();
    }

    private static final int FIRST_CAPACITY = 128;

    private final int maxLineBytes;
    /** The unfinished line; {@code null} while none is pending. */
    private byte[] line;
    private int length;
    private boolean discarding;

    /** @param maxLineBytes the longest line, without its line end */
    LineDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Consumes all remaining bytes of {@code data}; keeps no reference to it.
     *
     * @param data bytes received
     * @param sink gets each line and each overflow
     */
    void feed(ByteBuffer data, Sink sink) {
        while (data.hasRemaining()) {
            int newline = indexOfNewline(data);
            take(data, (newline >= 0 ? newline : data.limit()) - data.position(), sink);
            if (newline >= 0) {
                data.get(); // the \n itself
                lineEnded(sink);
            }
        }
        if (length == 0) {
            line = null;
        }
    }

    /** @return bytes of the unfinished line held now (0 while dropping an overlong line) */
    int pending() {
        return length;
    }

    /** @return the capacity of the copy of the unfinished line, 0 when none is held */
    int bufferCapacity() {
        return line == null ? 0 : line.length;
    }

    /** Appends (or drops, past the bound) the next {@code n} bytes, none of which is {@code \n}. */
    private void take(ByteBuffer data, int n, Sink sink) {
        if (n == 0) {
            return;
        }
        // one byte more than the bound fits: the \r of a line of exactly maximal length
        if (!discarding && length + n > maxLineBytes + 1) {
            discarding = true;
            length = 0;
            sink.overlong();
        }
        if (discarding) {
            data.position(data.position() + n);
            return;
        }
        ensureCapacity(length + n);
        data.get(line, length, n);
        length += n;
    }

    private void lineEnded(Sink sink) {
        if (discarding) {
            discarding = false;
        } else {
            int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            if (n > maxLineBytes) {
                sink.overlong(); // maximal length plus one byte that was not \r
            } else {
                sink.line(n == 0 ? "" : new String(line, 0, n, StandardCharsets.UTF_8));
            }
        }
        length = 0;
    }

    private void ensureCapacity(int needed) {
        if (line == null) {
            line = new byte[Math.min(Math.max(FIRST_CAPACITY, needed), maxLineBytes + 1)];
        } else if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, needed), maxLineBytes + 1));
        }
    }

    private static int indexOfNewline(ByteBuffer data) {
        for (int i = data.position(), end = data.limit(); i < end; i++) {
            if (data.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
