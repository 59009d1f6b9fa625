package io.overlap.examples.chat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into UTF-8 lines ended by {@code \n} (a {@code \r} before it is dropped, for
 * telnet). Bytes are collected until the line end, so a character split across two receives is
 * decoded whole. A line longer than the bound is reported once, when it overflows, and the rest
 * of it, up to its line end, is dropped; memory stays bounded whatever a client sends.
 */
final class LineDecoder {
    /** Where the lines go. */
    interface Sink {
        /** @param text one complete line, without its line end; malformed UTF-8 is replaced by U+FFFD */
        void line(String text);

        /** The line being received has grown past the bound; what is left of it will be dropped. */
        void overlong();
    }

    private final int maxLineBytes;
    /** One byte more than the bound: room for the {@code \r} of a line of exactly maximal length. */
    private final byte[] line;
    private int length;
    private boolean discarding;

    /** @param maxLineBytes the longest line, without its line end */
    LineDecoder(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[maxLineBytes + 1];
    }

    /**
     * Consumes all remaining bytes of {@code data}.
     *
     * @param data bytes received
     * @param sink gets each line and each overflow
     */
    void feed(ByteBuffer data, Sink sink) {
        while (data.hasRemaining()) {
            byte b = data.get();
            if (b == '\n') {
                if (discarding) {
                    discarding = false;
                } else {
                    int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                    if (n > maxLineBytes) {
                        sink.overlong(); // maximal length plus one byte that was not \r
                    } else {
                        sink.line(new String(line, 0, n, StandardCharsets.UTF_8));
                    }
                }
                length = 0;
            } else if (!discarding) {
                if (length == line.length) {
                    discarding = true;
                    length = 0;
                    sink.overlong();
                } else {
                    line[length++] = b;
                }
            }
        }
    }

    /** @return bytes of the unfinished line held now (0 while dropping an overlong line) */
    int pending() {
        return length;
    }
}
