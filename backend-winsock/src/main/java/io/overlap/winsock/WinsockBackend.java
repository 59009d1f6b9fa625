package io.overlap.winsock;

import io.overlap.BackendUnavailableException;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.Availability;
import io.overlap.spi.IoBackend;
import io.overlap.winsock.jna.JnaWinsock;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * The {@code winsock} backend: Winsock event-notification overlapped I/O on 64-bit Windows.
 * It outranks {@code nio} for {@code auto}, and says why it is unavailable elsewhere.
 */
public final class WinsockBackend implements IoBackend {
    /** The name users select it by. */
    public static final String NAME = WinsockProactor.NAME;
    /** Its rank for {@code auto}; above {@code nio}'s 10, so Windows gets overlapped I/O. */
    public static final int PRIORITY = 20;

    private volatile Availability availability;

    /** Made by {@link java.util.ServiceLoader}; does no work until asked. */
    public WinsockBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        Availability a = availability;
        if (a == null) {
            a = check(System.getProperty("os.name", "unknown"), System.getProperty("sun.arch.data.model", "?"));
            availability = a;
        }
        return a;
    }

    @Override
    public Proactor open(ProactorConfig config) throws IOException {
        Availability a = availability();
        if (!a.isAvailable()) {
            throw new BackendUnavailableException("Overlap backend '" + NAME + "' is not available here: " + a.reason());
        }
        return WinsockProactor.open(config, JnaWinsock.load(), Tuning.of(config));
    }

    /** On Windows, {@code GetProcessHandleCount}: sockets, events and threads are all handles. */
    @Override
    public OptionalLong processHandleCount() {
        return availability().isAvailable() ? JnaWinsock.load().processHandleCount() : IoBackend.super.processHandleCount();
    }

    static Availability check(String osName, String dataModel) {
        if (!osName.startsWith("Windows")) {
            return Availability.unavailable("winsock needs Windows; os.name is " + osName);
        }
        if (!"64".equals(dataModel)) {
            return Availability.unavailable("winsock needs a 64-bit JVM; sun.arch.data.model is " + dataModel);
        }
        try {
            JnaWinsock.load();
        } catch (LinkageError e) {
            return Availability.unavailable("winsock cannot bind ws2_32/kernel32 through JNA: " + e);
        }
        return Availability.available();
    }
}
