package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link HandleList}: the handles of a loop, linked through themselves. */
class HandleListTest {

    @Test
    void handles_join_and_leave_in_any_order_and_a_walk_sees_those_in_at_its_start() {
        HandleList list = new HandleList();
        Fake a = new Fake("a");
        Fake b = new Fake("b");
        Fake c = new Fake("c");
        list.add(a);
        list.add(b);
        list.add(c);
        list.add(b); // already in: nothing changes
        assertEquals(List.of(c, b, a), names(list));
        assertEquals(3, list.size());

        list.remove(b); // from the middle
        assertEquals(List.of(c, a), names(list));
        list.remove(b); // released twice: nothing changes
        assertEquals(2, list.size());
        assertNull(b.prevHandle());
        assertNull(b.nextHandle());

        list.remove(c); // the head
        list.remove(a); // the last
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

    private static List<LoopHandle> names(HandleList list) {
        List<LoopHandle> all = new ArrayList<>();
        list.forEach(all::add);
        return all;
    }

    /** A handle that is nothing but its links. */
    private static final class Fake implements LoopHandle {
        private final String name;
        private LoopHandle prev;
        private LoopHandle next;

        Fake(String name) {
            this.name = name;
        }

        @Override
        public LoopHandle prevHandle() {
            return prev;
        }

        @Override
        public LoopHandle nextHandle() {
            return next;
        }

        @Override
        public void setPrevHandle(LoopHandle h) {
            prev = h;
        }

        @Override
        public void setNextHandle(LoopHandle h) {
            next = h;
        }

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

        @Override
        public String toString() {
            return name;
        }
    }
}
