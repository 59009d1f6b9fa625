package io.overlap.examples.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** A busy second: 100,000 connections up, 12 million round trips, a 1.5 s p99, 1,234 errors. */
    private String run(LoadOptions.Progress mode, boolean terminal, int width) {
        bytes.reset();
        LoadStats stats = new LoadStats();
        for (int i = 0; i < 100_000; i++) {
            stats.connected();
        }
        stats.echoed(12_345_678, 9_876_543_210L);
        for (int i = 0; i < 1234; i++) {
            stats.error(ErrorKind.IO, "e");
        }
        Latencies lat = new Latencies();
        lat.record(812);
        lat.record(1_500_000);
        ProgressLine p = new ProgressLine(out, mode, terminal, width, 0);
        p.start();
        p.tick(1_000_000_000L, 0, stats, lat);
        p.tick(2_000_000_000L, 0, stats, lat);
        p.finish();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void atEightyColumnsEveryColumnFitsUnderItsHeader() {
        String text = run(LoadOptions.Progress.ALWAYS, false, 80);
        List<String> lines = text.lines().toList();
        assertEquals(3, lines.size(), text);
        assertTrue(lines.get(0).matches(" *time +conns +round trips/s +MB/s +p50 +p99 +errors"), lines.get(0));
        assertTrue(lines.get(1).matches(" *1\\.0 s +100,000 +12,345,678 +9876\\.54 +\\S+ us +1\\.50 s +1,234"), lines.get(1));
        assertTrue(lines.get(2).matches(" *2\\.0 s +100,000 +0 +0\\.00 +- +- +1,234"), lines.get(2));
        lines.forEach(l -> assertTrue(l.length() < 80, l.length() + ": " + l));
    }

    @Test
    void aNarrowTerminalLosesTheLeastNeededColumnsFirst() {
        String text = run(LoadOptions.Progress.ALWAYS, false, 50);
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).matches(" *conns +round trips/s +p99 +errors"), lines.get(0));
        lines.forEach(l -> assertTrue(l.length() < 50, l.length() + ": " + l));
        assertEquals(List.of(ProgressLine.Column.CONNS, ProgressLine.Column.P99, ProgressLine.Column.ERRORS),
                ProgressLine.fitting(30));
        assertTrue(run(LoadOptions.Progress.ALWAYS, false, 12).lines().allMatch(l -> l.length() < 12));
    }

    @Test
    void onATerminalTheLineRewritesItselfAndEndsWithANewline() {
        // lines end with the platform's separator (\r\n on Windows); the rewrites are the other \r's
        String text = run(LoadOptions.Progress.AUTO, true, 80).replace(System.lineSeparator(), "\n");
        assertEquals(2, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.endsWith("\n"), text);
        for (String rewrite : text.split("\r")) {
            assertTrue(rewrite.strip().length() < 80, rewrite);
        }
    }

    @Test
    void withoutATerminalAutoPrintsNothing() {
        assertFalse(run(LoadOptions.Progress.AUTO, false, 80).contains("conns"));
        assertEquals("", run(LoadOptions.Progress.NEVER, true, 80));
    }
}
