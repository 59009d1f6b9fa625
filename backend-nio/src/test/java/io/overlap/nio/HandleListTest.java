package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HandleList}: the handles of a loop, linked through themselves. */
@Timeout(30)
class HandleListTest {

    @Test
    void handles_join_and_leave_in_any_order_and_a_walk_sees_those_in_at_its_start() throws Exception {
        LoopProbe probe = new LoopProbe();
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).faultInjector(probe))) {
            Listener listener = p.listen(Net.LOOPBACK, 8);
            Connection[] one = Net.pair(p, listener);
            Connection[] two = Net.pair(p, listener);
            EventLoop loop = Net.loopOf(one[0]);
            int homed = loop.handles.size(); // the listener and the four ends
            p.close(one[0]);
            p.close(one[1]);
            p.close(two[0]);
            probe.awaitTakenIn(p); // the loop has released them: out of its list, free for this one
            assertEquals(homed - 3 + 1, loop.handles.size(),
                    "three closed ends left their loop's list (and the probe's listener joined it)");

            HandleList list = new HandleList();
            LoopHandle a = (LoopHandle) one[0];
            LoopHandle b = (LoopHandle) one[1];
            LoopHandle c = (LoopHandle) two[0];
            Fake l = new Fake();
            list.add(a);
            list.add(b);
            list.add(l);
            list.add(c);
            list.add(b); // already in: nothing changes
            list.add(l);
            assertEquals(List.of(l, c, b, a), names(list), "listeners first, then the newest connection first");
            assertEquals(4, list.size());

            list.remove(b); // from the middle
            assertEquals(List.of(l, c, a), names(list));
            list.remove(b); // released twice: nothing changes
            assertEquals(3, list.size());

            list.remove(c); // the head
            list.remove(a); // the last
            list.remove(l);
            assertEquals(List.of(), names(list));
            assertEquals(0, list.size());

            list.add(a);
            list.add(b);
            List<LoopHandle> seen = new ArrayList<>();
            for (LoopHandle h : list) {
                list.remove(h); // as a close does while the loop walks its handles
                seen.add(h);
            }
            assertEquals(List.of(b, a), seen);
            assertEquals(0, list.size());
        }
    }

    private static List<LoopHandle> names(HandleList list) {
        List<LoopHandle> all = new ArrayList<>();
        list.forEach(all::add);
        return all;
    }

    /** Stands for a listener: the list only keeps it. */
    private static final class Fake implements LoopHandle {
        @Override
        public EventLoop loop() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void takeIn(Operation op) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean remove(Operation op) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void release() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void onReady(int readyOps) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(CompletionStatus status, String message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void quiesce() {
            throw new UnsupportedOperationException();
        }
    }
}
