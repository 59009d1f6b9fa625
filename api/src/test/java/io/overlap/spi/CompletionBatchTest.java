package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.CompletionStatus;
import io.overlap.OpKind;
import org.junit.jupiter.api.Test;

class CompletionBatchTest {
    private long ids;

    private Operation done(CompletionStatus status) {
        Operation op = new Operation(++ids, OpKind.RECV, null, null, null, 0, null);
        assertTrue(op.finish(status, 0, null, null));
        return op;
    }

    @Test
    void a_turn_is_over_budget_after_its_completions_and_a_new_turn_starts_afresh() {
        CompletionBatch b = new CompletionBatch(new LinkedCompletionQueue(), null, new StatsCounters("test"), "test");
        b.beginTurn();
        for (int i = 1; i < CompletionBatch.TURN_BUDGET; i++) {
            b.deliver(done(i % 2 == 0 ? CompletionStatus.OK : CompletionStatus.END_OF_STREAM));
            b.flush();
        }
        assertFalse(b.overBudget(), "successes alone stay within the budget until it is used up");
        b.deliver(done(CompletionStatus.OK));
        assertTrue(b.overBudget());
        b.beginTurn();
        assertFalse(b.overBudget());
    }

    @Test
    void failures_use_up_a_turn_far_sooner_than_successes() {
        CompletionBatch b = new CompletionBatch(new LinkedCompletionQueue(), null, new StatsCounters("test"), "test");
        b.beginTurn();
        for (int i = 1; i < CompletionBatch.TURN_FAILURE_BUDGET; i++) {
            b.deliver(done(CompletionStatus.FAILED));
        }
        assertFalse(b.overBudget());
        b.deliver(done(CompletionStatus.CANCELLED));
        assertTrue(b.overBudget(), "an operation failing at once and resubmitted must not hold the turn");
    }
}
