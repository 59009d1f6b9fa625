package io.overlap.examples.cli;

import io.overlap.Listener;
import io.overlap.Proactor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Turns host and port options into socket addresses, with errors that name the option. */
public final class Endpoints {
    /** The seed's port, the default of every example. */
    public static final int DEFAULT_PORT = 11111;

    private Endpoints() {
    }

    /**
     * @param options parsed options with a host-like option and {@code port}
     * @param hostOption the name of the host option ({@code bind} or {@code host})
     * @param allowPortZero whether port 0 (pick a free one) is allowed
     * @return the resolved address
     * @throws UsageException if the host cannot be resolved or the port is out of range
     */
    public static InetSocketAddress from(Options options, String hostOption, boolean allowPortZero)
            throws UsageException {
        return resolve(options, hostOption, options.integer("port", allowPortZero ? 0 : 1, 65535));
    }

    /**
     * @param options parsed options with a host-like option
     * @param hostOption the name of the host option
     * @param port the port, already checked
     * @return the resolved address
     * @throws UsageException if the host cannot be resolved
     */
    public static InetSocketAddress resolve(Options options, String hostOption, int port) throws UsageException {
        String host = options.string(hostOption);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UsageException("--" + hostOption + " '" + host + "' cannot be resolved");
        }
    }

    /**
     * Listens on a freshly opened proactor, closing the proactor if that fails, so a server's
     * constructor leaves nothing open behind when the port is taken.
     *
     * @param proactor the server's proactor
     * @param bind where to listen
     * @param backlog the accept backlog
     * @return the listener
     * @throws IOException if it cannot listen
     */
    public static Listener listenOrClose(Proactor proactor, InetSocketAddress bind, int backlog) throws IOException {
        try {
            return proactor.listen(bind, backlog);
        } catch (IOException | RuntimeException e) {
            proactor.close();
            throw e;
        }
    }
}
