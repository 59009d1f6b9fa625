package io.overlap.nio;

/**
 * A control request handed to a loop by another thread, beside the operations of its inbox
 * (completions and connections handed back go allocation-free through {@link HandBacks}).
 */
final class LoopTask {
    static final int CANCEL = 1;
    static final int SHUTDOWN_OUTPUT = 3;
    static final int CLOSE = 4;
    static final int QUIESCE = 5;
    static final int STOP = 6;

    final int kind;
    final Object subject;

    LoopTask(int kind, Object subject) {
        this.kind = kind;
        this.subject = subject;
    }
}
