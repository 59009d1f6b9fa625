package io.overlap.uring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.FaultInjector;
import io.overlap.spi.FaultPoint;
import io.overlap.uring.sys.LibC;
import io.overlap.uring.sys.Sockets;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Caller-thread I/O on io_uring ({@link UringCallerIo}, {@link NowCalls}, the loop's side in
 * {@link UringConnection}): what a submitting thread does itself, what it hands to the loop, and
 * that the two together keep every byte, every order and every completion. The peer is a plain
 * blocking {@link SocketChannel}, so that only one side is the code under test.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // native waits ignore interrupts
class UringCallerIoTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final long WAIT_SECONDS = 10;
    private static final int MSG_PEEK = 0x2;
    private static final int MSG_WAITALL = 0x100;
    private static final int TCP_INFO = 11;
    private static final int TCP_CLOSE = 7;

    private final Fault fault = new Fault();
    private final Map<Long, Completion> stash = new HashMap<>();
    private final ExecutorService helpers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caller-io-test");
        t.setDaemon(true); // a helper stuck in a native call must not keep the JVM
        return t;
    });
    private Proactor p;
    /** The connection under test, accepted by the proactor. */
    private UringConnection c;
    /** Its peer. */
    private SocketChannel peer;

    @BeforeAll
    static void onlyWhereUringRuns() {
        assumeTrue(new UringBackend().availability().isAvailable(), () -> new UringBackend().availability().reason());
    }

    @BeforeEach
    void connect() throws Exception {
        // the path on for this proactor, whatever -Dio.overlap.uring.callerIo says
        p = new UringBackend().open(ProactorConfig.builder().ioThreads(1).faultInjector(fault)
                .backendOption(UringCallerIo.PROPERTY, "true").build());
        Listener l = p.listen(LOOPBACK, 8);
        long a = p.submitAccept(l, null);
        peer = SocketChannel.open(l.localAddress());
        Completion accepted = await(a);
        assertEquals(CompletionStatus.OK, accepted.status(), accepted::toString);
        c = (UringConnection) accepted.connection();
    }

    @AfterEach
    void close() throws IOException {
        try {
            peer.close();
        } finally {
            p.close();
            helpers.shutdownNow();
        }
    }

    // ---- (a) a send with room completes on the submitting thread

    @Test
    void a_heap_send_into_a_socket_with_room_has_completed_when_submit_returns() throws Exception {
        byte[] data = pattern(100, 1);
        assertCompletedAtSubmit(() -> p.submitSend(c, ByteBuffer.wrap(data)), data.length);
        assertArrayEquals(data, peerReads(data.length));
    }

    @Test
    void a_direct_send_into_a_socket_with_room_has_completed_when_submit_returns() throws Exception {
        byte[] data = pattern(100, 2);
        ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
        assertCompletedAtSubmit(() -> p.submitSend(c, src), data.length);
        assertEquals(0, src.remaining(), "the buffer's position moved past what was sent");
        assertArrayEquals(data, peerReads(data.length));
    }

    @Test
    void a_gather_send_of_direct_buffers_has_completed_when_submit_returns_and_arrives_in_order() throws Exception {
        byte[] data = pattern(90, 3);
        ByteBuffer[] srcs = {direct(data, 0, 10), direct(data, 10, 50), direct(data, 60, 30)}; // sendmsg
        assertCompletedAtSubmit(() -> p.submitSend(c, srcs), data.length);
        assertArrayEquals(data, peerReads(data.length));
    }

    // ---- (b) a receive of data already in completes on the submitting thread

    @Test
    void a_heap_receive_of_data_already_in_has_completed_when_submit_returns() throws Exception {
        receivesAtSubmit(ByteBuffer.allocate(64), 4);
    }

    @Test
    void a_direct_receive_of_data_already_in_has_completed_when_submit_returns() throws Exception {
        receivesAtSubmit(ByteBuffer.allocateDirect(64), 5);
    }

    /** 40 bytes are in; a receive into {@code dst} takes them on this thread and moves its position. */
    private void receivesAtSubmit(ByteBuffer dst, int seed) throws Exception {
        byte[] data = pattern(40, seed);
        peerWritesAndItArrives(data);
        assertCompletedAtSubmit(() -> p.submitRecv(c, dst), data.length);
        assertEquals(data.length, dst.position());
        assertArrayEquals(data, bytes(dst.flip()));
    }

    @Test
    void a_scatter_receive_into_direct_buffers_of_data_already_in_fills_them_in_order_at_submit() throws Exception {
        byte[] data = pattern(40, 6);
        peerWritesAndItArrives(data);
        ByteBuffer first = ByteBuffer.allocateDirect(15);
        ByteBuffer second = ByteBuffer.allocateDirect(64); // recvmsg
        assertCompletedAtSubmit(() -> p.submitRecv(c, first, second), data.length);
        assertEquals(15, first.position(), "the first buffer is filled before the second");
        assertEquals(25, second.position());
        byte[] got = new byte[40];
        first.flip().get(got, 0, 15);
        second.flip().get(got, 15, 25);
        assertArrayEquals(data, got);
    }

    // ---- (c) a receive that finds nothing goes to the loop

    @Test
    void a_receive_that_finds_nothing_is_handed_to_the_loop_and_completes_when_data_comes() throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(16);
        awaitLoopAsleep();
        fault.takeCallers();
        long recv = p.submitRecv(c, dst);
        assertNull(p.completions().poll(50, TimeUnit.MILLISECONDS), "nothing was sent yet");
        peer.write(ByteBuffer.wrap(new byte[] {7, 8, 9}));
        Completion r = await(recv);
        assertEquals(CompletionStatus.OK, r.status(), r::toString);
        assertEquals(3, r.bytesTransferred());
        assertEquals(3, dst.position());
        assertEquals(9, dst.get(2));
        List<Thread> callers = fault.takeCallers();
        assertEquals(List.of(Thread.currentThread(), c.loop.thread), callers,
                "the submitting thread tried first, then the loop received");
    }

    // ---- a loop serving many connections

    @Test
    void a_loop_serving_many_connections_makes_an_application_threads_send_itself() throws Exception {
        List<SocketChannel> more = new ArrayList<>();
        try {
            Listener l = p.listen(LOOPBACK, 16);
            while (c.loop.handles.size() <= UringCallerIo.FEW_HANDLES) {
                long a = p.submitAccept(l, null);
                more.add(SocketChannel.open(l.localAddress()));
                assertEquals(CompletionStatus.OK, await(a).status());
            }
            awaitLoopAsleep(); // asleep, and still the loop's: its turns batch the entries of many
            fault.takeCallers();
            Completion s = await(p.submitSend(c, ByteBuffer.wrap(new byte[] {4})));
            assertEquals(CompletionStatus.OK, s.status(), s::toString);
            assertEquals(List.of(c.loop.thread), fault.takeCallers(), "the loop made the send");
            assertArrayEquals(new byte[] {4}, peerReads(1));
        } finally {
            for (SocketChannel ch : more) {
                ch.close();
            }
        }
    }

    // ---- (d) a heap send larger than the staging buffer

    @Test
    void a_heap_send_larger_than_the_staging_buffer_goes_partial_and_every_byte_arrives_in_order() throws Exception {
        c.setOption(StandardSocketOptions.SO_SNDBUF, 8192); // the socket takes a small part at a time
        byte[] data = pattern(1 << 20, 7);
        ByteBuffer src = ByteBuffer.wrap(data);
        long send = p.submitSend(c, src); // the peer is not reading yet: the submitting thread's part is partial
        Future<byte[]> read = helpers.submit(() -> peerReads(data.length));
        Completion s = await(send);
        assertEquals(CompletionStatus.OK, s.status(), s::toString);
        assertEquals(data.length, s.bytesTransferred());
        assertEquals(0, src.remaining());
        assertArrayEquals(data, read.get(WAIT_SECONDS, TimeUnit.SECONDS), "every byte, in order");
    }

    @Test
    void a_heap_send_larger_than_the_staging_buffer_into_a_reading_peer_arrives_whole() throws Exception {
        byte[] data = pattern(1 << 20, 8);
        Future<byte[]> read = helpers.submit(() -> peerReads(data.length));
        Completion s = await(p.submitSend(c, ByteBuffer.wrap(data)));
        assertEquals(CompletionStatus.OK, s.status(), s::toString);
        assertEquals(data.length, s.bytesTransferred());
        assertArrayEquals(data, read.get(WAIT_SECONDS, TimeUnit.SECONDS), "every byte, in order");
    }

    /**
     * One submitting thread's send is held inside its call (at the fault seam, owning the send
     * lane) while a second send is taken in by the loop behind it; then the first goes on.
     */
    private void sendBehindACallersSend(byte[] first, byte[] second) throws Exception {
        c.setOption(StandardSocketOptions.SO_SNDBUF, 8192); // a large first send goes partial
        Thread[] caller = new Thread[1];
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch callGoes = new CountDownLatch(1);
        AtomicBoolean poked = new AtomicBoolean();
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch loopGoes = new CountDownLatch(1);
        fault.hook = at -> {
            Thread t = Thread.currentThread();
            if (at == FaultPoint.WRITE && t == caller[0] && inCall.getCount() > 0) {
                inCall.countDown();
                awaitQuietly(callGoes);
            } else if (at == FaultPoint.READ && t == c.loop.thread) {
                poked.set(true); // the poke's receive: this turn took in the second send too
            } else if (at == FaultPoint.WAIT && poked.compareAndSet(true, false) && loopHeld.getCount() > 0) {
                loopHeld.countDown();
                awaitQuietly(loopGoes);
            }
        };
        awaitLoopAsleep(); // and nothing wakes it before the first send's call
        Future<Long> s1 = helpers.submit(() -> {
            caller[0] = Thread.currentThread();
            return p.submitSend(c, ByteBuffer.wrap(first));
        });
        assertTrue(inCall.await(WAIT_SECONDS, TimeUnit.SECONDS), "the first send is in its call");
        long s2 = p.submitSend(c, ByteBuffer.wrap(second)); // the lane is owned: to the loop, with a ticket
        p.submitRecv(c, ByteBuffer.allocate(8)); // the poke: nothing in, so handed back to the loop after s2
        assertTrue(loopHeld.await(WAIT_SECONDS, TimeUnit.SECONDS), "the loop took both in and reached its wait");
        callGoes.countDown();
        long id1 = s1.get(WAIT_SECONDS, TimeUnit.SECONDS); // the first send completed or was handed off
        loopGoes.countDown();
        Future<byte[]> read = helpers.submit(() -> peerReads(first.length + second.length));
        Completion c1 = await(id1);
        Completion c2 = await(s2);
        assertEquals(CompletionStatus.OK, c1.status(), c1::toString);
        assertEquals(first.length, c1.bytesTransferred());
        assertEquals(CompletionStatus.OK, c2.status(), c2::toString);
        assertEquals(second.length, c2.bytesTransferred());
        byte[] expected = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, expected, first.length, second.length);
        assertArrayEquals(expected, read.get(WAIT_SECONDS, TimeUnit.SECONDS), "the first send's bytes went first");
    }

    @Test
    void a_partial_send_a_caller_hands_off_goes_before_a_send_queued_on_the_loop_behind_it() throws Exception {
        sendBehindACallersSend(pattern(1 << 20, 9), pattern(1000, 10));
    }

    @Test
    void a_send_a_caller_completes_hands_the_lane_back_to_a_send_queued_on_the_loop_behind_it() throws Exception {
        sendBehindACallersSend(pattern(100, 11), pattern(1000, 12));
    }

    // ---- (e) a fault on the submitting thread

    @Test
    void a_fault_in_a_submitting_threads_write_fails_that_send_alone() throws Exception {
        fault.arm(FaultPoint.WRITE, 1, () -> new IllegalStateException("injected at write"));
        awaitLoopAsleep();
        fault.takeCallers();
        long failed = p.submitSend(c, ByteBuffer.wrap(new byte[] {1}));
        Completion f = p.completions().poll(0, TimeUnit.MILLISECONDS);
        assertNotNull(f, "the fault hit the submitting thread's write: its failure is queued at once");
        assertEquals(failed, f.id());
        assertEquals(CompletionStatus.FAILED, f.status());
        assertTrue(f.message().contains("injected at write"), f.message());
        assertEquals(1, fault.fired.get());
        assertEquals(List.of(Thread.currentThread()), fault.takeCallers(), "the fault hit this thread's call");
        // the send direction was let go: the next send is written on this thread and read as usual
        assertCompletedAtSubmit(() -> p.submitSend(c, ByteBuffer.wrap(new byte[] {2})), 1);
        assertArrayEquals(new byte[] {2}, peerReads(1), "the failed send wrote nothing");
    }

    @Test
    void an_io_exception_at_a_submitting_threads_read_fails_that_receive_through_the_loop_alone() throws Exception {
        fault.arm(FaultPoint.READ, 1, () -> new IOException("injected at read"));
        awaitLoopAsleep();
        Completion f = await(p.submitRecv(c, ByteBuffer.allocate(8)));
        assertEquals(CompletionStatus.FAILED, f.status(), f::toString);
        assertTrue(f.message().contains("injected at read"), f.message());
        assertEquals(1, fault.fired.get());
        // the next receive works; it may go through the loop: the failed one's ticket is the
        // loop's until its turn's flush has handed the failure over, which the user may see first
        peer.write(ByteBuffer.wrap(new byte[] {5}));
        ByteBuffer dst = ByteBuffer.allocate(8);
        Completion r = await(p.submitRecv(c, dst));
        assertEquals(CompletionStatus.OK, r.status(), r::toString);
        assertEquals(1, r.bytesTransferred());
        assertEquals(5, dst.get(0));
    }

    // ---- (f) a reset

    @Test
    void a_reset_seen_by_a_submitting_threads_send_is_reported_and_resets_what_follows() throws Exception {
        peerResets();
        awaitLoopAsleep();
        Completion s = await(p.submitSend(c, ByteBuffer.wrap(new byte[] {1})));
        assertEquals(CompletionStatus.CONNECTION_RESET, s.status(), s::toString);
        assertFollowingOperationsAreReset();
    }

    @Test
    void a_reset_seen_by_a_submitting_threads_receive_is_reported_and_resets_what_follows() throws Exception {
        peerResets();
        awaitLoopAsleep();
        Completion r = await(p.submitRecv(c, ByteBuffer.allocateDirect(8)));
        assertEquals(CompletionStatus.CONNECTION_RESET, r.status(), r::toString);
        assertFollowingOperationsAreReset();
    }

    // ---- (g) the end of the stream

    @Test
    void the_end_of_stream_seen_by_a_submitting_threads_receive_is_reported_for_every_receive() throws Exception {
        peer.shutdownOutput();
        assertEquals(0, peek(1), "the peer's FIN is in before the receive is submitted");
        awaitLoopAsleep();
        Completion first = await(p.submitRecv(c, ByteBuffer.allocate(8)));
        assertEquals(CompletionStatus.END_OF_STREAM, first.status(), first::toString);
        Completion second = await(p.submitRecv(c, ByteBuffer.allocateDirect(8)));
        assertEquals(CompletionStatus.END_OF_STREAM, second.status(), second::toString);
        // only the input ended: a send still goes out
        assertCompletedAtSubmit(() -> p.submitSend(c, ByteBuffer.wrap(new byte[] {3})), 1);
        assertArrayEquals(new byte[] {3}, peerReads(1));
    }

    // ---- (h) several submitting threads on one connection

    @Test
    void sends_from_several_threads_at_once_all_arrive_each_threads_in_order_and_complete_once() throws Exception {
        c.setOption(StandardSocketOptions.SO_SNDBUF, 8192); // sends go partial and are handed to the loop
        int threads = 4;
        int perThread = 300;
        int record = 1000; // thread, sequence, filler, marker
        int total = threads * perThread * record;
        Future<byte[]> read = helpers.submit(() -> peerReads(total));
        CountDownLatch go = new CountDownLatch(1);
        Map<Long, Integer> owners = new ConcurrentHashMap<>();
        List<Future<?>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            senders.add(helpers.submit(() -> {
                go.await();
                for (int seq = 0; seq < perThread; seq++) {
                    // heap and direct by turns: both ways through NowCalls
                    ByteBuffer b = seq % 2 == 0 ? ByteBuffer.allocate(record) : ByteBuffer.allocateDirect(record);
                    b.putInt(thread).putInt(seq);
                    while (b.remaining() > 4) {
                        b.put((byte) (thread * 31 + seq));
                    }
                    b.putInt(0x5EC0_0000 | thread).flip();
                    owners.put(p.submitSend(c, b), thread);
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : senders) {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        Set<Long> completed = new HashSet<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (completed.size() < threads * perThread) {
            Completion done = p.completions().poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(done, () -> "only " + completed.size() + " sends completed");
            assertEquals(CompletionStatus.OK, done.status(), done::toString);
            assertEquals(record, done.bytesTransferred(), done::toString);
            assertTrue(owners.containsKey(done.id()), () -> "not a submitted send: " + done);
            assertTrue(completed.add(done.id()), () -> "completed twice: " + done);
        }
        ByteBuffer got = ByteBuffer.wrap(read.get(WAIT_SECONDS, TimeUnit.SECONDS));
        int[] next = new int[threads];
        while (got.hasRemaining()) {
            int thread = got.getInt();
            int seq = got.getInt();
            for (int i = 8; i < record - 4; i++) {
                assertEquals((byte) (thread * 31 + seq), got.get(), "a record arrived whole, not interleaved with another");
            }
            assertEquals(0x5EC0_0000 | thread, got.getInt(), "a record arrived whole, not interleaved with another");
            assertEquals(next[thread]++, seq, "thread " + thread + "'s sends arrive in its order");
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(perThread, next[t], "every send of thread " + t + " arrived");
        }
        assertNull(p.completions().poll(0, TimeUnit.MILLISECONDS), "no completion beyond one per send");
    }

    // ---- helpers

    /**
     * Submits on this thread and checks that the operation completed before submit returned, its
     * call made here: no receive or send call (each passes the fault seam first) was made on
     * any other thread, so the loop did none of it.
     */
    private void assertCompletedAtSubmit(LongSupplier submit, int bytes) throws InterruptedException {
        awaitLoopAsleep();
        fault.takeCallers();
        long id = submit.getAsLong();
        Completion done = p.completions().poll(0, TimeUnit.MILLISECONDS); // no wait: it is queued already
        assertNotNull(done, "the call was made on the submitting thread, so its completion is queued at once");
        assertEquals(id, done.id());
        assertEquals(CompletionStatus.OK, done.status(), done::toString);
        assertEquals(bytes, done.bytesTransferred());
        assertEquals(List.of(Thread.currentThread()), fault.takeCallers(), "one call, on the submitting thread");
    }

    /**
     * A submitting thread makes the call itself only while the loop may be asleep
     * ({@link UringCallerIo#mayCall}): waits, bounded, until it is. Nothing else happens on the
     * proactor meanwhile, so it stays asleep until the submission.
     */
    private void awaitLoopAsleep() {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!c.loop.mayBeAsleep()) {
            assertTrue(System.nanoTime() - end < 0, "the loop never reached its wait");
            Thread.onSpinWait();
        }
    }

    private void assertFollowingOperationsAreReset() throws InterruptedException {
        Completion send = await(p.submitSend(c, ByteBuffer.wrap(new byte[] {2})));
        assertEquals(CompletionStatus.CONNECTION_RESET, send.status(), send::toString);
        Completion recv = await(p.submitRecv(c, ByteBuffer.allocate(8)));
        assertEquals(CompletionStatus.CONNECTION_RESET, recv.status(), recv::toString);
    }

    /** @return the completion with that id, keeping the others taken meanwhile for their own await */
    private Completion await(long id) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        Completion got = stash.remove(id);
        while (got == null) {
            Completion next = p.completions().poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(next, () -> "no completion for " + id + " within " + WAIT_SECONDS + " s; got " + stash);
            if (next.id() == id) {
                got = next;
            } else {
                stash.put(next.id(), next);
            }
        }
        return got;
    }

    private byte[] peerReads(int n) throws IOException {
        ByteBuffer got = ByteBuffer.allocate(n);
        while (got.hasRemaining()) {
            if (peer.read(got) < 0) {
                throw new AssertionError("the stream ended after " + got.position() + " of " + n + " bytes");
            }
        }
        return got.array();
    }

    /** The peer writes {@code data}; returns once all of it is in the connection's receive queue. */
    private void peerWritesAndItArrives(byte[] data) throws Exception {
        peer.write(ByteBuffer.wrap(data));
        assertEquals(data.length, peek(data.length), "the bytes are in before the receive is submitted");
    }

    /**
     * Waits (bounded) until {@code n} bytes, or the end of the stream, are in the connection's
     * receive queue, reading none of them: a blocking peek on the socket, which the backend
     * leaves blocking (only its own calls are MSG_DONTWAIT).
     *
     * @return what the peek returned: {@code n}, or 0 at the end of the stream
     */
    private long peek(int n) throws Exception {
        int fd = c.fd().fd;
        CompletableFuture<Long> peeked = CompletableFuture.supplyAsync(() -> {
            ByteBuffer into = ByteBuffer.allocateDirect(n);
            long r = LibC.recv(fd, Sockets.address(into), n, MSG_PEEK | MSG_WAITALL);
            return r < 0 ? -LibC.errno() : r;
        }, helpers);
        return peeked.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * The peer closes abortively (SO_LINGER 0: an RST); returns once the connection's socket
     * took it (it is CLOSED), without reading the pending error, which is the code's to see.
     */
    private void peerResets() throws Exception {
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close();
        // on loopback the RST is taken within the peer's close; this bound is for a loaded machine,
        // and the state is read with getsockopt(TCP_INFO), which clears no pending error
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while ((Sockets.getInt(c.fd().fd, LibC.IPPROTO_TCP, TCP_INFO) & 0xff) != TCP_CLOSE) {
            assertTrue(System.nanoTime() - end < 0, "the reset reached the socket");
            Thread.onSpinWait();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 11));
        }
        return b;
    }

    private static ByteBuffer direct(byte[] data, int from, int length) {
        return ByteBuffer.allocateDirect(length).put(data, from, length).flip();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** A fault that fires at one point a given number of times, then lets every call run. */
    private static final class Fault implements FaultInjector {
        private volatile FaultPoint point;
        private volatile Supplier<? extends Throwable> fault;
        private final AtomicInteger left = new AtomicInteger();
        final AtomicInteger fired = new AtomicInteger();
        /** Run at every check, on the checking thread: a scenario's pauses. */
        volatile Consumer<FaultPoint> hook = at -> { };
        /** The threads that made a receive or send call, in order. */
        private final Queue<Thread> callers = new ConcurrentLinkedQueue<>();

        /** @return the threads that made a receive or send call since the last take */
        List<Thread> takeCallers() {
            List<Thread> taken = new ArrayList<>();
            for (Thread t; (t = callers.poll()) != null; ) {
                taken.add(t);
            }
            return taken;
        }

        void arm(FaultPoint at, int times, Supplier<? extends Throwable> what) {
            fault = what;
            point = at;
            left.set(times);
        }

        @Override
        public Throwable faultAt(FaultPoint at, String call) {
            if (at == FaultPoint.READ || at == FaultPoint.WRITE) {
                callers.add(Thread.currentThread());
            }
            hook.accept(at);
            if (at != point || left.getAndUpdate(n -> n > 0 ? n - 1 : 0) <= 0) {
                return null;
            }
            fired.incrementAndGet();
            return fault.get();
        }
    }
}
