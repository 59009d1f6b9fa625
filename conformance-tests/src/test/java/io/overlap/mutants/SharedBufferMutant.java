package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.ProactorConfig;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Breaks guarantee 2 the way the seed article's sample did: every receive of a proactor lands in
 * one shared buffer, copied into the caller's buffers only when the completion is handed out, by
 * which time another connection's receive may have overwritten it.
 */
public final class SharedBufferMutant extends MutantBackend {
    private static final int SHARED = 64 * 1024;

    @Override
    public String name() {
        return "mutant-shared-buffer";
    }

    private record Staged(ByteBuffer[] dsts, Object attachment) {
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        ByteBuffer shared = ByteBuffer.allocateDirect(SHARED);
        return new ForwardingProactor(name(), config) {
            @Override
            protected long recv(Connection c, ByteBuffer[] dsts, Object attachment, Duration timeout) {
                long room = roomOf(dsts);
                if (room <= 0) {
                    return super.recv(c, dsts, attachment, timeout); // bad input: let the real one refuse it
                }
                ByteBuffer view = shared.duplicate().clear().limit((int) Math.min(room, SHARED));
                return delegate().submitRecv(c, new ByteBuffer[] {view}, new Staged(dsts, attachment), timeout);
            }

            @Override
            protected Completion handOut(Completion c) {
                if (!(c.attachment() instanceof Staged s)) {
                    return c;
                }
                ByteBuffer from = shared.duplicate().clear().limit((int) c.bytesTransferred());
                for (ByteBuffer d : s.dsts()) {
                    int n = Math.min(d.remaining(), from.remaining());
                    d.put(from.slice().limit(n));
                    from.position(from.position() + n);
                }
                return new AlteredCompletion(c, c.status(), c.bytesTransferred(), s.dsts(), s.attachment());
            }
        };
    }

    /** @return the room in valid receive buffers, or -1 when the real proactor must refuse them */
    private static long roomOf(ByteBuffer[] dsts) {
        if (dsts == null || dsts.length == 0 || dsts.length > 1024) {
            return -1;
        }
        long room = 0;
        for (ByteBuffer d : dsts) {
            if (d == null || d.isReadOnly()) {
                return -1;
            }
            room += d.remaining();
        }
        return room;
    }
}
