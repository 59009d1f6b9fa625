package io.overlap.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LineDecoderTest {
    private final List<String> events = new ArrayList<>();
    private final LineDecoder.Sink sink = new LineDecoder.Sink() {
        @Override
        public void line(String text) {
            events.add(text);
        }

        @Override
        public void overlong() {
            events.add("<overlong>");
        }
    };

    private void feed(LineDecoder d, String s) {
        d.feed(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)), sink);
    }

    @Test
    void linesAreCutAtNewlinesAcrossFeedsAndCarriageReturnsDropped() {
        LineDecoder d = new LineDecoder(16);
        feed(d, "one\ntw");
        feed(d, "o\r\n\nthree");
        assertEquals(List.of("one", "two", ""), events);
        assertEquals(5, d.pending());
        feed(d, "\n");
        assertEquals("three", events.get(3));
    }

    @Test
    void aCharacterSplitAcrossFeedsIsDecodedWhole() {
        LineDecoder d = new LineDecoder(16);
        byte[] b = "ü✓\n".getBytes(StandardCharsets.UTF_8);
        for (byte x : b) {
            d.feed(ByteBuffer.wrap(new byte[] {x}), sink);
        }
        assertEquals(List.of("ü✓"), events);
    }

    @Test
    void theBoundIsExactAndAnOverlongLineIsReportedOnceAndDropped() {
        LineDecoder d = new LineDecoder(8);
        feed(d, "12345678\n");
        feed(d, "12345678\r\n");
        feed(d, "123456789\n");
        feed(d, "123456789abcdefghijklmnop");
        assertEquals(0, d.pending(), "dropping: nothing is held");
        feed(d, "qrstuvwxyz\nok\n");
        assertEquals(List.of("12345678", "12345678", "<overlong>", "<overlong>", "ok"), events);
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() {
        LineDecoder d = new LineDecoder(16);
        d.feed(ByteBuffer.wrap(new byte[] {'a', (byte) 0xff, 'b', '\n'}), sink);
        assertEquals(List.of("a\uFFFDb"), events);
    }

    @Test
    void anyCutOfTheStreamGivesTheSameLines() {
        String text = "short\n\r\n" + "a".repeat(40) + "\r\n" + "b".repeat(41) + "\n" + "c".repeat(100)
                + "\nünïcödé ✓ line\nlast\r\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LineDecoder whole = new LineDecoder(40);
        whole.feed(ByteBuffer.wrap(bytes), sink);
        List<String> expected = List.copyOf(events);
        assertEquals(List.of("short", "", "a".repeat(40), "<overlong>", "<overlong>", "ünïcödé ✓ line", "last"), expected);
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            events.clear();
            LineDecoder d = new LineDecoder(40);
            for (int off = 0; off < bytes.length; ) {
                int n = Math.min(bytes.length - off, 1 + random.nextInt(20));
                ByteBuffer piece = ByteBuffer.allocate(n + 8);
                piece.position(3); // a buffer that does not start at 0, as a leased one may not
                piece.put(bytes, off, n).flip().position(3);
                d.feed(piece, sink);
                assertEquals(0, piece.remaining(), "everything is consumed");
                off += n;
            }
            assertEquals(expected, events, "round " + round);
        }
    }

    @Test
    void noLineBufferIsKeptWhileNoLineIsPending() {
        LineDecoder d = new LineDecoder(4096);
        assertEquals(0, d.bufferCapacity(), "a new client holds nothing");
        feed(d, "half a li");
        assertEquals(9, d.pending());
        assertTrue(d.bufferCapacity() >= 9 && d.bufferCapacity() < 4096, "grown on demand: " + d.bufferCapacity());
        feed(d, "ne\n");
        assertEquals(List.of("half a line"), events);
        assertEquals(0, d.bufferCapacity(), "dropped once the line is complete");
        feed(d, "x".repeat(3000));
        assertTrue(d.bufferCapacity() >= 3000 && d.bufferCapacity() <= 4097, "bounded: " + d.bufferCapacity());
    }
}
