package io.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BufferPoolTest {

    @Test
    void leases_come_from_the_smallest_class_that_fits() {
        BufferPool pool = BufferPool.builder().sizeClass(16384, 2).sizeClass(2048, 2).build();
        try (BufferLease small = pool.tryLease(100); BufferLease big = pool.tryLease(2049)) {
            assertEquals(2048, small.buffer().capacity());
            assertEquals(16384, big.buffer().capacity());
            assertTrue(small.buffer().isDirect());
            assertEquals(2, pool.leased());
        }
        assertEquals(0, pool.leased());
        assertEquals(16384, pool.recvSize(), "a receive leases the largest class by default");
    }

    @Test
    void an_exhausted_class_refuses_and_a_release_makes_room_with_the_same_buffer() {
        BufferPool pool = BufferPool.of(64, 1);
        BufferLease a = pool.tryLease(64);
        ByteBuffer buf = a.buffer();
        buf.put((byte) 1);
        assertNull(pool.tryLease(1), "exhausted: backpressure, not growth");
        assertEquals(0, pool.available());
        a.release();
        BufferLease b = pool.tryLease(1);
        assertSame(buf, b.buffer(), "buffers are reused");
        assertEquals(0, b.buffer().position(), "and handed out cleared");
        b.release();
        assertEquals(1, pool.available());
    }

    @Test
    void a_double_release_fails_loudly_and_changes_nothing() {
        BufferPool pool = BufferPool.of(64, 2);
        BufferLease a = pool.tryLease(64);
        a.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, a::release);
        assertTrue(e.getMessage().contains("double release"), e.getMessage());
        assertThrows(IllegalStateException.class, a::buffer);
        assertEquals(0, pool.leased());
        a.close(); // try-with-resources after an explicit release is fine
    }

    @Test
    void bad_arguments_get_clear_exceptions() {
        assertThrows(IllegalArgumentException.class, () -> BufferPool.builder().build());
        assertThrows(IllegalArgumentException.class, () -> BufferPool.builder().sizeClass(0, 1));
        assertThrows(IllegalArgumentException.class, () -> BufferPool.builder().sizeClass(8, 0));
        assertThrows(IllegalArgumentException.class, () -> BufferPool.builder().sizeClass(8, 1).sizeClass(8, 2));
        assertThrows(IllegalArgumentException.class, () -> BufferPool.builder().sizeClass(8, 1).recvSize(9).build());
        BufferPool pool = BufferPool.of(8, 1);
        assertThrows(IllegalArgumentException.class, () -> pool.tryLease(9));
        assertThrows(IllegalArgumentException.class, () -> pool.tryLease(0));
    }

    @Test
    @Timeout(30)
    void refused_leases_never_show_in_the_leased_count() throws Exception {
        BufferPool pool = BufferPool.of(32, 1);
        BufferLease held = pool.tryLease(32);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> refused = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            Thread th = new Thread(() -> {
                while (!done.get()) {
                    assertNull(pool.tryLease(32));
                }
            });
            refused.add(th);
            th.start();
        }
        int over = 0;
        try {
            for (int i = 0; i < 2_000_000; i++) {
                if (pool.leased() != 1 || pool.available() != 0) {
                    over++;
                }
            }
        } finally {
            done.set(true);
            for (Thread th : refused) {
                th.join();
            }
        }
        assertEquals(0, over, "reads of leased() that counted a lease the pool refused");
        held.release();
        assertEquals(0, pool.leased());
    }

    @Test
    @Timeout(30)
    void concurrent_leases_never_exceed_the_bound_and_all_come_back() throws Exception {
        BufferPool pool = BufferPool.of(32, 8);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        BufferLease l = pool.tryLease(32);
                        if (l != null) {
                            assertTrue(pool.leased() <= 8);
                            assertNotNull(l.buffer());
                            l.release();
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        assertTrue(errors.isEmpty(), errors::toString);
        assertEquals(0, pool.leased());
        assertEquals(8, pool.available());
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void a_failed_allocation_leaves_the_pool_whole_and_a_later_lease_does_not_spin() {
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(3);
        BufferPool pool = BufferPool.builder().sizeClass(64, 2).allocator(size -> {
            if (failures.getAndDecrement() > 0) {
                throw new OutOfMemoryError("injected: direct buffer memory");
            }
            return ByteBuffer.allocateDirect(size);
        }).build();
        for (int i = 0; i < 3; i++) {
            assertThrows(OutOfMemoryError.class, () -> pool.tryLease(64));
            assertEquals(0, pool.leased(), "a failed lease holds nothing");
            assertEquals(2, pool.available(), "and the pool keeps its capacity");
        }
        BufferLease a = pool.tryLease(64);
        BufferLease b = pool.tryLease(64);
        assertNotNull(a);
        assertNotNull(b, "both buffers can still be made: the failures did not use up the bound");
        assertNull(pool.tryLease(64), "and the bound still holds");
        a.release();
        BufferLease c = pool.tryLease(64);
        assertNotNull(c, "a released buffer is reused, without waiting for one that was never made");
        b.release();
        c.release();
        assertEquals(0, pool.leased());
    }

    @Test
    void an_allocator_that_returns_a_too_small_buffer_is_refused_and_changes_nothing() {
        BufferPool pool = BufferPool.builder().sizeClass(64, 1).allocator(size -> ByteBuffer.allocate(8)).build();
        assertThrows(IllegalStateException.class, () -> pool.tryLease(64));
        assertEquals(0, pool.leased());
        assertEquals(1, pool.available());
    }
}
