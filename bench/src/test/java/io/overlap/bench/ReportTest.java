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

    @Test
    void oneRunPrintsTheTargetsOfEveryServerInItWhateverTheReference() {
        Report r = new Report(Report.parse(List.of(HEADER,
                "overlap-nio,rr100,1,220000,14,400,800,4.2,0",
                "overlap-nio-queue4,rr100,1,210000,13,450,900,4.5,0",
                "overlap-uring,rr100,1,240000,15,380,700,3.9,0",
                "overlap-uring-queue4,rr100,1,216000,14,420,800,4.3,0",
                "netty-nio,rr100,1,200000,13,500,900,4.6,0",
                "jdk-selector,rr100,1,230000,15,390,750,4.1,0")));
        String text = print(r);
        // handler mode: 220k / 200k = 1.10 (met); CPU 4.2 / 4.6 = 0.91 (met); 4.2 / 4.1 = 1.02 (met)
        assertTrue(text.contains("### targets (issue 11): overlap-nio\n"), text);
        assertTrue(text.contains("rr100 srv CPU/rt ≤ 0.95× netty-nio | 0.91× | met"), text);
        assertTrue(text.contains("rr100 srv CPU/rt ≤ 1.05× jdk-selector | 1.02× | met"), text);
        assertTrue(text.contains("### targets (issue 11): overlap-nio-queue4"), text);
        // uring queue mode against uring's handler mode: 216k / 240k = 0.90 against 0.95: short by 5.3 %
        assertTrue(text.contains("### targets (issue 11): overlap-uring-queue4"), text);
        assertTrue(text.contains("rr100 rt/s ≥ 0.95× overlap-uring | 0.90× | **missed** by 5.3%"), text);
        assertTrue(text.contains("### targets (issue 12): overlap-uring"), text);
        // the reference's own sets come first
        assertTrue(text.indexOf("(issue 6): overlap-nio") < text.indexOf("(issue 11): overlap-nio-queue4"), text);
        assertTrue(!text.contains("winsock-iocp"), text);
    }

    @Test
    void underWineTheCompletionPortAndTheEventModelAreEachHeldToTheirTargets() {
        Report r = new Report(Report.parse(List.of(HEADER,
                "winsock-iocp,rr100,1,12000,0,900,20000,0,0",
                "winsock-event,rr100,1,9000,0,1000,30000,0,0",
                "jdk-nio2,rr100,1,10000,0,1000,25000,0,0")));
        String text = print(r, Report.IOCP_REFERENCE);
        // iocp: 12k / 10k = 1.2 against 1.3 (short by 7.7 %), p99 0.8 met; event: 0.9 against 1.0, p99 1.2 met
        assertTrue(text.contains("### targets (issue 13): winsock-iocp"), text);
        assertTrue(text.contains("rr100 rt/s ≥ 1.3× jdk-nio2 | 1.20× | **missed** by 7.7%"), text);
        assertTrue(text.contains("rr100 p99 ≤ 1.0× jdk-nio2 | 0.80× | met"), text);
        assertTrue(text.contains("### targets (issue 13): winsock-event"), text);
        assertTrue(text.contains("rr100 rt/s ≥ 1.0× jdk-nio2 | 0.90× | **missed** by 10.0%"), text);
        assertTrue(text.contains("rr100 p99 ≤ 1.2× jdk-nio2 | 1.20× | met"), text);
    }

    @Test
    void aHoldSaysHowManyThreadsTheServerHadWhileHolding() {
        Report r = new Report(Report.parse(List.of(
                "server,scenario,rep,conns,hold_alive,establish_ms,rss_base_kb,rss_held_kb,rss_per_conn_b,threads_held,errors",
                "winsock-iocp,hold,1,10000,10000,900,40960,81920,4194,24,0")));
        String text = print(r, Report.IOCP_REFERENCE);
        assertTrue(text.contains("| winsock-iocp | 10000 / 10000 | 900 | 40.0 | 80.0 | 4194 | 24 | 0 | 1 |"), text);
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
