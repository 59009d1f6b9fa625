package io.overlap.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The fallback load client against a real echo server, and against one that corrupts a byte. */
class LoadClientTest {

    @Test
    @Timeout(30)
    void echoRunCountsRoundTripsWithoutErrors() throws Exception {
        try (EchoServer server = new SelectorEcho(ServerOptions.DEFAULTS)) {
            int port = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64).getPort();
            Map<String, String> r = run("-p", String.valueOf(port), "-c", "4", "-s", "64", "-d", "2", "-t", "0.5", "-w", "0.2");
            assertEquals("echo", r.get("mode"));
            assertEquals("4", r.get("established"));
            assertEquals("0", r.get("errors"), r.toString());
            assertTrue(Long.parseLong(r.get("msgs")) > 100, r.toString());
            assertTrue(Long.parseLong(r.get("p99_us")) >= Long.parseLong(r.get("p50_us")), r.toString());
        }
    }

    @Test
    @Timeout(30)
    void holdRunKeepsVerifiedConnections() throws Exception {
        try (EchoServer server = new SelectorEcho(ServerOptions.DEFAULTS)) {
            int port = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64).getPort();
            Map<String, String> r = run("-p", String.valueOf(port), "-c", "20", "-s", "16", "-V", "-H", "0.3",
                    "-b", "127.0.0.1-127.0.0.1"); // the source-binding path, on an address every OS has
            assertEquals("hold", r.get("mode"));
            assertEquals("20", r.get("verified"), r.toString());
            assertEquals("20", r.get("alive"), r.toString());
            assertEquals("0", r.get("errors"), r.toString());
        }
    }

    @Test
    @Timeout(30)
    void corruptedEchoIsCaught() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> corruptingEcho(ss), "corrupting-echo");
            t.start();
            Map<String, String> r = run("-p", String.valueOf(ss.getLocalPort()), "-c", "1", "-s", "32", "-t", "0.3", "-w", "0");
            assertEquals("1", r.get("mismatch"), r.toString());
            assertEquals("1", r.get("errors"), r.toString());
            t.join(5_000);
        }
    }

    /** Echoes one connection, with the 100th byte flipped. */
    private static void corruptingEcho(ServerSocket ss) {
        try (Socket s = ss.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(5_000);
            byte[] buf = new byte[4096];
            long seen = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                if (seen <= 99 && seen + n > 99) {
                    buf[(int) (99 - seen)] ^= 0x5a;
                }
                seen += n;
                out.write(buf, 0, n);
            }
        } catch (IOException endOfTest) {
            // the client closed or the test ended
        }
    }

    private static Map<String, String> run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LoadClient.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).reduce((a, b) -> b).orElseThrow();
        Map<String, String> kv = new HashMap<>();
        for (String f : line.substring("RESULT ".length()).split(" ")) {
            int eq = f.indexOf('=');
            kv.put(f.substring(0, eq), f.substring(eq + 1));
        }
        return kv;
    }
}
