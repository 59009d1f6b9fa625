package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Backends;
import com.sun.management.UnixOperatingSystemMXBean;
import io.overlap.spi.IoBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.OptionalLong;

/** What the leak scenarios count (guarantee 9): OS handles of the process and backend threads. */
public final class Resources {
    /** Backend threads are named with this prefix, e.g. {@code overlap-nio-loop-0}. */
    public static final String THREAD_PREFIX = "overlap-";

    private Resources() {
    }

    /** @return the backend the system property selects */
    public static IoBackend backend() {
        return Backends.select(Backends.configuredName());
    }

    /**
     * @return the process's open OS handles: as the selected backend counts them when it can
     *     (Windows), else the JDK's count of Unix file descriptors
     */
    public static long handles() {
        IoBackend b = backend();
        OptionalLong n = b.processHandleCount();
        if (n.isEmpty()) {
            n = unixDescriptors();
        }
        if (n.isEmpty()) {
            fail("the process's OS handles cannot be counted on " + System.getProperty("os.name") + " (backend "
                    + b.name() + "): the leak scenarios need IoBackend.processHandleCount() there");
        }
        return n.getAsLong();
    }

    /**
     * The leak scenarios' own count on Unix; it lives here, not in the API, so the user-facing
     * module needs nothing beyond {@code java.base}.
     *
     * @return open file descriptors, or empty when this is not a Unix JVM
     */
    static OptionalLong unixDescriptors() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix
                ? OptionalLong.of(unix.getOpenFileDescriptorCount())
                : OptionalLong.empty();
    }

    /** @return how many live threads carry the backend prefix */
    public static int backendThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX))
                .count();
    }
}
