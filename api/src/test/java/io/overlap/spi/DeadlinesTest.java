package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.OpKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
    private static Operation timed(long id, long timeoutNanos) {
        return new Operation(id, OpKind.RECV, null, null, null, timeoutNanos, null);
    }

    @Test
    void an_untimed_operation_is_never_armed() {
        Deadlines d = new Deadlines();
        d.arm(timed(1, 0));
        assertEquals(0, d.size());
        assertEquals(-1, d.nanosToNext());
    }

    @Test
    void due_operations_expire_earliest_first_and_the_rest_stay() throws Exception {
        Deadlines d = new Deadlines();
        Operation late = timed(1, 60_000_000_000L);
        Operation soon = timed(2, 1_000_000L);
        Operation sooner = timed(3, 1L);
        d.arm(late);
        d.arm(soon);
        d.arm(sooner);
        assertEquals(3, d.size());
        Thread.sleep(5);
        List<Operation> expired = new ArrayList<>();
        assertEquals(2, d.expire(expired::add));
        assertEquals(List.of(sooner, soon), expired);
        assertEquals(1, d.size());
        long next = d.nanosToNext();
        assertTrue(next > 50_000_000_000L && next <= 60_000_000_000L, "the late one is next: " + next);
    }

    @Test
    void completing_an_operation_takes_it_out_of_its_heap() {
        Deadlines d = new Deadlines();
        Operation a = timed(1, 60_000_000_000L);
        Operation b = timed(2, 30_000_000_000L);
        d.arm(a);
        d.arm(b);
        assertTrue(a.finish(io.overlap.CompletionStatus.OK, 0, null, null));
        Deadlines.disarm(a);
        assertEquals(1, d.size());
        d.arm(a); // a completed operation is never armed again
        assertEquals(1, d.size());
        List<Operation> left = new ArrayList<>();
        d.clear(left::add);
        assertEquals(List.of(b), left);
        assertEquals(0, d.size());
    }

    @Test
    void wait_millis_round_up_and_keep_the_no_wait_and_no_deadline_values() {
        assertEquals(-1, Deadlines.toWaitMillis(-1));
        assertEquals(0, Deadlines.toWaitMillis(0));
        assertEquals(1, Deadlines.toWaitMillis(1));
        assertEquals(1, Deadlines.toWaitMillis(1_000_000));
        assertEquals(2, Deadlines.toWaitMillis(1_000_001));
    }
}
