package io.overlap.conformance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Named;

/**
 * The loopback addresses the connection scenarios run on: IPv4 always, IPv6 ({@code ::1}) where
 * this machine can bind it. Both backends see the same list on one machine, so they run the same
 * number of scenarios.
 */
public final class Loopbacks {
    /** {@code 127.0.0.1}. */
    public static final InetAddress V4 = address("127.0.0.1", new byte[] {127, 0, 0, 1});
    /** {@code ::1}. */
    public static final InetAddress V6 = address("::1", new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private static final boolean HAS_V6 = canBind(V6);

    private Loopbacks() {
    }

    /** @return true if a server socket can bind {@code ::1} here */
    public static boolean hasV6() {
        return HAS_V6;
    }

    /**
     * The argument source of the connection scenario classes ({@link ConnectionScenarioSupport}).
     *
     * @return IPv4, then IPv6 where the machine has it, each named for the reports
     */
    public static List<Named<InetAddress>> available() {
        List<Named<InetAddress>> out = new ArrayList<>(2);
        out.add(Named.of("IPv4", V4));
        if (HAS_V6) {
            out.add(Named.of("IPv6", V6));
        }
        return out;
    }

    private static boolean canBind(InetAddress a) {
        try (ServerSocket ss = new ServerSocket()) {
            ss.bind(new InetSocketAddress(a, 0), 1);
            return true;
        } catch (IOException e) {
            return false; // no IPv6 on this machine (or it is disabled): the scenarios stay on IPv4
        }
    }

    private static InetAddress address(String name, byte[] raw) {
        try {
            return InetAddress.getByAddress(name, raw);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
