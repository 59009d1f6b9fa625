package io.overlap.uring;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One ring's table of op objects with an entry in the kernel. A completion's user data names
 * its slot (low 32 bits) and the slot's generation (high 32 bits): a slot is reused only
 * after its completion has been reaped, and the generation makes a late cancel that names an
 * older use of the slot miss rather than hit its new occupant. Loop thread only.
 */
final class Slots {
    /** User data of entries whose completion nobody waits for (a cancel's own). */
    static final long IGNORED = -1L;

    private UringOp[] ops = new UringOp[64];
    private int[] gens = new int[64];
    private int[] free = new int[64];
    private int freeTop;
    private int used;

    Slots() {
        for (int i = ops.length - 1; i >= 0; i--) {
            free[freeTop++] = i;
        }
    }

    /** @return the user data naming {@code op}'s new entry (never 0, never {@link #IGNORED}) */
    long claim(UringOp op) {
        if (freeTop == 0) {
            grow();
        }
        int s = free[--freeTop];
        ops[s] = op;
        int g = gens[s] + 1;
        gens[s] = g == Integer.MAX_VALUE ? 1 : g;
        used++;
        return ((long) gens[s] << 32) | s;
    }

    /** @return the op the completion belongs to, its slot free again; null for an ignored or stale tag */
    UringOp release(long userData) {
        int s = (int) userData;
        if (s < 0 || s >= ops.length || ops[s] == null || gens[s] != (int) (userData >>> 32)) {
            return null;
        }
        UringOp op = ops[s];
        ops[s] = null;
        free[freeTop++] = s;
        used--;
        return op;
    }

    /** @return how many entries are in the kernel */
    int used() {
        return used;
    }

    /** @param each called with every op that has an entry in the kernel */
    void forEach(Consumer<UringOp> each) {
        for (UringOp o : ops.clone()) {
            if (o != null) {
                each.accept(o);
            }
        }
    }

    private void grow() {
        int n = ops.length;
        ops = Arrays.copyOf(ops, n * 2);
        gens = Arrays.copyOf(gens, n * 2);
        free = Arrays.copyOf(free, n * 2);
        for (int i = n * 2 - 1; i >= n; i--) {
            free[freeTop++] = i;
        }
    }
}
