package io.overlap.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording of an echo server and prints where its threads spend their time: CPU
 * samples by method (self and inclusive, Java and native), allocation by class and site, and
 * lock and park waits. What {@code bench.sh profile} shows after a profiled run.
 */
final class ProfileSummary {
    private final Map<String, Long> self = new HashMap<>();
    private final Map<String, Long> inclusive = new HashMap<>();
    private final Map<String, Long> nativeSelf = new HashMap<>();
    private final Map<String, Long> allocByClass = new HashMap<>();
    private final Map<String, Long> allocBySite = new HashMap<>();
    private final Map<String, Long> waitBySite = new HashMap<>();
    private final Map<String, Long> threads = new HashMap<>();
    private long samples;
    private long nativeSamples;
    private long allocWeight;
    private final String focus;

    /** @param focus threads whose name starts with this are counted ({@code ""} for all) */
    ProfileSummary(String focus) {
        this.focus = focus;
    }

    /**
     * @param recording a .jfr file
     * @param focus thread name prefix to keep ({@code ""} for all)
     * @param top rows per table
     * @param out where to print
     * @throws IOException if the file cannot be read
     */
    static void print(Path recording, String focus, int top, PrintStream out) throws IOException {
        ProfileSummary s = new ProfileSummary(focus);
        try (RecordingFile f = new RecordingFile(recording)) {
            while (f.hasMoreEvents()) {
                s.add(f.readEvent());
            }
        }
        s.print(top, out, recording);
    }

    void add(RecordedEvent e) {
        String type = e.getEventType().getName();
        String thread = threadName(e);
        switch (type) {
            case "jdk.ExecutionSample" -> {
                if (!keep(thread)) {
                    return;
                }
                samples++;
                threads.merge(thread, 1L, Long::sum);
                List<RecordedFrame> frames = frames(e);
                if (!frames.isEmpty()) {
                    self.merge(name(frames.get(0)), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame fr : frames) {
                        String n = name(fr);
                        if (seen.add(n)) {
                            inclusive.merge(n, 1L, Long::sum);
                        }
                    }
                }
            }
            case "jdk.NativeMethodSample" -> {
                if (!keep(thread)) {
                    return;
                }
                nativeSamples++;
                List<RecordedFrame> frames = frames(e);
                if (!frames.isEmpty()) {
                    nativeSelf.merge(name(frames.get(0)), 1L, Long::sum);
                }
            }
            case "jdk.ObjectAllocationSample" -> {
                if (!keep(thread)) {
                    return;
                }
                long w = e.getLong("weight");
                allocWeight += w;
                allocByClass.merge(e.getClass("objectClass").getName(), w, Long::sum);
                allocBySite.merge(site(frames(e)), w, Long::sum);
            }
            case "jdk.JavaMonitorEnter", "jdk.ThreadPark" -> {
                if (!keep(thread)) {
                    return;
                }
                waitBySite.merge(type.substring(4) + " " + site(frames(e)), e.getDuration().toNanos(), Long::sum);
            }
            default -> {
                // other events are not summarised
            }
        }
    }

    private boolean keep(String thread) {
        return focus.isEmpty() || (thread != null && thread.startsWith(focus));
    }

    private static String threadName(RecordedEvent e) {
        for (String field : new String[] {"sampledThread", "eventThread"}) {
            if (e.hasField(field) && e.getThread(field) != null) {
                return e.getThread(field).getJavaName();
            }
        }
        return null;
    }

    private static List<RecordedFrame> frames(RecordedEvent e) {
        RecordedStackTrace st = e.getStackTrace();
        return st == null ? List.of() : st.getFrames();
    }

    private static String name(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null) {
            return "?";
        }
        String cls = m.getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + m.getName();
    }

    /** The allocating frame, and the nearest Overlap (or bench) frame that led to it. */
    private static String site(List<RecordedFrame> frames) {
        if (frames.isEmpty()) {
            return "?";
        }
        String top = name(frames.get(0)) + ":" + frames.get(0).getLineNumber();
        for (RecordedFrame f : frames) {
            RecordedMethod m = f.getMethod();
            if (m != null && m.getType().getName().startsWith("io.overlap.")) {
                String own = name(f) + ":" + f.getLineNumber();
                return own.equals(top) ? top : top + " <- " + own;
            }
        }
        return top;
    }

    void print(int top, PrintStream out, Path recording) {
        out.println("## JFR profile: " + recording.getFileName()
                + (focus.isEmpty() ? "" : " (threads '" + focus + "*')"));
        out.println();
        out.println("Java execution samples: " + samples + "; native samples: " + nativeSamples + "; sampled threads: "
                + threads.size());
        table(out, "threads by Java samples", threads, samples, top, "samples");
        table(out, "self time (top frame), Java", self, samples, top, "samples");
        table(out, "inclusive time (on the stack), Java", inclusive, samples, top, "samples");
        table(out, "self time (top frame), in native code", nativeSelf, nativeSamples, top, "samples");
        table(out, "allocation by class (sampled weight)", allocByClass, allocWeight, top, "bytes");
        table(out, "allocation by site (sampled weight)", allocBySite, allocWeight, top, "bytes");
        long waits = waitBySite.values().stream().mapToLong(Long::longValue).sum();
        table(out, "lock and park waits (total duration)", waitBySite, waits, top, "ns");
    }

    private static void table(PrintStream out, String title, Map<String, Long> counts, long total, int top, String unit) {
        out.println();
        out.println("### " + title);
        out.println();
        if (counts.isEmpty()) {
            out.println("(none)");
            return;
        }
        out.println("| " + unit + " | share | where |");
        out.println("|---:|---:|---|");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(en -> out.println("| " + en.getValue() + " | "
                        + String.format(Locale.ROOT, "%.1f%%", total == 0 ? 0 : 100.0 * en.getValue() / total)
                        + " | " + en.getKey() + " |"));
    }
}
