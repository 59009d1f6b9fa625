package io.overlap.winsock.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinNT;
import java.util.OptionalLong;

/** The process and thread calls of {@link JnaWinsock}: thread handles, and the process's handle count. */
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

    /**
     * {@code GetProcessHandleCount}; where it reports 0 (Wine 8 implements it as a stub), the
     * entries of this process in the system handle table ({@code NtQuerySystemInformation}).
     */
    static OptionalLong processHandleCount() {
        try (NativeMem count = new NativeMem(4)) {
            if (Kernel32Direct.GetProcessHandleCount(Kernel32Direct.GetCurrentProcess(), count.address) != 0) {
                long n = count.pointer.getInt(0) & 0xFFFF_FFFFL;
                if (n > 0) {
                    return OptionalLong.of(n);
                }
            }
        }
        return HandleTable.countOwn(Kernel32.INSTANCE.GetCurrentProcessId());
    }
}
