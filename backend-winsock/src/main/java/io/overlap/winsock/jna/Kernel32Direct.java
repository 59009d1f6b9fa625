package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** The {@code kernel32.dll} calls jna-platform does not map, direct-mapped. */
final class Kernel32Direct {
    static final int FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;
    static final int FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;

    static {
        Native.register(Kernel32Direct.class, NativeLibrary.getInstance("kernel32"));
    }

    private Kernel32Direct() {
    }

    /** Does nothing; calling it links the class (its static initializer registers the natives). */
    static void link() {
    }

    static native int CancelIoEx(long handle, long overlapped);

    static native long CreateIoCompletionPort(long fileHandle, long existingPort, long completionKey, int threads);

    static native int SetFileCompletionNotificationModes(long fileHandle, byte flags);

    static native int PostQueuedCompletionStatus(long port, int bytes, long completionKey, long overlapped);

    static native int GetQueuedCompletionStatusEx(long port, long entries, int count, long removed, int timeout,
            int alertable);

    static native int CloseHandle(long handle);

    static native long GetCurrentProcess();

    static native int GetProcessHandleCount(long process, long handleCount);

    static native int FormatMessageW(int flags, long source, int messageId, int languageId, long buffer, int size,
            long arguments);
}
