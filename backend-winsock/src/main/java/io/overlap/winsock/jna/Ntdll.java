package io.overlap.winsock.jna;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;

/** {@code ntdll.dll}: the system handle table, direct-mapped. */
final class Ntdll {
    static final int SYSTEM_HANDLE_INFORMATION = 16;
    static final int SYSTEM_EXTENDED_HANDLE_INFORMATION = 64;
    static final int STATUS_INFO_LENGTH_MISMATCH = 0xC000_0004;

    static {
        Native.register(Ntdll.class, NativeLibrary.getInstance("ntdll"));
    }

    private Ntdll() {
    }

    /** Does nothing; calling it links the class (its static initializer registers the natives). */
    static void link() {
    }

    static native int RtlNtStatusToDosError(int status);

    static native int NtQuerySystemInformation(int infoClass, long info, int length, long returnLength);
}
