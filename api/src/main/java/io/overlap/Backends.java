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

    /**
     * What to do when no backend is installed. On the module path a backend is resolved by
     * service binding when the application is a module launched with {@code -m}; a jlink image
     * or an application on the class path with Overlap on the module path needs it named.
     */
    static final String NOT_INSTALLED = "put overlap-backend-nio (any OS) or overlap-backend-winsock (Windows)"
            + " on the class path or the module path; on the module path of a jlink image, or with the"
            + " application on the class path, also name it: --add-modules io.overlap.nio"
            + " (or 'requires io.overlap.nio' in module-info.java)";

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
        return select(name, installed());
    }

    static IoBackend select(String name, List<IoBackend> all) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        if (wanted.equals(AUTO)) {
            if (all.isEmpty()) {
                throw new BackendUnavailableException("no Overlap backend is installed: " + NOT_INSTALLED);
            }
            IoBackend picked = all.stream().filter(b -> b.availability().isAvailable()).findFirst()
                    .orElseThrow(() -> new BackendUnavailableException("no Overlap backend is available here: "
                            + all.stream().map(b -> b.name() + " (" + b.availability().reason() + ")")
                                    .collect(Collectors.joining(", "))));
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
                + all.stream().map(b -> ", " + b.name()).collect(Collectors.joining())
                + "; if it is one of Overlap's, put overlap-backend-" + wanted + " (module io.overlap." + wanted
                + ") on the class path or the module path");
    }

    private static ClassLoader loader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl != null ? tccl : Backends.class.getClassLoader();
    }
}
