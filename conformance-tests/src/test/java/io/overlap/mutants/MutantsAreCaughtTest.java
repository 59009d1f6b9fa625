package io.overlap.mutants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectIteration;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.overlap.Backends;
import io.overlap.CompletionStatus;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.conformance.AbortScenarios;
import io.overlap.conformance.AcceptConnectScenarios;
import io.overlap.conformance.Bytes;
import io.overlap.conformance.CallerThreadScenarios;
import io.overlap.conformance.CancelCloseScenarios;
import io.overlap.conformance.ConformanceRunner;
import io.overlap.conformance.ExactlyOnceRaceScenarios;
import io.overlap.conformance.FaultCase;
import io.overlap.conformance.FaultScenarios;
import io.overlap.conformance.FifoScenarios;
import io.overlap.conformance.HalfCloseScenarios;
import io.overlap.conformance.Harness;
import io.overlap.conformance.LeakScenarios;
import io.overlap.conformance.RecvScenarios;
import io.overlap.conformance.SeedRegressionScenarios;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.MethodSelector;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The suite bites: run against a backend that breaks one promise, the scenarios that cover that
 * promise must fail. Each mutant wraps the real backend under test, which works, so a failure
 * here comes from the broken promise alone.
 */
class MutantsAreCaughtTest {
    private static String before;

    /** The scenarios that cover each mutant's promise (a subset keeps the run short). */
    static Stream<Arguments> mutants() {
        return Stream.of(
                Arguments.of("mutant-drop", List.of(
                        selectMethod(ExactlyOnceRaceScenarios.class,
                                "hundred_thousand_ops_with_random_cancel_close_timeout_and_peer_close_complete_exactly_once"),
                        selectMethod(ExactlyOnceRaceScenarios.class,
                                "proactor_close_completes_every_pending_op_before_it_returns"))),
                Arguments.of("mutant-duplicate", List.of(selectClass(AcceptConnectScenarios.class))),
                Arguments.of("mutant-zero-eof", List.of(selectClass(RecvScenarios.class), selectClass(HalfCloseScenarios.class))),
                Arguments.of("mutant-shared-buffer", List.of(selectMethod(SeedRegressionScenarios.class,
                        "seed_bug_2_hundred_connections_streaming_distinct_patterns_never_mix"))),
                Arguments.of("mutant-reorder", List.of(selectClass(FifoScenarios.class))),
                Arguments.of("mutant-leak", List.of(selectClass(LeakScenarios.class))),
                // the cross-thread ordering scenarios (issue 10, defect 2) are the suite helper's
                Arguments.of("mutant-cross-thread-reorder", List.of(selectClass(CROSS_THREAD_ORDER))),
                Arguments.of("mutant-lost-on-thread-death", faultCells("mutant-lost-on-thread-death", FaultCase.Kind.ERROR, 2)),
                Arguments.of("mutant-graceful-abort", List.of(selectClass(AbortScenarios.class))),
                Arguments.of("mutant-caller-overtake", List.of(selectMethod(CallerThreadScenarios.class,
                        "sends_and_recvs_from_many_threads_on_shared_connections_keep_fifo_and_never_cross"))),
                Arguments.of("mutant-abortive-close", List.of(selectMethod(CancelCloseScenarios.class,
                        "graceful_close_with_a_pending_recv_sends_fin_not_rst"))));
    }

    private static final String CROSS_THREAD_ORDER = "io.overlap.conformance.CrossThreadOrderScenarios";

    /** The first {@code n} cells of the fault matrix with faults of {@code kind}, as the mutant's run lists them. */
    private static List<DiscoverySelector> faultCells(String mutant, FaultCase.Kind kind, int n) {
        List<FaultCase> matrix = FaultCase.matrix(mutant);
        MethodSelector method = selectMethod(FaultScenarios.class, "fault_matrix", FaultCase.class.getName());
        List<DiscoverySelector> cells = new ArrayList<>();
        for (int i = 0; i < matrix.size() && cells.size() < n; i++) {
            if (matrix.get(i).kind() == kind) {
                cells.add(selectIteration(method, i));
            }
        }
        return cells;
    }

    @BeforeAll
    static void wrapTheBackendUnderTest() {
        before = System.getProperty(MutantBackend.BASE_PROPERTY);
        // the mutants wrap whichever real backend this run tests (auto resolves to one)
        System.setProperty(MutantBackend.BASE_PROPERTY, Backends.select(Backends.configuredName()).name());
    }

    @AfterAll
    static void restore() {
        if (before == null) {
            System.clearProperty(MutantBackend.BASE_PROPERTY);
        } else {
            System.setProperty(MutantBackend.BASE_PROPERTY, before);
        }
        LeakMutant.closeLeaks();
    }

    @ParameterizedTest(name = "{0} is caught")
    @MethodSource("mutants")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void the_suite_fails_a_backend_that_breaks_one_promise(String mutant, List<DiscoverySelector> scenarios)
            throws Exception {
        assertMutantWorksAtAll(mutant);
        TestExecutionSummary summary;
        try {
            summary = ConformanceRunner.run(mutant, scenarios);
        } finally {
            LeakMutant.closeLeaks();
        }
        String failed = summary.getFailures().stream()
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + firstLine(f.getException()))
                .collect(Collectors.joining("\n    "));
        System.out.println(mutant + " on " + MutantBackend.base().name() + ": " + summary.getTestsFoundCount()
                + " scenarios run, " + summary.getTotalFailureCount() + " failed" + (failed.isEmpty() ? "" : "\n    " + failed));
        assertTrue(summary.getTestsFoundCount() > 0, "no scenario was selected for " + mutant);
        assertTrue(summary.getTotalFailureCount() > 0,
                "the conformance suite passed " + mutant + ", a backend that breaks a promise: the suite has a hole");
    }

    /** The mutant is selectable and moves bytes, so the failures above are not a broken setup. */
    private static void assertMutantWorksAtAll(String mutant) throws Exception {
        assertEquals(mutant, Backends.select(mutant).name());
        try (Proactor p = Backends.select(mutant).open(ProactorConfig.defaults())) {
            assertEquals(mutant, p.backendName());
            var l = p.listen(new java.net.InetSocketAddress(Harness.LOOPBACK, 0), 8);
            p.submitAccept(l, null);
            p.submitConnect(l.localAddress(), null);
            int connected = 0;
            while (connected < 2) {
                var c = p.completions().poll(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertTrue(c != null && c.status() == CompletionStatus.OK, () -> mutant + " cannot connect at all");
                connected++;
                if (connected == 2) {
                    p.submitSend(c.connection(), Bytes.utf8("x"));
                }
            }
            assertTrue(p.completions().poll(Harness.AWAIT.toMillis(), TimeUnit.MILLISECONDS) != null,
                    mutant + " cannot send at all");
        }
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
