package io.overlap.spi;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Which of a backend's long-lived I/O threads takes what. New handles go to the live threads
 * in turn; a thread that died is skipped, so it is never given a new handle. Work keyed by a
 * number (a connect, which has no handle yet, by its op id) goes to the first live thread
 * from the one that number picks, so a later cancel of it finds the same thread.
 *
 * @param <L> the backend's I/O thread type
 */
public final class LoopChoice<L> {
    private final List<L> loops;
    private final Predicate<? super L> dead;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param loops the threads, fixed for the proactor's life (at least one)
     * @param dead tells a thread that died of an unexpected error
     */
    public LoopChoice(List<L> loops, Predicate<? super L> dead) {
        if (loops.isEmpty()) {
            throw new IllegalArgumentException("no I/O threads");
        }
        this.loops = List.copyOf(loops);
        this.dead = Objects.requireNonNull(dead, "dead");
    }

    /** @return the next live thread in turn, or null when every one has died */
    public L next() {
        return liveFrom(next.getAndIncrement());
    }

    /**
     * @param key what the thread is picked by (e.g. a handle's id), the same thread for the same key
     * @return the first live thread from the one {@code key} picks, or null when every one has died
     */
    public L byKey(long key) {
        return liveFrom((int) (key ^ (key >>> 32)));
    }

    private L liveFrom(int start) {
        int n = loops.size();
        for (int i = 0; i < n; i++) {
            L l = loops.get(Math.floorMod(start + i, n));
            if (!dead.test(l)) {
                return l;
            }
        }
        return null;
    }
}
