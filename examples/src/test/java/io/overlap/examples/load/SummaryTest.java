package io.overlap.examples.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @Test
    void aBusyRunStoppedEarlyStillFitsEightyColumns() throws Exception {
        LoadOptions o = LoadOptions.of(new InetSocketAddress(InetAddress.getByName("::1"), 11111), 100_000, 1 << 20, 1024,
                Duration.ofHours(24));
        LoadResult r = new LoadResult(o, "winsock", Duration.ofMillis(86_399_900), true, 100_000, 123_456_789_012L,
                9_876_543_210_987L, 812, 12_340, 123_456, 12_345_678, 98_765_432, 5_000,
                Map.of(ErrorKind.MISMATCH, 1L, ErrorKind.STALLED, 12_345L),
                List.of("conn 7: byte 10 of the stream is 0x5a, expected 0xa5")); // free text, may be longer

        String text = r.summary();
        assertTrue(text.contains("(stopped early)") && text.contains("p99.9 12.35 s"), text);
        text.lines().forEach(l -> assertTrue(l.length() < 80, l.length() + ": " + l));
    }
}
