package io.overlap.bench.jmh;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * Two connected ends on loopback, opened through one proactor: {@link #sender} (the connect
 * side) and {@link #receiver} (the accept side); or, to an echo peer, one connection that is
 * both.
 */
final class LoopbackPair {
    final Connection sender;
    final Connection receiver;

    private LoopbackPair(Connection sender, Connection receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }

    /**
     * Connects a pair and waits for both completions.
     *
     * @param proactor the proactor
     * @param listener a listener of that proactor on loopback
     * @param next waits for the next completion of this setup (bounded; throws on timeout)
     * @return the pair
     * @throws IOException if the accept or connect fails
     */
    static LoopbackPair open(Proactor proactor, Listener listener, Supplier<Completion> next) throws IOException {
        proactor.submitAccept(listener, null);
        proactor.submitConnect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                listener.localAddress().getPort()), null);
        Connection accepted = null;
        Connection connected = null;
        for (int i = 0; i < 2; i++) {
            Completion c = next.get();
            if (!c.isOk()) {
                throw new IOException("loopback setup failed: " + c);
            }
            if (c.kind() == OpKind.ACCEPT) {
                accepted = c.connection();
            } else {
                connected = c.connection();
            }
        }
        if (accepted == null || connected == null) {
            throw new IOException("loopback setup got the wrong completions");
        }
        return new LoopbackPair(connected, accepted);
    }

    /**
     * Connects to an echo peer and waits for the completion.
     *
     * @param proactor the proactor
     * @param peer the echo peer's address
     * @param next waits for the next completion of this setup (bounded; throws on timeout)
     * @return a pair whose sender and receiver are the one connection
     * @throws IOException if the connect fails
     */
    static LoopbackPair toEcho(Proactor proactor, InetSocketAddress peer, Supplier<Completion> next) throws IOException {
        proactor.submitConnect(peer, null);
        Completion c = next.get();
        if (!c.isOk() || c.kind() != OpKind.CONNECT) {
            throw new IOException("connect to the echo peer failed: " + c);
        }
        return new LoopbackPair(c.connection(), c.connection());
    }
}
