package io.overlap.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.Proactor;
import io.overlap.ProactorConfig;
import io.overlap.spi.HandBacks;
import io.overlap.spi.Operation;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link HandBacks}: what submitting threads give a loop back goes without a task, in order, each once. */
@Timeout(30)
class NioHandBacksTest {
    private final BlockingQueue<Completion> seen = new LinkedBlockingQueue<>();

    @BeforeEach
    void onlyWhenOn() {
    }

    @Test
    void completions_made_on_a_submitting_thread_reach_the_handler_in_submission_order() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).completionHandler(seen::add));
                Handlers pair = Handlers.open(p, seen)) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ids.add(p.submitSend(pair.connection, ByteBuffer.wrap(new byte[] {(byte) i})));
            }
            for (long id : ids) {
                Completion c = take();
                assertEquals(id, c.id(), "the handler sees sends in the order they were submitted");
                assertEquals(CompletionStatus.OK, c.status(), c.toString());
            }
        }
    }

    @Test
    void a_connection_handed_back_again_before_its_loop_took_it_is_there_once_and_can_be_handed_back_after() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).completionHandler(seen::add));
                Handlers pair = Handlers.open(p, seen)) {
            NioConnection c = (NioConnection) pair.connection;
            NioProactor proactor = c.loop.proactor;
            HandBacks<NioLanedConnection> backs = new HandBacks<>(proactor.access()); // not the loop's: nothing takes it meanwhile
            assertTrue(backs.isEmpty());
            backs.resume(c);
            backs.resume(c);
            assertFalse(backs.isEmpty());
            backs.drain(proactor::deliverAround, x -> x.failHandoffs(CompletionStatus.FAILED, "test", null)); // takes it out and clears its flag (nothing handed off to fail)
            assertTrue(backs.isEmpty());
            backs.resume(c);
            assertFalse(backs.isEmpty(), "taken out, it can be handed back again");
            backs.drain(proactor::deliverAround, x -> x.failHandoffs(CompletionStatus.FAILED, "test", null));
            assertTrue(backs.isEmpty());
        }
    }

    @Test
    void completions_handed_to_a_loop_that_is_gone_go_on_oldest_first() throws Exception {
        try (Proactor p = Net.open(ProactorConfig.builder().ioThreads(1).completionHandler(seen::add));
                Handlers pair = Handlers.open(p, seen)) {
            List<Completion> done = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                p.submitSend(pair.connection, ByteBuffer.wrap(new byte[] {1}));
                done.add(take());
            }
            NioProactor proactor = ((NioConnection) pair.connection).loop.proactor;
            HandBacks<NioLanedConnection> backs = new HandBacks<>(proactor.access());
            for (Completion c : done) {
                backs.deliver((Operation) c);
            }
            backs.drain(proactor::deliverAround, x -> x.failHandoffs(CompletionStatus.FAILED, "test", null)); // delivered again, through the live loop
            for (Completion c : done) {
                assertEquals(c.id(), take().id());
            }
        }
    }

    private Completion take() throws InterruptedException {
        Completion c = seen.poll(10, TimeUnit.SECONDS);
        assertNotNull(c, "no completion within 10 s");
        return c;
    }

    /** One accepted connection of a handler-mode proactor, its peer a plain channel that drains nothing. */
    private static final class Handlers implements AutoCloseable {
        final Connection connection;
        final SocketChannel peer;

        private Handlers(Connection connection, SocketChannel peer) {
            this.connection = connection;
            this.peer = peer;
        }

        static Handlers open(Proactor p, BlockingQueue<Completion> seen) throws Exception {
            Listener l = p.listen(Net.LOOPBACK, 8);
            p.submitAccept(l, null);
            SocketChannel peer = SocketChannel.open(l.localAddress());
            Completion accepted = seen.poll(10, TimeUnit.SECONDS);
            assertNotNull(accepted, "no accept within 10 s");
            assertEquals(CompletionStatus.OK, accepted.status(), accepted.toString());
            return new Handlers(accepted.connection(), peer);
        }

        @Override
        public void close() throws java.io.IOException {
            peer.close();
        }
    }
}
