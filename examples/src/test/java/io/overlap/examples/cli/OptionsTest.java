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

    private static final List<Option> SHORT = List.of(
            new Option("port", "p", "PORT", "0", "port"),
            new Option("time", "t", "SECS", "10", "time"),
            Option.flag("verify", "V", "verify"),
            new Option("hold", "H", "SECS", "10", "hold"));

    @Test
    void shortNamesFlagsAndOperandsAsTheBenchUsesThem() throws Exception {
        Options o = Options.parseWithOperands(SHORT, List.of("-p", "80", "-V", "a.csv", "--time=0.5", "b.csv"));
        assertEquals(80, o.integer("port", 1, 65535));
        assertEquals(0.5, o.decimal("time", 0, 100));
        assertTrue(o.flag("verify"));
        assertEquals(List.of("a.csv", "b.csv"), o.operands());
        assertTrue(o.given("port"));
        assertTrue(!o.given("hold") && o.decimal("hold", 0, 100) == 10, "a default is not given");
        assertTrue(!Options.parseWithOperands(SHORT, List.of()).flag("verify"));
    }

    @Test
    void badShortOptionsAreNamedToo() {
        assertMessage("unknown option -q; known: -p, -t, -V, -H",
                () -> Options.parseWithOperands(SHORT, List.of("-q")));
        assertMessage("--verify takes no value", () -> Options.parseWithOperands(SHORT, List.of("--verify=yes")));
        assertMessage("--port is given twice", () -> Options.parseWithOperands(SHORT, List.of("-p", "1", "--port", "2")));
        assertMessage("--time must be a number, was 'soon'",
                () -> Options.parseWithOperands(SHORT, List.of("-t", "soon")).decimal("time", 0, 10));
        assertMessage("--time must be between 0.0 and 10.0, was '11'",
                () -> Options.parseWithOperands(SHORT, List.of("-t", "11")).decimal("time", 0, 10));
        assertMessage("unexpected argument 'x.csv' (options look like --name VALUE)",
                () -> Options.parse(SHORT, List.of("x.csv")));
    }

    @Test
    void theUsageShowsShortNamesAndNoDefaultForAFlag() {
        String usage = Options.describe(SHORT);
        assertTrue(usage.contains("  -p, --port PORT  port (default 0)"), usage);
        assertTrue(usage.contains("  -V, --verify     verify\n"), usage);
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
