package io.overlap.mutants;

import io.overlap.BufferLease;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Handle;
import io.overlap.OpKind;
import java.nio.ByteBuffer;

/** A completion as a mutant reports it: the real one with some of its results replaced. */
final class AlteredCompletion implements Completion {
    private final Completion real;
    private final long id;
    private final CompletionStatus status;
    private final long bytes;
    private final ByteBuffer[] buffers;
    private final Object attachment;

    AlteredCompletion(Completion real, CompletionStatus status, long bytes, ByteBuffer[] buffers, Object attachment) {
        this(real, real.id(), status, bytes, buffers, attachment);
    }

    /** The real completion under another id and attachment (a mutant that submitted it late, under the id it gave out). */
    AlteredCompletion(Completion real, long id, Object attachment) {
        this(real, id, real.status(), real.bytesTransferred(), real.buffers(), attachment);
    }

    private AlteredCompletion(Completion real, long id, CompletionStatus status, long bytes, ByteBuffer[] buffers,
            Object attachment) {
        this.real = real;
        this.id = id;
        this.status = status;
        this.bytes = bytes;
        this.buffers = buffers;
        this.attachment = attachment;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public OpKind kind() {
        return real.kind();
    }

    @Override
    public Handle handle() {
        return real.handle();
    }

    @Override
    public CompletionStatus status() {
        return status;
    }

    @Override
    public long bytesTransferred() {
        return bytes;
    }

    @Override
    public int nativeError() {
        return status == real.status() ? real.nativeError() : 0;
    }

    @Override
    public String message() {
        return status == real.status() ? real.message() : null;
    }

    @Override
    public Connection connection() {
        return real.connection();
    }

    @Override
    public BufferLease lease() {
        return status == real.status() ? real.lease() : null;
    }

    @Override
    public Object attachment() {
        return attachment;
    }

    @Override
    public ByteBuffer[] buffers() {
        return buffers;
    }

    @Override
    public String toString() {
        return "Altered" + real + "[status=" + status + ", bytes=" + bytes + "]";
    }
}
