package io.overlap.suite;

import io.overlap.Backends;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The fault matrix alone ({@code FaultScenarios}): the build runs it over
 * {@code winsock-emulated} (the winsock backend over an emulation of Winsock on java.nio) in
 * its own Surefire execution, apart from {@link ConformanceSuiteTest}, which holds it too.
 */
@Suite
@SuiteDisplayName("Overlap fault matrix")
@SelectClasses(io.overlap.conformance.FaultScenarios.class)
class FaultMatrixSuiteTest {
    /**
     * The backend this suite runs on when set, whatever {@code -Dio.overlap.backend} says for
     * the rest of the build: Maven's user properties override a Surefire execution's own system
     * properties, so the execution cannot set {@code io.overlap.backend} itself.
     */
    static final String BACKEND = "overlap.faultMatrix.backend";
    private static String before;

    @BeforeSuite
    static void chooseBackend() {
        before = System.getProperty(Backends.PROPERTY);
        String b = System.getProperty(BACKEND);
        if (b != null && !b.isBlank()) {
            System.setProperty(Backends.PROPERTY, b.trim());
        }
        System.out.println("Overlap fault matrix: " + Backends.PROPERTY + "=" + Backends.configuredName());
    }

    @AfterSuite
    static void restoreBackend() {
        if (before == null) {
            System.clearProperty(Backends.PROPERTY);
        } else {
            System.setProperty(Backends.PROPERTY, before);
        }
    }
}
