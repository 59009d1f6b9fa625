package io.overlap.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
    private static final List<Option> SPEC = List.of(
            new Option("port", "N", "11111", "port"),
            new Option("size", "BYTES", "64", "size"),
            new Option("duration", "TIME", "10s", "time"));

    private static Options parse(String... args) throws UsageException {
        return Options.parse(SPEC, List.of(args));
    }

    @Test
    void defaultsApplyAndBothSpellingsWork() throws Exception {
        Options o = parse("--port", "80", "--size=16k");
        assertEquals(80, o.integer("port", 1, 65535));
        assertEquals(16 << 10, o.bytes("size", 1, 1 << 20));
        assertEquals(Duration.ofSeconds(10), o.duration("duration", Duration.ZERO, Duration.ofHours(1)));
    }

    @Test
    void sizesAndDurationsTakeUnits() throws Exception {
        assertEquals(1 << 20, parse("--size", "1m").bytes("size", 1, 1 << 30));
        assertEquals(4096, parse("--size", "4KiB").bytes("size", 1, 1 << 30));
        assertEquals(100, parse("--size", "100").bytes("size", 1, 1 << 30));
        assertEquals(Duration.ofMillis(500), parse("--duration", "500ms").duration("duration", Duration.ZERO, Duration.ofHours(1)));
        assertEquals(Duration.ofMinutes(2), parse("--duration", "2m").duration("duration", Duration.ZERO, Duration.ofHours(1)));
        assertEquals(Duration.ofMillis(1500), parse("--duration", "1.5").duration("duration", Duration.ZERO, Duration.ofHours(1)));
    }

    @Test
    void badInputIsRefusedWithTheOptionsName() {
        assertMessage("unknown option --prot; known: --port, --size, --duration", () -> parse("--prot", "1"));
        assertMessage("--port needs a value (N)", () -> parse("--port"));
        assertMessage("--port is given twice", () -> parse("--port", "1", "--port", "2"));
        assertMessage("unexpected argument 'x' (options look like --name VALUE)", () -> parse("x"));
        assertMessage("--port must be a whole number, was 'abc'", () -> parse("--port", "abc").integer("port", 1, 65535));
        assertMessage("--port must be between 1 and 65535, was '70000'", () -> parse("--port", "70000").integer("port", 1, 65535));
        assertMessage("--size must be a size like 64, 16k or 1m, was '12q'", () -> parse("--size", "12q").bytes("size", 1, 100));
        assertMessage("--size must be between 1 and 1024, was '2k'", () -> parse("--size", "2k").bytes("size", 1, 1024));
        assertMessage("--duration must be a duration like 10, 10s, 500ms or 2m, was 'soon'",
                () -> parse("--duration", "soon").duration("duration", Duration.ZERO, Duration.ofHours(1)));
        assertMessage("--size is too large: '99999999999999999999'",
                () -> parse("--size", "99999999999999999999").bytes("size", 1, 100));
    }

    @Test
    void helpIsNotAnError() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--port", "1", "--help"));
        assertTrue(e.helpRequested());
    }

    @Test
    void usageListsEveryOptionWithItsDefault() {
        String usage = Options.describe(SPEC);
        assertTrue(usage.contains("--port N"), usage);
        assertTrue(usage.contains("(default 10s)"), usage);
        assertEquals(3, usage.lines().count());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
        UsageException ex = assertThrows(UsageException.class, e);
        assertEquals(expected, ex.getMessage());
    }
}
