package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.overlap.Completion;
import io.overlap.OpKind;
import io.overlap.ProactorClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LinkedCompletionQueueTest {

    private static Operation op(long id) {
        return new Operation(id, OpKind.SEND, null, null, null, 0, null);
    }

    @Test
    void completions_come_out_in_the_order_they_went_in() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        Operation a = op(1);
        Operation b = op(2);
        Operation c = op(3);
        a.completionNext = b;
        q.offerChain(a, b, 2);
        q.offer(c);
        assertEquals(3, q.size());
        assertSame(a, q.poll());
        List<Completion> got = new ArrayList<>();
        assertEquals(2, q.drain(got::add, 10));
        assertEquals(List.of(b, c), got);
        assertNull(q.poll());
        assertNull(q.poll(1, TimeUnit.MILLISECONDS));
    }

    @Test
    void drain_hands_over_at_most_max() {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        for (int i = 1; i <= 5; i++) {
            q.offer(op(i));
        }
        List<Completion> got = new ArrayList<>();
        assertEquals(2, q.drain(got::add, 2));
        assertEquals(3, q.size());
        assertEquals(1, got.get(0).id());
    }

    @Test
    void a_throwing_consumer_loses_nothing() {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        for (int i = 1; i <= 3; i++) {
            q.offer(op(i));
        }
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> q.drain(c -> {
            calls.incrementAndGet();
            throw new IllegalStateException("consumer bug");
        }, 3));
        assertEquals(1, calls.get());
        assertEquals(2, q.size(), "the two not handed over are back in the queue");
        assertEquals(2, q.poll().id());
    }

    @Test
    void take_waits_for_a_producer_and_fails_once_closed_and_empty() throws Exception {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        Operation a = op(7);
        Thread producer = new Thread(() -> q.offer(a));
        producer.start();
        assertSame(a, q.take());
        producer.join();
        q.offer(op(8));
        q.close();
        assertEquals(8, q.take().id(), "what was queued before close can still be taken");
        assertThrows(ProactorClosedException.class, q::take);
        assertNull(q.poll(10, TimeUnit.SECONDS), "a timed wait returns at once when closed");
    }

    @Test
    void drain_rejects_bad_arguments() {
        LinkedCompletionQueue q = new LinkedCompletionQueue();
        assertThrows(NullPointerException.class, () -> q.drain(null, 1));
        assertThrows(IllegalArgumentException.class, () -> q.drain(c -> { }, 0));
    }
}
