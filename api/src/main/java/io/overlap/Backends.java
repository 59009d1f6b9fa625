package io.overlap;

import io.overlap.spi.IoBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the installed backends (through {@link ServiceLoader}) and picks one by name.
 *
 * <p>The name comes from {@link ProactorConfig#backend()} or the system property
 * {@value #PROPERTY}: {@code auto} (the default) picks the available backend with the highest
 * priority; any other value must be a provider's name.
 */
public final class Backends {
    /** The system property that names the backend. */
    public static final String PROPERTY = "io.overlap.backend";
    /** The name that picks the best available backend. */
    public static final String AUTO = "auto";
    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    private Backends() {
    }

    /** @return the backend name the system property asks for, {@code auto} when unset */
    public static String configuredName() {
        String v = System.getProperty(PROPERTY);
        return v == null || v.isBlank() ? AUTO : v.trim();
    }

    /** @return every installed backend, highest priority first */
    public static List<IoBackend> installed() {
        List<IoBackend> all = new ArrayList<>();
        ServiceLoader.load(IoBackend.class, loader()).forEach(all::add);
        all.sort(Comparator.comparingInt(IoBackend::priority).reversed().thenComparing(IoBackend::name));
        return all;
    }

    /**
     * Picks a backend by name.
     *
     * @param name {@code auto} or a provider's name (case does not matter)
     * @return the backend, which is available here
     * @throws IllegalArgumentException if no installed backend has that name
     * @throws BackendUnavailableException if it (or, for {@code auto}, every one) cannot run here
     */
    public static IoBackend select(String name) {
        if (name == null) {
            throw new NullPointerException("backend name");
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        List<IoBackend> all = installed();
        if (wanted.equals(AUTO)) {
            IoBackend picked = all.stream().filter(b -> b.availability().isAvailable()).findFirst()
                    .orElseThrow(() -> new BackendUnavailableException("no Overlap backend is available here: "
                            + (all.isEmpty() ? "none is installed (add overlap-backend-nio to the class path)"
                                    : all.stream().map(b -> b.name() + " (" + b.availability().reason() + ")")
                                            .collect(Collectors.joining(", ")))));
            // which one ran, and why each one ranked above it did not, e.g. uring under seccomp
            LOG.log(System.Logger.Level.DEBUG, () -> "auto picked the " + picked.name() + " backend"
                    + all.stream().takeWhile(b -> b != picked)
                            .map(b -> "; passed over " + b.name() + ": " + b.availability().reason())
                            .collect(Collectors.joining()));
            return picked;
        }
        for (IoBackend b : all) {
            if (b.name().equalsIgnoreCase(wanted)) {
                if (!b.availability().isAvailable()) {
                    throw new BackendUnavailableException("Overlap backend '" + b.name()
                            + "' is not available here: " + b.availability().reason());
                }
                return b;
            }
        }
        throw new IllegalArgumentException("unknown Overlap backend '" + name + "' (from "
                + PROPERTY + " or the config); known: " + AUTO
                + all.stream().map(b -> ", " + b.name()).collect(Collectors.joining()));
    }

    private static ClassLoader loader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : Backends.class.getClassLoader();
    }
}
