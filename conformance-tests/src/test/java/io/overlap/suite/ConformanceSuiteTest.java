package io.overlap.suite;

import io.overlap.Backends;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * Every conformance scenario (main code of this module) against the backend named by
 * {@code -Dio.overlap.backend}; Surefire reports each scenario.
 */
@Suite
@SuiteDisplayName("Overlap conformance")
@SelectPackages("io.overlap.conformance")
@IncludeClassNamePatterns(".*Scenarios")
class ConformanceSuiteTest {
    @BeforeSuite
    static void sayWhichBackend() {
        System.out.println("Overlap conformance suite: " + Backends.PROPERTY + "=" + Backends.configuredName()
                + ", os.name=" + System.getProperty("os.name") + ", java=" + System.getProperty("java.version"));
    }
}
