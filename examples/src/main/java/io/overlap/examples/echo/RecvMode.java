package io.overlap.examples.echo;

import java.util.Locale;

/** Where an echo connection's received bytes land. */
public enum RecvMode {
    /**
     * A pooled receive ({@code Proactor.submitRecvPooled}): a buffer is leased from the server's
     * pool only when data has arrived, and given back once its echo is sent. An idle connection
     * holds no buffer, so the pool's bound limits the connections moving data at the same
     * moment, not the connections open.
     */
    POOLED,
    /**
     * A receive into the connection's own buffer, allocated when it is accepted and held for its
     * whole life: what a completion API without pooled receive forces on every idle connection.
     */
    CALLER;

    /** @return the name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
