package io.overlap.winsock;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the {@link Winsock} calls a backend makes, by name, on any implementation (the fake or
 * the emulation): what "calls per operation" means in the README is measured with it.
 */
final class CountingWinsock {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Winsock counted;

    CountingWinsock(Winsock real) {
        InvocationHandler h = (proxy, m, args) -> {
            if (!m.getName().equals("useRoutine")) { // sets a field of the block: no native call
                counts.computeIfAbsent(m.getName(), k -> new LongAdder()).increment();
            }
            try {
                return m.invoke(real, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        counted = (Winsock) Proxy.newProxyInstance(Winsock.class.getClassLoader(), new Class<?>[] {Winsock.class}, h);
    }

    /** @return the Winsock whose calls are counted */
    Winsock winsock() {
        return counted;
    }

    /** @return the calls made so far, by name */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** @return the calls made since {@code before}, by name, zeroes left out */
    Map<String, Long> since(Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        snapshot().forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d != 0) {
                out.put(k, d);
            }
        });
        return out;
    }
}
