package io.overlap.winsock;

import io.overlap.spi.CompletionBatch;
import java.io.IOException;

/**
 * What one kind of operation does, in one place (the model of the JDK's
 * {@code WindowsAsynchronousSocketChannelImpl} read, write and connect tasks): how it starts on
 * its home thread, and what it does when the kernel gives it back. A task holds no state of its
 * own; each operation's state lives in its {@link Slot}, so one task per kind serves a proactor.
 * What is common to every kind (placing a started operation with a waiter, early completion,
 * the error table, releasing what an operation holds) is the {@link Engine}'s.
 */
abstract class OpTask {
    final Engine io;
    final Winsock ws;

    OpTask(Engine io) {
        this.io = io;
        this.ws = io.ws;
    }

    /**
     * Makes the kernel call for the operation's next step; on its home thread, with the slot's
     * lock held.
     *
     * @param s the operation's slot
     * @return 0 or {@link Winsock#DONE_AT_ONCE} if started; else a Windows error, {@link SocketRef#CLOSED}, {@link SocketRef#PARKED}
     *     or {@link Engine#NO_BUFFER}
     */
    abstract int start(Slot s);

    /**
     * The kernel gave the step back: complete the operation, or queue its next step.
     *
     * @param s the operation's slot
     * @param err the step's Windows error, 0 for success
     * @param n the bytes it moved
     * @param batch the calling I/O thread's batch
     */
    abstract void completed(Slot s, int err, long n, CompletionBatch batch);

    /**
     * @param s the operation's slot
     * @return the call its current step makes, for messages
     */
    abstract String call(Slot s);

    /** @return the Windows error an {@code IOException} of a socket call carries ({@code WSAENOBUFS} if none) */
    static int code(IOException e) {
        return e instanceof WinsockException w ? w.code() : WinError.WSAENOBUFS;
    }
}
