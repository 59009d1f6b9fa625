package io.overlap.winsock;

import io.overlap.OpKind;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code routine} notification model, the seed's second: receives and sends are started
 * with a completion routine ({@code WSARecv}/{@code WSASend} with {@code lpCompletionRoutine}),
 * which Windows runs on the starting thread while it waits alertably. Each primary starts its
 * handles' operations and waits with {@code WSAWaitForMultipleEvents(..., fAlertable=TRUE)} on
 * its wake-up event, so it needs no event per receive or send and has no 64-handle limit: idle
 * connections cost no thread and no handle beyond their socket.
 *
 * <p>{@code AcceptEx} and {@code ConnectEx} have no routine form. They keep the event model: an
 * event on their slot (made when a slot first carries one, kept with the slot), in the starting
 * primary's own wait set (the same alertable wait sees both), or, when its 63 places are taken,
 * an extra waiter's, as in {@link Waiters}.
 */
final class RoutineWaiters extends Waiters {
    RoutineWaiters(WaiterDriver driver, Winsock ws, Object owner, int primaryCount, int idleMillis,
            FaultInjector faults) throws IOException {
        super(driver, ws, owner, primaryCount, idleMillis, faults, true);
    }

    @Override
    public Notifier.Place reserve(IoThread current, Slot s) throws IOException {
        if (byRoutine(s) && current instanceof Waiter w && w.routines() != null) {
            FaultInjector.check(faults, FaultPoint.REGISTER, "routine-table entry");
            return w.routines(); // beforeStart registers it: the routine reports to this thread only
        }
        return super.reserve(current, s);
    }

    /** No event up front: only a slot that carries an accept or a connect gets one. */
    @Override
    public Slot newSlot(Winsock.Block block) {
        return new Slot(block, 0);
    }

    @Override
    public void freeSlot(Slot s) {
        if (s.event != 0) {
            ws.closeEvent(s.event);
        }
    }

    /**
     * A receive or send is registered in its starting thread's table and its block told to
     * report through the routine; an accept or connect gets its slot's event (made now if the
     * slot has none yet) and reports through it.
     */
    @Override
    public void beforeStart(Slot s) {
        if (byRoutine(s) && s.starter instanceof Waiter w && w.routines() != null) {
            ws.useRoutine(s.block, w.routines().register(s));
            return;
        }
        if (s.event == 0) {
            try {
                s.event = ws.createEvent();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // fails this operation only: it has not started
            }
        }
        ws.useRoutine(s.block, -1);
    }

    private static boolean byRoutine(Slot s) {
        OpKind k = s.op.kind();
        return k == OpKind.RECV || k == OpKind.SEND;
    }
}
