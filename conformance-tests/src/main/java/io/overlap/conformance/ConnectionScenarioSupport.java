package io.overlap.conformance;

import java.net.InetAddress;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The support of scenario classes that make connections: each of their scenarios runs once per
 * loopback of {@link Loopbacks#available()} (IPv4, and IPv6 where the machine has it), with the
 * scenario's proactors listening, connecting and peering on that address.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.overlap.conformance.Loopbacks#available")
public abstract class ConnectionScenarioSupport extends ScenarioSupport {
    /** The loopback of this run of the class, injected by JUnit. */
    @Parameter
    InetAddress loopbackUnderTest;

    /** Creates the support; JUnit calls it. */
    protected ConnectionScenarioSupport() {
    }

    @Override
    protected final InetAddress loopback() {
        return loopbackUnderTest;
    }
}
