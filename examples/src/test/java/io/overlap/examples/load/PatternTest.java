package io.overlap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatternTest {
    private final Pattern pattern = new Pattern(1);
    private final ByteBuffer view = pattern.newView();

    private ByteBuffer stream(long start, long offset, int n) {
        ByteBuffer b = ByteBuffer.allocateDirect(n);
        pattern.fill(b, start, offset, n, view);
        return b.flip();
    }

    @Test
    void whatIsFilledMatchesAcrossTheTablesWrapAndLongerThanOneWindow() {
        long start = Pattern.PERIOD - 1000;
        ByteBuffer b = stream(start, 0, Pattern.WINDOW * 3 + 17);
        assertEquals(-1, pattern.mismatch(b, start, 0, view));
        assertEquals(0, b.position(), "position kept");
        assertEquals(Pattern.WINDOW * 3 + 17, b.limit(), "limit kept");
        b.position(500);
        assertEquals(-1, pattern.mismatch(b, start, 500, view), "a later piece compares at its own offset");
    }

    @Test
    void oneWrongLostOrDoubledByteIsFoundWhereItIs() {
        ByteBuffer good = stream(0, 0, 4096);
        ByteBuffer corrupt = stream(0, 0, 4096);
        corrupt.put(3000, (byte) (corrupt.get(3000) ^ 1));
        assertEquals(3000, pattern.mismatch(corrupt, 0, 0, view));

        ByteBuffer shifted = stream(0, 1, 4095); // the first byte lost
        assertNotEquals(-1, pattern.mismatch(shifted, 0, 0, view));
        assertEquals(-1, pattern.mismatch(good, 0, 0, view));
    }

    @Test
    void connectionsStartAtDifferentPlacesSoCrossedDataIsCaught() {
        Set<Long> starts = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            starts.add(Pattern.startOf(i));
        }
        assertEquals(100_000, starts.size());
        ByteBuffer other = stream(Pattern.startOf(1), 0, 256);
        assertNotEquals(-1, pattern.mismatch(other, Pattern.startOf(0), 0, view));
    }
}
