package io.overlap.examples.future;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Virtual threads where the JDK has them (21 and later), reached by reflection since the
 * examples are built for Java 17; platform threads otherwise.
 */
final class Threads {
    private Threads() {
    }

    /** @return whether this JDK has virtual threads */
    static boolean haveVirtual() {
        return Runtime.version().feature() >= 21;
    }

    /** @return an executor with a new virtual thread per task, when this JDK has them */
    static Optional<ExecutorService> virtualPerTask() {
        if (!haveVirtual()) {
            return Optional.empty();
        }
        try {
            return Optional.of((ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null));
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("JDK " + Runtime.version() + " should have virtual threads", e);
        }
    }

    /** @return an executor with a new virtual thread per task if possible, else a platform thread per task */
    static ExecutorService perTask(String name) {
        return virtualPerTask().orElseGet(() -> Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }));
    }

    /** @return whether the calling thread is virtual (false before JDK 21) */
    static boolean isVirtual() {
        if (!haveVirtual()) {
            return false;
        }
        try {
            return (Boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException(e);
        }
    }
}
