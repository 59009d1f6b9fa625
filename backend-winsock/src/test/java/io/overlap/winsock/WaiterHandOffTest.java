package io.overlap.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.winsock.FakeWinsock.Kind;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The hand-off from submitting threads to a waiter (issue 11, item 3): no allocation per
 * submission, FIFO across threads, and no wake-up set while the waiter is busy.
 */
class WaiterHandOffTest extends FakeProactorTest {
    private static final int SUBMISSIONS = 100_000;

    @Test
    void slotsComeOutInTheOrderEachThreadPutThemIn() throws Exception {
        SlotQueue q = new SlotQueue();
        int threads = 3;
        int each = 20_000;
        List<List<Slot>> made = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Slot> mine = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                Slot s = new Slot(new FakeWinsock.FakeBlock(), t);
                s.generation = i;
                mine.add(s);
            }
            made.add(mine);
        }
        Thread[] producers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            List<Slot> mine = made.get(t);
            producers[t] = new Thread(() -> mine.forEach(q::add));
            producers[t].start();
        }
        int[] nextOf = new int[threads];
        Set<Slot> seen = new HashSet<>();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seen.size() < threads * each && System.nanoTime() < deadline) {
            Slot s = q.poll();
            if (s == null) {
                Thread.onSpinWait();
                continue;
            }
            int t = (int) s.event;
            assertEquals(nextOf[t]++, s.generation, "thread " + t + "'s slots out of order");
            assertTrue(seen.add(s), "a slot came out twice");
        }
        for (Thread t : producers) {
            t.join(10_000);
        }
        assertEquals(threads * each, seen.size());
        assertNull(q.poll());
        assertTrue(q.isEmpty());
    }

    @Test
    void handingSubmissionsToAWaiterAllocatesNothing() throws Exception {
        Waiter w = new Waiter(null, null, ws, this, "not-started", true, ws.createEvent(), 1_000);
        Slot[] slots = new Slot[1_000];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(new FakeWinsock.FakeBlock(), 0);
        }
        SlotQueue drained = new SlotQueue();
        handOver(w, slots, drained, 10_000); // warm up (JIT)
        allocatedBytes();
        long before = allocatedBytes();
        handOver(w, slots, drained, SUBMISSIONS);
        long allocated = allocatedBytes() - before;
        // a queue node per submission would be 24 bytes each, 2.4 MB here; the bound leaves room
        // for the measurement's own boxing, not for anything per submission
        assertTrue(allocated < 8 * 1_024, allocated + " bytes allocated by " + SUBMISSIONS + " hand-overs");
        assertEquals(0, ws.setEvents().size(), "a waiter that does not block is never woken");
        ws.closeEvent(w.wakeEvent());
    }

    /** The calling thread's allocated bytes, through reflection: this module does not read java.management. */
    private static long allocatedBytes() throws ReflectiveOperationException {
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        return (Long) Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes")
                .invoke(mx);
    }

    /** Hands slots over as submissions do, taking them back out as the waiter would. */
    private static void handOver(Waiter w, Slot[] slots, SlotQueue unused, int n) {
        for (int i = 0; i < n; i++) {
            w.submit(slots[i % slots.length]);
            if (i % slots.length == slots.length - 1) {
                for (int k = 0; k < slots.length; k++) {
                    w.inbox.toPost.poll();
                }
            }
        }
    }

    @Test
    void submissionsWhileTheWaiterIsBusySetNoWakeUp() throws Exception {
        open();
        Connection c = accepted();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ws.onStart = op -> {
            if (op.kind == Kind.RECV && busy.getCount() > 0) {
                busy.countDown();
                awaitQuietly(release); // the waiter is busy starting the first receive
            }
            return 0;
        };
        long first = p.submitRecv(c, ByteBuffer.allocateDirect(1));
        awaitQuietly(busy);
        int setsBefore = ws.setEvents().size();
        long[] ids = new long[100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = p.submitRecv(c, ByteBuffer.allocateDirect(1));
        }
        assertEquals(setsBefore, ws.setEvents().size(), "100 submissions to a busy waiter set its event");
        release.countDown();
        FakeWinsock.Op op = ws.awaitStarted(Kind.RECV);
        ws.completeRecv(op, new byte[] {1});
        assertEquals(first, next(first).id());
        for (long id : ids) {
            FakeWinsock.Op next = ws.awaitStarted(Kind.RECV);
            ws.completeRecv(next, new byte[] {2});
            Completion done = next(id);
            assertSame(CompletionStatus.OK, done.status());
        }
    }
}
