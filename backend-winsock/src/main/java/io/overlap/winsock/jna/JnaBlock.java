package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import io.overlap.winsock.SockAddr;
import io.overlap.winsock.Winsock;

/**
 * One operation's native memory: its {@code WSAOVERLAPPED}, the in/out words the calls need,
 * the {@code AcceptEx} address area, a {@code sockaddr} for {@code ConnectEx}, and a small
 * inline {@code WSABUF} array (a larger one is allocated on demand and kept with the block).
 * It is freed only by {@link JnaWinsock#freeBlock}, which the backend calls once the kernel
 * is done with it.
 */
final class JnaBlock implements Winsock.Block {
    // WSAOVERLAPPED (x64): Internal, InternalHigh, Offset, OffsetHigh, hEvent
    static final int OV = 0;
    static final int OV_INTERNAL_HIGH = 8;
    static final int OV_EVENT = 24;
    static final int OV_SIZE = 32;
    static final int FLAGS = 32; // WSARecv's in/out flags
    static final int TRANSFER = 36; // WSAGetOverlappedResult's byte count
    static final int FLAGS_OUT = 40; // WSAGetOverlappedResult's flags
    static final int BYTES_OUT = 44; // AcceptEx/ConnectEx's synchronous byte count
    /** AcceptEx wants room for each address plus 16 bytes. */
    static final int ACCEPT_ADDR_LEN = SockAddr.SIZE_IN6 + 16;
    static final int ACCEPT_BUF = 48;
    static final int CONNECT_ADDR = ACCEPT_BUF + 2 * ACCEPT_ADDR_LEN; // 136
    static final int LOCAL_PTR = 168;
    static final int LOCAL_LEN = 176;
    static final int REMOTE_PTR = 184;
    static final int REMOTE_LEN = 192;
    /** The context a completion routine reports, read back from the overlapped's address (see {@link #prepareIo}). */
    static final int ROUTINE_CONTEXT = 200;
    static final int WSABUF = 208;
    static final int WSABUF_SIZE = 16; // ULONG len, (pad), CHAR* buf
    static final int INLINE_WSABUFS = 15;
    static final int SIZE = WSABUF + INLINE_WSABUFS * WSABUF_SIZE; // 448

    private final NativeMem native0 = new NativeMem(SIZE);
    final Pointer mem = native0.pointer;
    final long base = native0.address;
    private NativeMem bigWsabufs;
    /** The context its next WSARecv/WSASend's completion routine reports, or -1: it reports through its event. */
    long routineContext = -1;

    /** Clears the overlapped part and binds it to {@code event}, as every start needs. */
    void prepare(long event) {
        mem.clear(OV_SIZE);
        mem.setLong(OV_EVENT, event);
    }

    /**
     * Readies a WSARecv/WSASend: through its event, or through the completion routine, with no
     * event and the routine's context in the block beside the overlapped. Windows ignores
     * {@code hEvent} when a routine is given and lets it carry a context, but a layer below
     * that took it for an event handle would reset and set whatever object the number names,
     * so it stays 0.
     *
     * @return the routine to pass, 0 for none
     */
    long prepareIo(long event) {
        if (routineContext < 0) {
            prepare(event);
            return 0;
        }
        prepare(0);
        mem.setLong(ROUTINE_CONTEXT, routineContext);
        return CompletionRoutine.POINTER;
    }

    /**
     * @param count buffers
     * @return the address of a WSABUF array of at least {@code count}
     */
    long wsabufs(int count) {
        if (count <= INLINE_WSABUFS) {
            return base + WSABUF;
        }
        if (bigWsabufs == null || bigWsabufs.size < (long) count * WSABUF_SIZE) {
            if (bigWsabufs != null) {
                bigWsabufs.close();
            }
            bigWsabufs = new NativeMem((long) Integer.highestOneBit(count * 2 - 1) * WSABUF_SIZE);
        }
        return bigWsabufs.address;
    }

    /** @return the memory holding the WSABUF array {@link #wsabufs} returned for {@code count} */
    Pointer wsabufMemory(int count) {
        return count <= INLINE_WSABUFS ? mem.share(WSABUF) : bigWsabufs.pointer;
    }

    /** Points a WSABUF array at the buffers' remaining bytes. @return its address */
    long fillWsabufs(ByteBuffer[] buffers, int count) {
        long arr = wsabufs(count);
        Pointer p = wsabufMemory(count);
        for (int i = 0; i < count; i++) {
            ByteBuffer buf = buffers[i];
            long addr = Pointer.nativeValue(Native.getDirectBufferPointer(buf)) + buf.position();
            p.setInt((long) i * JnaBlock.WSABUF_SIZE, buf.remaining());
            p.setLong((long) i * JnaBlock.WSABUF_SIZE + 8, addr);
        }
        return arr;
    }

    void free() {
        native0.close();
        if (bigWsabufs != null) {
            bigWsabufs.close();
        }
    }
}
