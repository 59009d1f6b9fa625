package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.OpKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OpTableTest {

    private static Operation op(long id) {
        return new Operation(id, OpKind.RECV, null, null, null, 0, null);
    }

    @Test
    void a_full_table_refuses_and_a_freed_slot_is_reused_under_a_new_id() {
        OpTable t = new OpTable(2);
        long a = t.reserve();
        long b = t.reserve();
        assertEquals(-1, t.reserve());
        Operation opA = op(a);
        t.publish(opA);
        t.remove(opA);
        long c = t.reserve();
        assertEquals(t.slotOf(a), t.slotOf(c), "the freed slot is reused");
        assertNotEquals(a, c, "but never under the same id");
        assertNull(t.get(a), "a stale id finds nothing");
        Operation opC = op(c);
        t.publish(opC);
        assertSame(opC, t.get(c));
        assertEquals(2, t.size());
        t.unreserve(b);
        assertEquals(1, t.size());
    }

    @Test
    void two_tables_never_hand_out_the_same_id() {
        OpTable one = new OpTable(4);
        OpTable two = new OpTable(4);
        Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            for (OpTable t : new OpTable[] {one, two}) {
                long id = t.reserve();
                assertTrue(seen.add(id), "an id of one table was handed out by the other: " + id);
                Operation op = op(id);
                t.publish(op);
                assertNull((t == one ? two : one).get(id), "the other table finds nothing under it");
                t.remove(op);
            }
        }
    }

    @Test
    void unknown_and_out_of_range_ids_find_nothing() {
        OpTable t = new OpTable(4);
        assertNull(t.get(0));
        assertNull(t.get(-1));
        assertNull(t.get(1L << 32 | 99));
    }

    @Test
    @Timeout(30)
    void ids_stay_unique_when_threads_reserve_and_free_concurrently() throws Exception {
        OpTable t = new OpTable(64);
        int threads = 4;
        int rounds = 50_000;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> errors = new ArrayList<>();
        for (int w = 0; w < threads; w++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    Set<Long> mine = new HashSet<>();
                    for (int i = 0; i < rounds; i++) {
                        long id = t.reserve();
                        assertTrue(id >= 0, "64 slots for 4 threads holding one each");
                        assertTrue(seen.add(id), "id handed out twice: " + id);
                        Operation o = op(id);
                        t.publish(o);
                        assertSame(o, t.get(id));
                        t.remove(o);
                        mine.add(id);
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            });
            workers.add(th);
            th.start();
        }
        for (Thread th : workers) {
            th.join();
        }
        assertTrue(errors.isEmpty(), () -> errors.toString());
        assertEquals(threads * rounds, seen.size());
        assertEquals(0, t.size());
    }

    @Test
    void a_depth_one_slot_never_repeats_an_id_in_a_hundred_thousand_ops() {
        OpTable t = new OpTable(1);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            long id = cycle(t);
            assertTrue(seen.add(id), "id " + Long.toHexString(id) + " issued twice, after " + i + " ops");
        }
    }

    /**
     * After 2^32 ops on one slot (about an hour at a million ops a second) its ids still differ
     * from every earlier one: the id sequence is moved on rather than
     * running them.
     */
    @Test
    void a_depth_one_slot_never_repeats_an_id_after_two_to_the_thirty_two_ops() {
        OpTable t = new OpTable(1);
        Set<Long> early = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            early.add(cycle(t));
        }
        skipGenerations(t, (1L << 32) - 6);
        for (int i = 0; i < 6; i++) {
            long id = cycle(t);
            assertTrue(id != -1 && !early.contains(id), "after 2^32 ops the slot issued " + Long.toHexString(id)
                    + " again, one of its first ids " + early.stream().map(Long::toHexString).toList());
        }
    }

    /** One op's life in the table: reserve, publish, remove. */
    private static long cycle(OpTable t) {
        long id = t.reserve();
        Operation o = op(id);
        t.publish(o);
        assertSame(o, t.get(id));
        t.remove(o);
        return id;
    }

    /** Moves the id sequence on by {@code n}, as if that many operations had run. */
    private static void skipGenerations(OpTable t, long n) {
        OpTable.skipIds(n);
    }
}
