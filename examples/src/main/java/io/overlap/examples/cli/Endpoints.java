package io.overlap.examples.cli;

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
        int port = options.integer("port", allowPortZero ? 0 : 1, 65535);
        String host = options.string(hostOption);
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new UsageException("--" + hostOption + " '" + host + "' cannot be resolved");
        }
    }
}
