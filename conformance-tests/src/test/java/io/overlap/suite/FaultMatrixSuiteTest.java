package io.overlap.suite;

import io.overlap.Backends;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.SelectClasses;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The fault matrix alone ({@code FaultScenarios}) against the backend named by
 * {@code -Dio.overlap.backend}: the build's own run of it over {@code winsock-emulated} (the
 * winsock backend over an emulation of Winsock on Linux), apart from {@link ConformanceSuiteTest},
 * which holds it too.
 */
@Suite
@SuiteDisplayName("Overlap fault matrix")
@SelectClasses(io.overlap.conformance.FaultScenarios.class)
class FaultMatrixSuiteTest {
    @BeforeSuite
    static void sayWhichBackend() {
        System.out.println("Overlap fault matrix: " + Backends.PROPERTY + "=" + Backends.configuredName());
    }
}
