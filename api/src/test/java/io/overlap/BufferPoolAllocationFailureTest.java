package io.overlap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A pool whose buffer allocation fails keeps its accounting: the failed lease takes nothing, and
 * once memory is back the pool leases up to its full bound again. The failure is a real one
 * (direct memory exhausted), so it runs in a child JVM with a small {@code MaxDirectMemorySize}.
 */
class BufferPoolAllocationFailureTest {
    private static final int SIZE = 512 * 1024;
    private static final int MAX = 4;
    private static final long CHILD_SECONDS = 60;

    @Test
    @Timeout(90)
    void a_failed_allocation_leaves_the_pool_its_full_capacity() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-XX:MaxDirectMemorySize=4m", "-Xmx64m", "-cp", cp,
                Child.class.getName()).redirectErrorStream(true);
        Process child = pb.start();
        boolean ended = child.waitFor(CHILD_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, () -> "the child hung (a lease spinning for a buffer that never comes?) after "
                + CHILD_SECONDS + " s:\n" + out);
        assertEquals(0, child.exitValue(), () -> "the child failed:\n" + out);
        assertTrue(out.contains(Child.PASSED), () -> "the child did not finish its checks:\n" + out);
    }

    /** Runs in the child JVM: 4 MiB of direct memory, 3 of them held by ballast at first. */
    static final class Child {
        static final String PASSED = "pool accounting intact";

        private Child() {
        }

        public static void main(String[] args) {
            try {
                run();
                System.out.println(PASSED);
            } catch (Throwable t) {
                t.printStackTrace(System.out);
                System.exit(1);
            }
        }

        @SuppressWarnings("UnusedAssignment") // the ballast is dropped so that its memory comes back
        private static void run() {
            BufferPool pool = BufferPool.of(SIZE, MAX);
            ByteBuffer ballast = ByteBuffer.allocateDirect(3 << 20);
            List<BufferLease> held = new ArrayList<>();
            held.add(lease(pool));
            held.add(lease(pool));
            boolean failed = false;
            try {
                held.add(pool.tryLease(SIZE));
            } catch (OutOfMemoryError e) {
                failed = true;
            }
            check(failed, "the third buffer should not fit in 4 MiB of direct memory beside 3 MiB of ballast");
            check(pool.leased() == 2, "after the failed allocation, leased() = " + pool.leased() + ", not 2");
            check(pool.available() == MAX - 2, "after the failed allocation, available() = " + pool.available()
                    + ", not " + (MAX - 2));
            ballast = null;
            // the JDK collects and retries when a direct allocation finds no room, so the ballast's memory comes back
            held.add(lease(pool));
            held.add(lease(pool));
            check(pool.leased() == MAX && pool.available() == 0, "at the bound: " + pool);
            check(pool.tryLease(SIZE) == null, "past the bound a lease must be refused: " + pool);
            for (BufferLease l : held) {
                l.release();
            }
            check(pool.leased() == 0 && pool.available() == MAX, "all released: " + pool);
            held.clear();
            for (int i = 0; i < MAX; i++) {
                held.add(lease(pool));
            }
            held.forEach(BufferLease::release);
            check(pool.leased() == 0 && pool.available() == MAX, "all released again: " + pool);
        }

        private static BufferLease lease(BufferPool pool) {
            BufferLease l = pool.tryLease(SIZE);
            check(l != null, "a lease within the bound was refused: the pool lost capacity: " + pool);
            return l;
        }

        private static void check(boolean ok, String why) {
            if (!ok) {
                throw new AssertionError(why);
            }
        }
    }
}
