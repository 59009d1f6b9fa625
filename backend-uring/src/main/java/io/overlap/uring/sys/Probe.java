package io.overlap.uring.sys;

import com.sun.jna.Memory;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether io_uring can run here with everything this backend needs: a tiny ring is set up and
 * IORING_REGISTER_PROBE asked for every opcode it submits. The answer names the cause when it
 * is no: not Linux, JNA missing, EPERM (seccomp, e.g. Docker's default profile, or
 * kernel.io_uring_disabled), ENOSYS (no io_uring in this kernel), a missing feature or opcode.
 */
public final class Probe {
    /**
     * Test seam: an errno (number or name, e.g. {@code EPERM}) that io_uring_setup is taken to
     * fail with instead of being called, so that the fallback can be tested where io_uring works.
     */
    public static final String FAKE_SETUP_ERRNO = "io.overlap.uring.fakeSetupErrno";
    private static final int REGISTER_PROBE = 8;
    private static final int PROBE_OPS = 256;

    private Probe() {
    }

    /** @return null when io_uring can run here, else why not */
    public static String whyNot() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return "io_uring is Linux only (os.name=" + os + ")";
        }
        String arch = System.getProperty("os.arch", "");
        if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
            return "unsupported architecture " + arch + " (x86-64 and aarch64 only)";
        }
        try {
            LibC.load();
            if (!Platform.is64Bit()) {
                return "a 64-bit JVM is needed";
            }
        } catch (LinkageError e) {
            return "JNA cannot load its native library: " + e;
        }
        String fake = System.getProperty(FAKE_SETUP_ERRNO);
        if (fake != null && !fake.isBlank()) {
            return setupFailed(parseErrno(fake.trim()));
        }
        try (Memory p = new Memory(120)) {
            p.clear();
            long fd = LibC.syscall(LibC.SYS_IO_URING_SETUP, 4, Pointer.nativeValue(p), 0, 0, 0, 0);
            if (fd < 0) {
                return setupFailed(LibC.errno());
            }
            try {
                return checkRing((int) fd, p.getInt(20));
            } finally {
                LibC.close((int) fd);
            }
        }
    }

    private static String checkRing(int fd, int features) {
        if ((features & Ring.FEAT_NODROP) == 0) {
            return "the kernel's io_uring lacks IORING_FEAT_NODROP (kernel older than 5.5)";
        }
        if ((features & Ring.FEAT_EXT_ARG) == 0) {
            return "the kernel's io_uring lacks IORING_FEAT_EXT_ARG (kernel older than 5.11)";
        }
        try (Memory probe = new Memory(16 + 8L * PROBE_OPS)) {
            probe.clear();
            long r = LibC.syscall(LibC.SYS_IO_URING_REGISTER, fd, REGISTER_PROBE, Pointer.nativeValue(probe), PROBE_OPS, 0, 0);
            if (r < 0) {
                return "IORING_REGISTER_PROBE failed: " + Errno.describe(LibC.errno()) + " (kernel older than 5.6)";
            }
            int opsLen = probe.getByte(1) & 0xFF;
            for (int op : Sqe.USED) {
                boolean supported = op < opsLen && (probe.getShort(16 + 8L * op + 2) & 1) != 0;
                if (!supported) {
                    return "the kernel's io_uring lacks " + Sqe.name(op);
                }
            }
        }
        return null;
    }

    private static String setupFailed(int errno) {
        switch (errno) {
            case Errno.EPERM:
                return "io_uring_setup failed with " + Errno.describe(errno) + ": blocked by a seccomp filter (e.g. "
                        + "Docker's default profile) or by kernel.io_uring_disabled (now " + ioUringDisabled() + ")";
            case Errno.ENOSYS:
                return "io_uring_setup failed with " + Errno.describe(errno)
                        + ": this kernel has no io_uring (older than 5.1, or built without it) or a filter hides it";
            default:
                return "io_uring_setup failed with " + Errno.describe(errno);
        }
    }

    private static String ioUringDisabled() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unreadable";
        }
    }

    private static int parseErrno(String s) {
        switch (s.toUpperCase(Locale.ROOT)) {
            case "EPERM": return Errno.EPERM;
            case "ENOSYS": return Errno.ENOSYS;
            case "ENOMEM": return Errno.ENOMEM;
            case "EINVAL": return Errno.EINVAL;
            default:
                try {
                    return Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    return Errno.EINVAL;
                }
        }
    }
}
