package io.overlap.nio;

import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** The non-blocking calls of a connection, with their fault seam: the one place both its loop and a submitting thread make them. */
final class ChannelIo {
    private ChannelIo() {
    }

    static long read(SocketChannel ch, ByteBuffer[] dsts, FaultInjector faults) throws IOException {
        FaultInjector.check(faults, FaultPoint.READ, "read");
        return dsts.length == 1 ? ch.read(dsts[0]) : ch.read(dsts);
    }

    static long read(SocketChannel ch, ByteBuffer dst, FaultInjector faults) throws IOException {
        FaultInjector.check(faults, FaultPoint.READ, "read");
        return ch.read(dst);
    }

    static long write(SocketChannel ch, ByteBuffer[] srcs, FaultInjector faults) throws IOException {
        FaultInjector.check(faults, FaultPoint.WRITE, "write");
        return srcs.length == 1 ? ch.write(srcs[0]) : ch.write(srcs);
    }

    static boolean hasRemaining(ByteBuffer[] bufs) {
        return bufs.length == 1 ? bufs[0].hasRemaining() : remaining(bufs) > 0;
    }

    static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }
}
