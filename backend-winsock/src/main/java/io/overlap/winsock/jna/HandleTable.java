package io.overlap.winsock.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Kernel32;
import java.util.OptionalLong;

/**
 * Counts one process's entries in the system handle table, read with
 * {@code NtQuerySystemInformation}: the extended form (64-bit process ids) first, then the
 * classic one.
 */
final class HandleTable {
    // SYSTEM_HANDLE_INFORMATION_EX (x64): NumberOfHandles, Reserved, then 40-byte entries
    // { Object, UniqueProcessId, HandleValue, GrantedAccess, CreatorBackTraceIndex,
    //   ObjectTypeIndex, HandleAttributes, Reserved }
    private static final int EX_HEADER = 16;
    private static final int EX_ENTRY = 40;
    private static final int EX_PID = 8;
    // SYSTEM_HANDLE_INFORMATION (x64): NumberOfHandles (+4 padding), then 24-byte entries
    // { USHORT UniqueProcessId, ... }
    private static final int HEADER = 8;
    private static final int ENTRY = 24;
    private static final int MAX_BYTES = 256 << 20;

    private HandleTable() {
    }

    static OptionalLong countOwn(int pid) {
        OptionalLong n = count(Ntdll.SYSTEM_EXTENDED_HANDLE_INFORMATION, pid);
        return n.isPresent() ? n : count(Ntdll.SYSTEM_HANDLE_INFORMATION, pid);
    }

    private static OptionalLong count(int infoClass, int pid) {
        int size = 1 << 20;
        while (size <= MAX_BYTES) {
            try (NativeMem buf = new NativeMem(size); NativeMem needed = new NativeMem(4)) {
                int status = Ntdll.NtQuerySystemInformation(infoClass, buf.address, size, needed.address);
                if (status == Ntdll.STATUS_INFO_LENGTH_MISMATCH) {
                    size = Math.max(size * 2, needed.pointer.getInt(0) + (64 << 10));
                    continue;
                }
                if (status != 0) {
                    return OptionalLong.empty();
                }
                return OptionalLong.of(infoClass == Ntdll.SYSTEM_EXTENDED_HANDLE_INFORMATION
                        ? countExtended(buf.pointer, size, pid) : countClassic(buf.pointer, size, pid));
            }
        }
        return OptionalLong.empty();
    }

    private static long countExtended(Pointer buf, long size, int pid) {
        long n = buf.getLong(0);
        long own = 0;
        for (long i = 0; i < n && EX_HEADER + (i + 1) * EX_ENTRY <= size; i++) {
            if (buf.getLong(EX_HEADER + i * EX_ENTRY + EX_PID) == pid) {
                own++;
            }
        }
        return own;
    }

    private static long countClassic(Pointer buf, long size, int pid) {
        long n = buf.getInt(0) & 0xFFFF_FFFFL;
        long own = 0;
        for (long i = 0; i < n && HEADER + (i + 1) * ENTRY <= size; i++) {
            if ((buf.getShort(HEADER + i * ENTRY) & 0xFFFF) == (pid & 0xFFFF)) {
                own++;
            }
        }
        return own;
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
        return countOwn(Kernel32.INSTANCE.GetCurrentProcessId());
    }
}
