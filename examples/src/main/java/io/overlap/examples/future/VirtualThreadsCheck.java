package io.overlap.examples.future;

import io.overlap.Completion;
import io.overlap.Connection;
import io.overlap.ProactorConfig;
import io.overlap.ProactorStats;
import io.overlap.future.FutureProactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shows that {@link java.util.concurrent.CompletableFuture#join()} on a future of
 * {@link FutureProactor} parks only the virtual thread that calls it (JDK 21 and later): on a
 * scheduler of one carrier thread, {@code n} virtual threads each block in {@code join()} on a
 * receive at the same time, and only once all of them are waiting does the main thread send
 * what completes those receives. Were {@code join()} to hold the carrier, the second virtual
 * thread would never run and the check would fail after its time limit.
 *
 * <p>Run by {@code scripts/check-virtual-threads.sh}:
 * {@code java -Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1
 * -cp overlap-examples.jar io.overlap.examples.future.VirtualThreadsCheck [n]}. Exit status: 0
 * passed, 1 failed, 2 not run as it must be (the scheduler is not limited to one carrier), 3 not
 * run (this JDK has no virtual threads).
 */
public final class VirtualThreadsCheck {
    private static final long LIMIT_SECONDS = 20;

    private VirtualThreadsCheck() {
    }

    /**
     * @param args {@code [n]}, the number of virtual threads (default 200)
     * @throws Exception if the check cannot be set up
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        if (!Threads.haveVirtual()) {
            System.out.println("NOT RUN: virtual threads need JDK 21 or later; this is " + Runtime.version());
            System.exit(3);
        }
        if (!"1".equals(System.getProperty("jdk.virtualThreadScheduler.parallelism"))
                || !"1".equals(System.getProperty("jdk.virtualThreadScheduler.maxPoolSize"))) {
            System.out.println("NOT RUN: start it with -Djdk.virtualThreadScheduler.parallelism=1"
                    + " -Djdk.virtualThreadScheduler.maxPoolSize=1, so that one carrier thread runs every virtual thread");
            System.exit(2);
        }
        String failure = check(n);
        System.out.println(failure == null ? "PASSED" : "FAILED: " + failure);
        System.exit(failure == null ? 0 : 1);
    }

    /** @return why it failed, or null */
    private static String check(int n) throws Exception {
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (FutureEchoServer server = new FutureEchoServer(any, FutureEchoServer.Style.CHAINED);
                FutureProactor client = FutureProactor.open(ProactorConfig.builder().ioThreads(1).build())) {
            ExecutorService virtual = Threads.virtualPerTask().orElseThrow();
            AtomicInteger waiting = new AtomicInteger();
            List<Waiting> connections = new CopyOnWriteArrayList<>();
            Set<String> carriers = ConcurrentHashMap.newKeySet();
            AtomicInteger platform = new AtomicInteger();
            List<Future<Boolean>> tasks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte mark = (byte) i;
                tasks.add(virtual.submit(() -> {
                    if (!Threads.isVirtual()) {
                        platform.incrementAndGet();
                    }
                    carriers.add(carrierOf(Thread.currentThread()));
                    Connection c = client.connect(server.address()).join().connection();
                    ByteBuffer in = ByteBuffer.allocate(1);
                    java.util.concurrent.CompletableFuture<Completion> echo = client.recv(c, in);
                    connections.add(new Waiting(c, mark));
                    waiting.incrementAndGet();
                    Completion got = echo.join(); // parks this virtual thread until main sends
                    carriers.add(carrierOf(Thread.currentThread()));
                    return got.isOk() && in.get(0) == mark;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            while (waiting.get() < n) {
                if (System.nanoTime() > deadline) {
                    return "only " + waiting.get() + " of " + n + " virtual threads reached join() within "
                            + LIMIT_SECONDS + " s: a join() holds the carrier";
                }
                Thread.sleep(1);
            }
            System.out.println(n + " virtual threads are waiting in join() at once, on " + carriers.size()
                    + " carrier thread(s) " + carriers);
            for (Waiting w : connections) {
                client.send(w.connection(), ByteBuffer.wrap(new byte[] {w.mark()})).join(); // echoed back to it
            }
            int ok = 0;
            for (Future<Boolean> t : tasks) {
                if (t.get(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    ok++;
                }
            }
            virtual.shutdown();
            ProactorStats s = client.proactor().stats();
            System.out.println("client I/O threads " + s.ioThreads() + "; echoed " + server.echoed() + " bytes");
            if (platform.get() != 0) {
                return platform.get() + " tasks ran on platform threads";
            }
            if (carriers.size() != 1) {
                return "expected one carrier thread, saw " + carriers;
            }
            return ok == n ? null : (n - ok) + " of " + n + " virtual threads got no echo or the wrong one";
        }
    }

    /** A virtual thread's connection, and the byte it waits to have echoed. */
    private record Waiting(Connection connection, byte mark) {
    }

    /** @return the carrier's name from a virtual thread's {@code toString()} ({@code VirtualThread[#21]/runnable@ForkJoinPool-1-worker-1}) */
    private static String carrierOf(Thread t) {
        String s = t.toString();
        int at = s.lastIndexOf('@');
        return at < 0 ? s : s.substring(at + 1);
    }
}
