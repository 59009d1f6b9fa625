package io.overlap.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.overlap.BufferLease;
import io.overlap.BufferPool;
import io.overlap.Completion;
import io.overlap.CompletionStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chat server with real clients over loopback, on the backend the build selects. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ChatServerTest {
    /** Lines the talker sends before the watcher catches up: 32 KB, well under the watcher's own bound. */
    private static final int BATCH = 8;
    private static final Pattern LEFT = Pattern.compile("\\*\\*\\* (\\S+) left \\((\\S+)\\)(: .*)?");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ChatServer server;

    private InetSocketAddress start(ChatConfig config) throws IOException {
        return start(config, c -> { });
    }

    private InetSocketAddress start(ChatConfig config, Consumer<Completion> tap) throws IOException {
        server = ChatServer.start(config, tap);
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    private static ChatConfig config() {
        return ChatConfig.defaults(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private LineClient join(InetSocketAddress at) throws IOException {
        return track(LineClient.join(at));
    }

    private LineClient track(LineClient c) {
        toClose.add(c);
        return c;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        if (server != null) {
            server.close();
            // every scenario ends here: whatever the clients did, each lease was given back once
            assertEquals(0, server.bufferPool().leased(), () -> "leases left: " + server.bufferPool());
        }
    }

    @Test
    void threeClientsJoinChatRenameListAndLeave() throws Exception {
        InetSocketAddress at = start(config());
        LineClient a = join(at);
        LineClient b = join(at);
        a.expect("*** " + b.nick() + " joined from " + b.address());
        LineClient c = join(at);
        a.expect("*** " + c.nick() + " joined from " + c.address());
        b.expect("*** " + c.nick() + " joined from " + c.address());

        a.send("hello, all");
        b.expect("<" + a.nick() + "> hello, all");
        c.expect("<" + a.nick() + "> hello, all");

        b.send("/nick bob");
        b.expect("*** you are now known as bob");
        a.expect("*** " + b.nick() + " is now known as bob");
        c.expect("*** " + b.nick() + " is now known as bob");
        b.nick("bob");

        c.send("/nick BOB");
        c.expect("*** the nick BOB is taken");
        c.send("/nick no way");
        c.expect("*** invalid nick 'no way': use 1 to 20 letters, digits, _ or -");
        c.send("/nick Zoë");
        c.expect("*** you are now known as Zoë");
        a.expect("*** " + c.nick() + " is now known as Zoë");
        b.expect("*** " + c.nick() + " is now known as Zoë");
        c.nick("Zoë");

        a.send("/me waves");
        b.expect("* " + a.nick() + " waves");
        c.expect("* " + a.nick() + " waves");

        c.send("/who");
        c.expect("*** 3 here:");
        c.expect("***   " + a.nick() + " " + a.address());
        c.expect("***   bob " + b.address());
        c.expect("***   Zoë " + c.address() + " (you)");

        b.send("/quit see you");
        b.expect("*** bye, bob");
        b.expectClosed();
        a.expect("*** bob left (" + b.address() + "): quit: see you");
        c.expect("*** bob left (" + b.address() + "): quit: see you");

        c.close();
        a.expect("*** Zoë left (" + c.address() + ")");

        a.send("/who");
        a.expect("*** 1 here:");
        a.expect("***   " + a.nick() + " " + a.address() + " (you)");
        a.send("/bogus");
        a.expect("*** unknown command /bogus; /help lists the commands");
        // a saw exactly the lines above: never its own message or action
    }

    @Test
    void anOverlongLineIsRefusedAndTheRestOfItDropped() throws Exception {
        InetSocketAddress at = start(config());
        LineClient a = join(at);
        LineClient b = join(at);
        a.expect("*** " + b.nick() + " joined from " + b.address());

        String longest = "x".repeat(ChatConfig.DEFAULT_MAX_LINE);
        a.sendRaw((longest + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.expect("<" + a.nick() + "> " + longest);

        byte[] overlong = ("y".repeat(ChatConfig.DEFAULT_MAX_LINE + 1) + "\n").getBytes(StandardCharsets.UTF_8);
        a.sendRaw(overlong);
        a.expect("*** line too long (over 4,096 bytes): not sent, the rest of it is dropped");

        // much longer, in pieces: one error, and nothing of it reaches anyone
        a.sendRaw("z".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        a.sendRaw("z".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        a.sendRaw("z\nafter the long ones, héllo wörld ✓\n".getBytes(StandardCharsets.UTF_8));
        a.expect("*** line too long (over 4,096 bytes): not sent, the rest of it is dropped");
        b.expect("<" + a.nick() + "> after the long ones, héllo wörld ✓");

        // a multi-byte character split across two writes (and so, likely, two receives)
        byte[] split = "é\n".getBytes(StandardCharsets.UTF_8);
        a.sendRaw(new byte[] {split[0]});
        a.sendRaw(new byte[] {split[1], split[2]});
        b.expect("<" + a.nick() + "> é");
    }

    @Test
    void aSlowReaderIsCutWhileTheOthersKeepChatting() throws Exception {
        int bound = 64 << 10;
        InetSocketAddress at = start(config().withMaxQueuedBytes(bound));
        LineClient talker = join(at);
        LineClient watcher = join(at);
        talker.expect("*** " + watcher.nick() + " joined from " + watcher.address());
        LineClient slow = track(LineClient.connect(at, 4096)); // reads its welcome, then never again
        String slowNick = slow.readLine().replaceFirst("^\\*\\*\\* welcome to the Overlap chat; you are (\\S+) .*", "$1");
        talker.expect("*** " + slowNick + " joined from " + slow.address());
        watcher.expect("*** " + slowNick + " joined from " + slow.address());

        String cut = "*** " + slowNick + " (" + slow.address() + ") was disconnected: too slow to read (more than 64 KiB waiting)";
        String payload = "m".repeat(4000);
        boolean seen = false;
        int sent = 0;
        // the watcher reads everything, so only the slow reader falls behind; a batch at a time keeps
        // the watcher's own queue small. 40,000 lines (160 MB) is far more than any socket buffers.
        while (!seen && sent < 40_000) {
            for (int i = 0; i < BATCH; i++) {
                talker.send(payload);
            }
            sent += BATCH;
            int got = 0;
            while (got < BATCH) {
                String line = watcher.readLine();
                if (line.equals(cut)) {
                    seen = true;
                } else {
                    assertEquals("<" + talker.nick() + "> " + payload, line);
                    got++;
                }
            }
        }
        assertTrue(seen, "the slow reader was not disconnected after " + sent + " lines");
        talker.expect(cut);
        slow.drainUntilClosed(); // really closed, not just forgotten

        watcher.send("still here?");
        talker.expect("<" + watcher.nick() + "> still here?");
        talker.send("/who");
        talker.expect("*** 2 here:");
        talker.expect("***   " + talker.nick() + " " + talker.address() + " (you)");
        talker.expect("***   " + watcher.nick() + " " + watcher.address());
    }

    @Test
    void fiftyClientsDroppingOneAfterAnotherAndAllAtOnceLeaveTheServerServing() throws Exception {
        InetSocketAddress at = start(config());
        LineClient observer = join(at);

        // one after another: half close normally, half reset
        List<LineClient> clients = joinMany(at, observer, 50);
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < clients.size(); i++) {
            LineClient c = clients.get(i);
            expected.add(c.nick() + " " + c.address());
            if (i % 2 == 0) {
                c.close();
            } else {
                c.abort();
            }
        }
        assertEquals(expected, readLeaves(observer, 50));

        // all at once: 50 threads released together
        clients = joinMany(at, observer, 50);
        expected.clear();
        clients.forEach(c -> expected.add(c.nick() + " " + c.address()));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                LineClient c = clients.get(i);
                boolean reset = i % 2 == 1;
                done.add(pool.submit(() -> {
                    go.await();
                    if (reset) {
                        c.abort();
                    } else {
                        c.close();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(expected, readLeaves(observer, 50));

        LineClient late = join(at);
        observer.expect("*** " + late.nick() + " joined from " + late.address());
        late.send("anyone?");
        observer.expect("<" + late.nick() + "> anyone?");
        observer.send("/who");
        observer.expect("*** 2 here:");
        observer.expect("***   " + observer.nick() + " " + observer.address() + " (you)");
        observer.expect("***   " + late.nick() + " " + late.address());
    }

    @Test
    void aFullRoomRefusesPolitely() throws Exception {
        InetSocketAddress at = start(config().withMaxClients(2));
        LineClient a = join(at);
        LineClient b = join(at);
        a.expect("*** " + b.nick() + " joined from " + b.address());

        LineClient refused = track(LineClient.connect(at));
        refused.expect("*** sorry, the room is full (2 people); please try again later");
        refused.expectClosed();

        b.send("/quit");
        b.expect("*** bye, " + b.nick());
        a.expect("*** " + b.nick() + " left (" + b.address() + "): quit");
        LineClient c = join(at);
        a.expect("*** " + c.nick() + " joined from " + c.address());
    }

    @Test
    void stoppingTellsEveryoneAndClosesEveryConnection() throws Exception {
        InetSocketAddress at = start(config());
        LineClient a = join(at);
        LineClient b = join(at);
        a.expect("*** " + b.nick() + " joined from " + b.address());

        long t0 = System.nanoTime();
        server.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(10)) < 0, "close is bounded");
        for (LineClient c : List.of(a, b)) {
            c.expect("*** the server is shutting down; bye");
            c.expectClosed();
        }
        try (LineClient late = LineClient.connect(at)) {
            late.expectClosed();
            fail("the stopped server still accepted a connection");
        } catch (IOException expectedRefusal) {
            // nobody listens any more
        }
    }

    @Test
    void anEmptyPoolMakesClientsWaitAndNoLineIsLost() throws Exception {
        int talkers = 3;
        int linesEach = 40;
        CountDownLatch refused = new CountDownLatch(talkers);
        // one 16-byte buffer for everyone: lines arrive in pieces and most receives find it taken
        InetSocketAddress at = start(config().withPool(16, 1), c -> {
            if (c.status() == CompletionStatus.NO_BUFFER) {
                refused.countDown();
            }
        });
        LineClient observer = join(at);
        List<LineClient> clients = joinMany(at, observer, talkers);

        // the test holds the only buffer, so each talker's first receive completes with NO_BUFFER
        BufferPool pool = server.bufferPool();
        BufferLease held = pool.tryLease(pool.recvSize());
        assertTrue(held != null && pool.available() == 0, pool::toString);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        for (int t = 0; t < talkers; t++) {
            LineClient c = clients.get(t);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < linesEach; i++) {
                lines.add("line " + i + " from " + c.nick() + " " + "é".repeat(i % 7) + "x".repeat(i * 3 % 50) + ".");
            }
            StringBuilder all = new StringBuilder();
            lines.forEach(l -> all.append(l).append('\n'));
            c.sendRaw(all.toString().getBytes(StandardCharsets.UTF_8));
            sent.put(c.nick(), lines);
        }
        assertTrue(refused.await(15, TimeUnit.SECONDS), "every talker's data found the pool empty");
        held.release(); // behind the server's back: its room thread must retry by itself

        Map<String, List<String>> got = new LinkedHashMap<>();
        sent.keySet().forEach(n -> got.put(n, new ArrayList<>()));
        Pattern said = Pattern.compile("<(\\S+)> (.*)");
        for (int i = 0; i < talkers * linesEach; i++) {
            Matcher m = observer.expectMatch(said);
            got.get(m.group(1)).add(m.group(2));
        }
        assertEquals(sent, got, "each talker's lines, all of them, in its order");
        for (LineClient c : clients) {
            c.send("/quit");
            c.drainUntilClosed(); // the other talkers' lines, the bye, then the close
        }
        for (int i = 0; i < talkers; i++) {
            observer.expectMatch(LEFT);
        }
    }

    private List<LineClient> joinMany(InetSocketAddress at, LineClient observer, int n) throws IOException {
        List<LineClient> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LineClient c = join(at);
            clients.add(c);
            observer.expect("*** " + c.nick() + " joined from " + c.address());
        }
        return clients;
    }

    /** @return "nick address" of each of the next {@code n} leave announcements */
    private static Set<String> readLeaves(LineClient observer, int n) throws IOException {
        Set<String> left = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Matcher m = observer.expectMatch(LEFT);
            assertTrue(left.add(m.group(1) + " " + m.group(2)), "announced twice: " + m.group());
        }
        return left;
    }
}
