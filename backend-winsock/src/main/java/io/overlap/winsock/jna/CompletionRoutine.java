package io.overlap.winsock.jna;

import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Pointer;
import io.overlap.winsock.Winsock;

/**
 * The one {@code LPWSAOVERLAPPED_COMPLETION_ROUTINE} every routine-mode {@code WSARecv} and
 * {@code WSASend} names. Windows calls it on the thread that started the operation, inside that
 * thread's alertable wait; it reads the context the backend left in the block beside the
 * overlapped ({@link JnaBlock#ROUTINE_CONTEXT}) and reports to the sink that wait was given. It is held strongly here for the life of the class, so no operation can
 * ever call a routine JNA has let go of.
 */
final class CompletionRoutine implements Callback {
    private static final System.Logger LOG = System.getLogger(CompletionRoutine.class.getName());
    private static final CompletionRoutine INSTANCE = new CompletionRoutine();
    /** The routine's address, what WSARecv and WSASend are given. */
    static final long POINTER = Pointer.nativeValue(CallbackReference.getFunctionPointer(INSTANCE));
    /** The sink of the alertable wait the calling thread is in. */
    private static final ThreadLocal<Winsock.RoutineSink> SINK = new ThreadLocal<>();

    private CompletionRoutine() {
    }

    /** Sets where routines that run on the calling thread report, before an alertable wait. */
    static void reportTo(Winsock.RoutineSink sink) {
        SINK.set(sink);
    }

    /**
     * {@code void CALLBACK routine(DWORD dwError, DWORD cbTransferred, LPWSAOVERLAPPED, DWORD dwFlags)}.
     *
     * @param error the operation's Winsock error, 0 for success
     * @param transferred the bytes it moved
     * @param overlapped its {@code WSAOVERLAPPED}
     * @param flags unused
     */
    public void callback(int error, int transferred, Pointer overlapped, int flags) {
        long context = overlapped.getLong(JnaBlock.ROUTINE_CONTEXT - JnaBlock.OV);
        Winsock.RoutineSink sink = SINK.get();
        if (sink == null) {
            // cannot happen: routines run only inside the alertable waits, which set the sink
            LOG.log(System.Logger.Level.ERROR, "a completion routine ran outside an alertable wait; context " + context);
            return;
        }
        sink.completed(context, error, transferred & 0xFFFF_FFFFL);
    }
}
