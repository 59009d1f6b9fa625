package io.overlap.uring;

import io.overlap.CompletionStatus;
import io.overlap.spi.Operation;

/**
 * Control work (cancel, close, shutdown, the proactor's close) handed to a loop beside the operations, in its own queue; the loop takes in the
 * operations handed over before a task ahead of it, so a task never overtakes them.
 */
final class LoopTask {
    static final int CANCEL = 0;
    static final int CLOSE = 1;
    static final int SHUTDOWN_OUTPUT = 2;
    static final int QUIESCE = 3;
    static final int STOP = 4;

    final int kind;
    final Object subject;

    LoopTask(int kind, Object subject) {
        this.kind = kind;
        this.subject = subject;
    }

    void run(Loop loop) {
        switch (kind) {
            case CANCEL:
                loop.stop((Operation) subject, CompletionStatus.CANCELLED);
                break;
            case CLOSE:
                ((UringHandle) subject).close();
                break;
            case SHUTDOWN_OUTPUT:
                ((UringConnection) subject).shutdownOutput();
                break;
            case QUIESCE:
                loop.quiesceHere();
                break;
            case STOP:
                loop.stopHere();
                break;
            default:
                throw new IllegalStateException("unknown task " + kind);
        }
    }
}
