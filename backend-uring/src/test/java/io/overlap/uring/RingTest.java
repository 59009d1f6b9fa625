package io.overlap.uring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overlap.uring.sys.Probe;
import io.overlap.uring.sys.Ring;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ring layer alone: entries written and completions read in Java over the mapped rings. */
class RingTest {
    @BeforeAll
    static void onlyWhereUringRuns() {
        String why = Probe.whyNot();
        assumeTrue(why == null, why);
    }

    @Test
    void nops_come_back_with_their_user_data_in_order_and_the_ring_wraps() throws Exception {
        try (Ring r = Ring.open(8, 16, Ring.SETUP_SINGLE_ISSUER | Ring.SETUP_DEFER_TASKRUN, 0)) {
            List<Long> seen = new ArrayList<>();
            long next = 1;
            for (int round = 0; round < 10; round++) { // 10 x 6 entries through an 8-entry ring
                for (int i = 0; i < 6; i++) {
                    r.sqe().nop(r.nextSqe(), next++);
                }
                while (seen.size() < next - 1) {
                    assertEquals(0, r.enter(true, 1_000_000_000L), "enter");
                    r.reap((userData, res, flags) -> {
                        assertEquals(0, res);
                        seen.add(userData);
                    });
                }
            }
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1L, seen.get(i));
            }
        }
    }

    @Test
    void a_full_submission_ring_says_so() throws Exception {
        try (Ring r = Ring.open(4, 8, 0)) {
            for (int i = 0; i < 4; i++) {
                r.sqe().nop(r.nextSqe(), i + 1);
            }
            assertEquals(-1, r.nextSqe());
            assertEquals(4, r.unsubmitted());
            r.enter(false, 0);
            assertEquals(0, r.unsubmitted());
        }
    }
}
