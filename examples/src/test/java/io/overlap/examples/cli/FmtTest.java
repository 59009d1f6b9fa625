package io.overlap.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FmtTest {
    @Test
    void numbersReadWell() throws Exception {
        assertEquals("1,234,567", Fmt.count(1_234_567));
        assertEquals("152,346", Fmt.rate(152_345.6));
        assertEquals("999 B", Fmt.bytes(999));
        assertEquals("97.5 MB", Fmt.bytes(97_500_000));
        assertEquals("16 KiB", Fmt.size(16384));
        assertEquals("1 MiB", Fmt.size(1 << 20));
        assertEquals("1,000 B", Fmt.size(1000));
        assertEquals("812 us", Fmt.micros(812));
        assertEquals("1.23 ms", Fmt.micros(1234));
        assertEquals("10 s", Fmt.duration(Duration.ofSeconds(10)));
        assertEquals("2.5 s", Fmt.duration(Duration.ofMillis(2500)));
        assertEquals("500 ms", Fmt.duration(Duration.ofMillis(500)));
        assertEquals("127.0.0.1:5000", Fmt.address(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5000)));
        assertEquals("[0:0:0:0:0:0:0:1]:5000", Fmt.address(new InetSocketAddress(InetAddress.getByName("::1"), 5000)));
    }
}
