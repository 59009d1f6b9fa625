package io.overlap.winsock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The completion-port calls of the fakes ({@link FakeWinsock}, {@link EmulatedWinsock}), over
 * their {@link PortTable}: one implementation for both. A fake's blocks have made-up overlapped
 * addresses, unique in the JVM.
 */
interface FakePorts extends Winsock {
    /** Made-up overlapped addresses: never 0 (a wake-up's), never reused. */
    AtomicLong ADDRESSES = new AtomicLong(0x10_0000);

    /** A fake's block, known by its made-up overlapped address. */
    interface Addressed extends Winsock.Block {
        long address();
    }

    /** @return the fake's ports */
    PortTable ports();

    /** @return a new handle value, unique in the fake */
    long newPortHandle();

    /** @return whether the fake's providers are IFS ones (tests turn it off to see the fallback) */
    boolean ifsProviders();

    @Override
    default long createPort() {
        long port = newPortHandle();
        ports().create(port);
        return port;
    }

    @Override
    default void associate(long port, long socket) throws WinsockException {
        ports().associate(port, socket);
    }

    @Override
    default boolean skipOnSuccessSafe(boolean ipv6) {
        return ifsProviders();
    }

    @Override
    default void skipOnSuccess(long socket) throws WinsockException {
        ports().skip(socket);
    }

    @Override
    default void postWake(long port) {
        ports().wake(port);
    }

    @Override
    default int dequeue(long port, PortEntries into, int timeoutMillis) {
        return ports().dequeue(port, into, timeoutMillis);
    }

    @Override
    default void closePort(long port) {
        ports().close(port);
    }

    @Override
    default long overlappedAddress(Block block) {
        return ((Addressed) block).address();
    }

    /**
     * Notifies an operation's completion as Windows would: a packet on its socket's port (none
     * when it finished within its start on a socket that skips the port on success), else its event.
     *
     * @return false if it had neither (its event is closed)
     */
    default boolean notifyDone(long socket, Addressed block, long event, boolean withinStart, long result,
            EventTable events) {
        if (ports().isAssociated(socket)) {
            if (!(withinStart && ports().skips(socket))) {
                ports().complete(socket, block.address(), result);
            }
            return true;
        }
        return events.set(event);
    }
}
