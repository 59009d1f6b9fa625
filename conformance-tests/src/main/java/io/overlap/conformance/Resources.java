package io.overlap.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.Backends;
import io.overlap.spi.IoBackend;
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

    /** @return the process's open OS handles, as the selected backend counts them */
    public static long handles() {
        IoBackend b = backend();
        OptionalLong n = b.processHandleCount();
        if (n.isEmpty()) {
            fail("backend " + b.name() + " cannot count the process's OS handles on " + System.getProperty("os.name")
                    + ": the leak scenarios need IoBackend.processHandleCount()");
        }
        return n.getAsLong();
    }

    /** @return how many live threads carry the backend prefix */
    public static int backendThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(THREAD_PREFIX))
                .count();
    }
}
