package io.overlap.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lane state machine of caller-thread I/O ({@link LanedConnection}), the hand-back stack
 * ({@link HandBacks}) and the tickets a batch holds until its flush ({@link LaneTickets}), on
 * one thread: each step's effect on who may own a lane next.
 */
class LanedConnectionTest {
    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 1);

    private final ManualProactor proactor = new ManualProactor(ProactorConfig.builder().ioThreads(1).build());
    private long ids;

    /** A connection with lanes and no socket behind it. */
    private static final class Laned extends LanedConnection {
        Laned(AbstractProactor owner) {
            super(owner, ADDRESS, ADDRESS);
        }

        int resumed;
        Runnable onResume = () -> { };

        void reset() {
            markReset();
        }

        @Override
        protected void resume() {
            resumed++;
            onResume.run();
        }
    }

    @AfterEach
    void close() {
        proactor.close();
    }

    private Laned laned() {
        return new Laned(proactor);
    }

    private Operation op(Laned c, OpKind kind) {
        return new Operation(++ids, kind, c, null, null, 0, null);
    }

    @Test
    void a_caller_owns_a_lane_only_when_it_is_empty_and_only_one_caller_does() {
        Laned c = laned();
        assertTrue(c.isIdle(OpKind.RECV));
        assertTrue(c.tryOwn(OpKind.RECV));
        assertTrue(c.callerOwns(OpKind.RECV));
        assertFalse(c.isIdle(OpKind.RECV));
        assertFalse(c.tryOwn(OpKind.RECV), "a second caller finds the lane owned");
        assertFalse(c.callerOwns(OpKind.SEND), "the other direction is a lane of its own");
        assertTrue(c.tryOwn(OpKind.SEND));
    }

    @Test
    void a_ticket_of_an_operation_on_the_io_thread_keeps_callers_off_until_it_is_dropped() {
        Laned c = laned();
        c.ticket(OpKind.SEND);
        assertFalse(c.tryOwn(OpKind.SEND), "a send queued on the I/O thread came first");
        assertFalse(c.callerOwns(OpKind.SEND), "a ticket alone is not a caller's ownership");
        assertTrue(c.tryOwn(OpKind.RECV), "the receive lane is not touched");
        c.drop(OpKind.SEND);
        assertTrue(c.isIdle(OpKind.SEND));
        assertTrue(c.tryOwn(OpKind.SEND));
    }

    @Test
    void release_says_whether_operations_queued_behind_the_caller() {
        Laned c = laned();
        assertTrue(c.tryOwn(OpKind.RECV));
        assertFalse(c.release(OpKind.RECV), "nothing behind: no hand-back needed");
        assertTrue(c.isIdle(OpKind.RECV));

        assertTrue(c.tryOwn(OpKind.RECV));
        c.ticket(OpKind.RECV); // submitted while the caller did its I/O
        assertTrue(c.release(OpKind.RECV), "one behind: the I/O thread must be handed the connection back");
        assertFalse(c.callerOwns(OpKind.RECV));
        assertFalse(c.tryOwn(OpKind.RECV), "the queued receive still holds its ticket");
        c.drop(OpKind.RECV);
        assertTrue(c.isIdle(OpKind.RECV));
    }

    @Test
    void a_hand_off_clears_the_callers_bit_keeps_the_ticket_and_is_taken_once_with_its_reason() {
        Laned c = laned();
        Operation send = op(c, OpKind.SEND);
        assertTrue(c.tryOwn(OpKind.SEND));
        c.handOff(send, LanedConnection.NOT_READY);
        assertFalse(c.callerOwns(OpKind.SEND), "the I/O thread owns the direction now");
        assertFalse(c.tryOwn(OpKind.SEND), "the handed-off send still holds its ticket");
        assertNull(c.takeHandoff(OpKind.RECV), "nothing was handed off on the other lane");
        assertSame(send, c.takeHandoff(OpKind.SEND));
        assertNull(c.takeHandoff(OpKind.SEND), "a hand-off is taken exactly once");
        assertSame(LanedConnection.NOT_READY, LanedConnection.adoptReason(send));
        assertSame(LanedConnection.TICKET_HELD, send.backendState, "its ticket is the I/O thread's again");
        assertTrue(LanedConnection.takeTicket(send));
        assertFalse(LanedConnection.takeTicket(send), "a ticket is taken off once");
        c.drop(OpKind.SEND);
        assertTrue(c.isIdle(OpKind.SEND));
    }

    @Test
    void a_hand_off_carries_what_the_call_threw() {
        Laned c = laned();
        Operation recv = op(c, OpKind.RECV);
        IOException thrown = new IOException("ECONNRESET");
        assertTrue(c.tryOwn(OpKind.RECV));
        c.handOff(recv, thrown);
        assertSame(thrown, LanedConnection.adoptReason(c.takeHandoff(OpKind.RECV)));
    }

    @Test
    void only_an_operation_marked_as_holding_a_ticket_gives_one_up() {
        Laned c = laned();
        Operation recv = op(c, OpKind.RECV);
        assertFalse(LanedConnection.takeTicket(recv), "a caller's own operation holds no I/O thread ticket");
        LanedConnection.holdsTicket(recv);
        assertTrue(LanedConnection.takeTicket(recv));
        assertNull(recv.backendState);
    }

    @Test
    void a_reset_once_seen_stays_seen() {
        Laned c = laned();
        assertFalse(c.resetSeen());
        c.reset();
        assertTrue(c.resetSeen());
    }

    @Test
    void a_connection_is_handed_back_once_until_it_is_taken_and_again_after() {
        HandBacks<Laned> backs = new HandBacks<>(proactor.opAccess());
        Laned a = laned();
        Laned b = laned();
        assertTrue(backs.isEmpty());
        backs.resume(a);
        backs.resume(b);
        backs.resume(a); // handed back twice before the I/O thread looked: served once
        List<Laned> served = new ArrayList<>();
        backs.drain(op -> { }, served::add);
        assertEquals(List.of(a, b), served, "oldest first, each once");
        assertTrue(backs.isEmpty());
        backs.resume(a); // taken: a hand-back now pushes it again
        assertFalse(backs.isEmpty());
        served.clear();
        backs.drain(op -> { }, served::add);
        assertEquals(List.of(a), served);
    }

    @Test
    void a_connection_handed_back_while_it_is_served_is_served_again() {
        HandBacks<Laned> backs = new HandBacks<>(proactor.opAccess());
        Laned a = laned();
        a.onResume = () -> backs.resume(a); // a caller lets go of a lane while the I/O thread serves it
        backs.resume(a);
        backs.run(proactor.newBatch());
        assertEquals(1, a.resumed);
        assertFalse(backs.isEmpty(), "its flag was cleared before it was served: the hand-back is not lost");
        a.onResume = () -> { };
        backs.run(proactor.newBatch());
        assertEquals(2, a.resumed);
        assertTrue(backs.isEmpty());
    }

    @Test
    void a_ticket_on_the_io_thread_takes_over_one_a_completion_of_this_turn_holds() {
        LaneTickets tickets = new LaneTickets();
        Laned c = laned();
        c.ticket(OpKind.RECV);
        Operation done = op(c, OpKind.RECV); // completed into the batch: its ticket dropped at the flush
        tickets.dropAfterFlush(done);
        tickets.ticket(c, OpKind.RECV); // its handler's next receive on the same lane
        assertFalse(c.tryOwn(OpKind.RECV), "the lane still holds one ticket, now the new receive's");
        c.drop(OpKind.RECV); // the new receive's own ticket
        assertTrue(c.isIdle(OpKind.RECV), "one ticket in all: the count did not grow");
        tickets.dropHeld();
        assertTrue(c.tryOwn(OpKind.RECV), "the flush dropped nothing more: the held ticket was taken over");
    }

    @Test
    void a_ticket_of_another_lane_is_added_and_the_flush_drops_what_is_held() {
        LaneTickets tickets = new LaneTickets();
        Laned c = laned();
        Laned other = laned();
        c.ticket(OpKind.RECV);
        tickets.dropAfterFlush(op(c, OpKind.RECV));
        other.ticket(OpKind.RECV);
        tickets.dropAfterFlush(op(other, OpKind.RECV));
        tickets.ticket(c, OpKind.SEND); // same connection, other direction: a ticket of its own
        tickets.ticket(other, OpKind.RECV); // takes over other's held receive ticket
        tickets.dropHeld();
        assertTrue(c.isIdle(OpKind.RECV), "the flush dropped c's held receive ticket");
        assertFalse(c.isIdle(OpKind.SEND), "c's new send holds a ticket");
        assertFalse(other.isIdle(OpKind.RECV), "other's ticket went to its new receive");
        c.drop(OpKind.SEND);
        other.drop(OpKind.RECV);
        assertTrue(c.isIdle(OpKind.SEND));
        assertTrue(other.isIdle(OpKind.RECV));
        tickets.dropHeld();
        assertTrue(c.isIdle(OpKind.RECV), "a second flush drops nothing more");
    }

    @Test
    void held_tickets_grow_past_the_first_array_and_every_one_is_dropped() {
        LaneTickets tickets = new LaneTickets();
        Laned[] many = new Laned[40];
        for (int i = 0; i < many.length; i++) {
            many[i] = laned();
            many[i].ticket(OpKind.SEND);
            tickets.dropAfterFlush(op(many[i], OpKind.SEND));
        }
        tickets.dropHeld();
        for (Laned c : many) {
            assertTrue(c.isIdle(OpKind.SEND));
        }
    }
}
