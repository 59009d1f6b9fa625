package io.overlap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {
    private static final String HEADER = "server,scenario,rep,rtt_per_s,mb_per_s,p50_us,p99_us,srv_cpu_us_per_rt,errors";

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, Report.median(new double[] {3, 1, 2}));
        assertEquals(2.5, Report.median(new double[] {4, 1, 2, 3}));
        assertEquals(5.0, Report.median(new double[] {Double.NaN, 5}));
        assertTrue(Double.isNaN(Report.median(new double[] {})));
    }

    @Test
    void ratiosAndTargetsComeFromMedians() {
        Report r = new Report(Report.parse(List.of(HEADER,
                "overlap-nio,rr100,1,220000,14,400,800,4.0,0",
                "netty-nio,rr100,1,190000,12,500,900,5.0,0",
                "jdk-nio2,rr100,1,100000,6,900,3500,9.0,0",
                "overlap-nio,rr100,2,240000,15,400,700,4.2,0",
                "netty-nio,rr100,2,200000,13,500,1000,5.2,0",
                "jdk-nio2,rr100,2,98000,6,900,3000,9.0,0")));
        Report.Cell o = r.cells().get("rr100").get("overlap-nio");
        assertEquals(230000, o.rtPerS(), 1e-9);
        assertEquals(2, o.n());
        String text = print(r);
        // 230k / 195k = 1.18 (target 1.1: met); 230k / 99k = 2.32 (target 2.0: met)
        assertTrue(text.contains("| rr100 | netty-nio | 1.18× | 1.20× |"), text);
        assertTrue(text.contains("rr100 rt/s ≥ 2.0× jdk-nio2 | 2.32× | met"), text);
        assertTrue(text.contains("tput MB/s ≥ 1.0× netty-nio | - | not measured"), text);
    }

    @Test
    void aMissedTargetSaysByHowMuch() {
        Report r = new Report(Report.parse(List.of(HEADER,
                "overlap-nio,rr100,1,150000,10,600,1800,6.0,0",
                "netty-nio,rr100,1,200000,13,500,900,5.0,0")));
        String text = print(r);
        // 150k / 200k = 0.75 against 1.1: short by 1 - 0.75 / 1.1 = 32 %
        assertTrue(text.contains("rr100 rt/s ≥ 1.1× netty-nio | 0.75× | **missed** by 32%"), text);
        assertTrue(text.contains("rr100 p99 ≤ 1.0× netty-nio | 2.00× | **missed** by 100%"), text);
    }

    @Test
    void queueModeHasItsOwnTargets() {
        Report r = new Report(Report.parse(List.of(HEADER,
                "overlap-nio-queue4,rr100,1,190000,12,500,900,5.0,0",
                "overlap-nio,rr100,1,220000,14,400,800,4.0,0",
                "netty-nio,rr100,1,200000,13,500,900,5.0,0")));
        String text = print(r, Report.QUEUE_REFERENCE);
        // 190k / 200k = 0.95 against 1.0: short by 5 %; 190k / 220k = 0.86 against 0.95: short by 9.1 %
        assertTrue(text.contains("### targets (issue 11): overlap-nio-queue4"), text);
        assertTrue(text.contains("rr100 rt/s ≥ 1.0× netty-nio | 0.95× | **missed** by 5.0%"), text);
        assertTrue(text.contains("rr100 rt/s ≥ 0.95× overlap-nio | 0.86× | **missed** by 9.1%"), text);
    }

    private static String print(Report r) {
        return print(r, Report.DEFAULT_REFERENCE);
    }

    private static String print(Report r, String reference) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        r.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), reference);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
