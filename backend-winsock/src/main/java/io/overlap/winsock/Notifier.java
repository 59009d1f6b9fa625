package io.overlap.winsock;

import java.io.IOException;

/**
 * A notification model: who waits for the kernel to give operations back, and how an operation
 * gets its notification. Everything else (the operation tasks, slots and their native blocks,
 * the error table, the {@link Engine}'s state machine) is shared by every model.
 * {@link NotifyModel} names the models and makes them.
 */
interface Notifier {
    /** Where a started operation's notification is waited for. */
    interface Place {
        /** Hands over an operation the kernel took (its start returned 0 or {@link Winsock#DONE_AT_ONCE}). */
        void adopt(Slot s);

        /** Gives the place back unused: the start failed. */
        void unreserve();
    }

    /** Starts the model's threads. */
    void start();

    /** @return the live primary that will be home to a new handle (round robin), or null if none is alive */
    IoThread nextHome();

    /**
     * Takes a place for an operation about to start on {@code current}, before the start, so a
     * started operation always has someone waiting for it.
     *
     * @param current the primary that will start it (the calling thread)
     * @param s the operation's slot (its kind may decide the place: the {@code routine} model
     *     waits for receives and sends by their routines, for accepts and connects by events)
     * @return the place; {@link Place#adopt} or {@link Place#unreserve} it
     * @throws IOException if no place can be had (e.g. a new waiter thread cannot be made)
     */
    Place reserve(IoThread current, Slot s) throws IOException;

    /**
     * Makes a slot around a new block, with the event its operations report through (0 if the
     * model needs none); the model may keep it to find it by its block.
     *
     * @param block the slot's native block
     * @return the slot
     * @throws IOException if its event cannot be made (the caller frees the block)
     */
    Slot newSlot(Winsock.Block block) throws IOException;

    /** @param s a slot {@link #newSlot} made, going away: releases its event (the caller frees the block after) */
    void freeSlot(Slot s);

    /** Readies a slot for its next kernel call, on its home thread just before the call. */
    void beforeStart(Slot s);

    /**
     * Takes a new socket in before any overlapped call on it (the {@code iocp} model associates it
     * with {@code home}'s completion port); on failure the caller closes the socket.
     *
     * @param socket the socket
     * @param home the thread that will start its operations
     * @throws IOException if it cannot be taken in
     */
    void register(long socket, IoThread home) throws IOException;

    /**
     * @return true if a start that returned {@link Winsock#DONE_AT_ONCE} gets no notification, so
     *     the starting thread completes it at once
     */
    boolean completesInline();

    /** Takes a thread that died out of service. */
    void died(IoThread t);

    /** Wakes the primaries so they see what was queued or cancelled. */
    void wakeHomes();

    /**
     * Stops and joins every thread; nothing may be pending by now.
     *
     * @param timeoutMillis how long to wait for each thread
     * @return true if all ended
     */
    boolean stopAndJoin(long timeoutMillis);

    /** @return the name prefix of this proactor's threads, e.g. {@code overlap-winsock-3-} */
    String prefix();

    /** @return the threads running now */
    int threadCount();
}
