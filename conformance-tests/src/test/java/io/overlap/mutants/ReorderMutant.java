package io.overlap.mutants;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.OpKind;
import io.overlap.ProactorConfig;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Breaks guarantee 4: once per proactor, the data of two receives completed one after the other
 * on the same connection trade places, as if the later one had been filled first.
 */
public final class ReorderMutant extends MutantBackend {
    @Override
    public String name() {
        return "mutant-reorder";
    }

    @Override
    protected ForwardingProactor wrap(ProactorConfig config) {
        return new ForwardingProactor(name(), config) {
            private final Map<Handle, AtomicInteger> pending = new ConcurrentHashMap<>();
            private Completion held;
            private boolean swapped;

            @Override
            protected long recv(Connection c, ByteBuffer[] dsts, Object attachment, Duration timeout) {
                AtomicInteger n = c == null ? new AtomicInteger() : pending.computeIfAbsent(c, k -> new AtomicInteger());
                n.incrementAndGet();
                try {
                    return super.recv(c, dsts, attachment, timeout);
                } catch (RuntimeException | Error e) {
                    n.decrementAndGet();
                    throw e;
                }
            }

            @Override
            protected void onCompletion(Completion c) {
                if (c.kind() != OpKind.RECV) {
                    emit(c);
                    return;
                }
                List<Completion> out = new ArrayList<>(2);
                synchronized (this) {
                    int left = pending.get(c.handle()).decrementAndGet();
                    if (held != null && held.handle() == c.handle()) {
                        if (c.isOk() && c.buffers().length == 1) {
                            swapData(held, c);
                            swapped = true;
                        }
                        out.add(held);
                        out.add(c);
                        held = null;
                    } else if (!swapped && held == null && c.isOk() && left > 0 && c.buffers().length == 1) {
                        held = c; // wait for the next receive on this connection, which is pending
                    } else {
                        out.add(c);
                    }
                }
                out.forEach(this::emit);
            }
        };
    }

    /** Exchanges the first bytes that two single-buffer receives got. */
    private static void swapData(Completion a, Completion b) {
        int n = (int) Math.min(a.bytesTransferred(), b.bytesTransferred());
        ByteBuffer x = a.buffers()[0];
        ByteBuffer y = b.buffers()[0];
        int xs = x.position() - (int) a.bytesTransferred();
        int ys = y.position() - (int) b.bytesTransferred();
        for (int i = 0; i < n; i++) {
            byte t = x.get(xs + i);
            x.put(xs + i, y.get(ys + i));
            y.put(ys + i, t);
        }
    }
}
