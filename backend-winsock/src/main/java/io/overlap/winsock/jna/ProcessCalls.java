package io.overlap.winsock.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;

/** The thread calls of {@link JnaWinsock}: a thread's own handle, and waiting for its end. */
final class ProcessCalls {
    private ProcessCalls() {
    }

    static long openCurrentThread() {
        WinNT.HANDLE h = Kernel32.INSTANCE.OpenThread(WinNT.SYNCHRONIZE, false, Kernel32.INSTANCE.GetCurrentThreadId());
        return h == null ? 0 : Pointer.nativeValue(h.getPointer());
    }

    static boolean awaitThreadEnd(long thread, int timeoutMillis) {
        if (thread == 0) {
            return true;
        }
        WinNT.HANDLE h = new WinNT.HANDLE(new Pointer(thread));
        boolean ended = Kernel32.INSTANCE.WaitForSingleObject(h, timeoutMillis) == WinNT.WAIT_OBJECT_0;
        Kernel32.INSTANCE.CloseHandle(h);
        return ended;
    }
}
