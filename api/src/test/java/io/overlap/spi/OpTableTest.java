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
    void a_depth_one_table_never_reissues_an_id() {
        OpTable t = new OpTable(1);
        Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long id = t.reserve();
            assertTrue(id > 0, "ids are positive");
            assertTrue(seen.add(id), "id reissued after " + i + " operations: " + id);
            t.unreserve(id);
        }
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
}
