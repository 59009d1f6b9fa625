package io.overlap.examples.cli;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;

/** How numbers, sizes, times and addresses are written for a person reading a terminal. */
public final class Fmt {
    private Fmt() {
    }

    /** @return {@code n} with thousands separators, e.g. {@code 1,234,567} */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** @return a rate with thousands separators and no decimals, e.g. {@code 152,345} */
    public static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    /** @return a byte count in decimal units (as MB/s is), e.g. {@code 97.5 MB} */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
    }

    /** @return a buffer size in binary units when it is a whole number of them: {@code 16 KiB}, {@code 1 MiB}, {@code 100 B} */
    public static String size(long n) {
        if (n >= (1 << 20) && n % (1 << 20) == 0) {
            return count(n >> 20) + " MiB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return count(n >> 10) + " KiB";
        }
        return count(n) + " B";
    }

    /** @return a latency given in microseconds, in the unit that reads best: {@code 812 us}, {@code 1.23 ms} */
    public static String micros(long us) {
        if (us < 1000) {
            return us + " us";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", us / 1e6);
    }

    /** @return a duration such as {@code 10 s}, {@code 500 ms} or {@code 2.5 s} */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        return String.format(Locale.ROOT, "%.1f s", ms / 1e3);
    }

    /** @return an address as people type it: {@code 127.0.0.1:5000} or {@code [::1]:5000} */
    public static String address(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        if (a.getAddress() instanceof Inet6Address) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        }
        return host + ":" + a.getPort();
    }
}
