package io.overlap.conformance;

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import io.overlap.Backends;
import java.io.PrintWriter;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs the conformance scenarios against a backend through the JUnit Platform launcher, for
 * anyone who wants to check a backend without a build tool:
 * {@code java -cp <class path with the backend> io.overlap.conformance.ConformanceRunner [backend]}.
 *
 * <p>The scenarios pick their backend only through the system property
 * {@value Backends#PROPERTY}; {@link #run} sets it for the duration of the run.
 */
public final class ConformanceRunner {
    /** The package that holds the scenarios. */
    public static final String PACKAGE = ConformanceRunner.class.getPackageName();
    /** Which classes of {@link #PACKAGE} are scenario classes. */
    public static final String SCENARIO_CLASSES = ".*Scenarios";

    private ConformanceRunner() {
    }

    /**
     * Runs scenarios on a backend. Runs one at a time (the backend is a process-wide property).
     *
     * @param backend the backend's name, as {@value Backends#PROPERTY} takes it
     * @param selectors which scenarios (e.g. classes or methods); all of them when empty
     * @return what happened
     */
    public static synchronized TestExecutionSummary run(String backend, List<? extends DiscoverySelector> selectors) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectors.isEmpty() ? List.of(selectPackage(PACKAGE)) : selectors)
                .filters(includeClassNamePatterns(SCENARIO_CLASSES))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        String before = System.getProperty(Backends.PROPERTY);
        System.setProperty(Backends.PROPERTY, backend);
        try {
            LauncherFactory.create().execute(request, listener);
        } finally {
            if (before == null) {
                System.clearProperty(Backends.PROPERTY);
            } else {
                System.setProperty(Backends.PROPERTY, before);
            }
        }
        return listener.getSummary();
    }

    /**
     * Runs every scenario on the backend named by the first argument (default: the system
     * property) and exits with 0 only if all of them passed and none was skipped.
     *
     * @param args {@code [backend]}
     */
    public static void main(String[] args) {
        String backend = args.length > 0 ? args[0] : Backends.configuredName();
        TestExecutionSummary summary = run(backend, List.of());
        PrintWriter out = new PrintWriter(System.out, true);
        out.println("Overlap conformance on backend '" + backend + "' (" + System.getProperty("os.name") + ")");
        summary.printTo(out);
        summary.printFailuresTo(out, 20);
        boolean passed = summary.getTestsFoundCount() > 0 && summary.getTotalFailureCount() == 0
                && summary.getTestsSkippedCount() == 0 && summary.getTestsAbortedCount() == 0;
        System.exit(passed ? 0 : 1);
    }
}
