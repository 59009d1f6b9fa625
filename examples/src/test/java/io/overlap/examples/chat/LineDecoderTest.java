package io.overlap.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
