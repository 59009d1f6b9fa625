package io.overlap.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat client as a person with {@code nc} would be: a blocking socket, lines in UTF-8. Every
 * read is bounded by the socket timeout, so a missing line fails the test instead of hanging it.
 */
final class LineClient implements AutoCloseable {
    static final int READ_TIMEOUT_MS = 15_000;
    private static final Pattern WELCOME = Pattern.compile(
            "\\*\\*\\* welcome to the Overlap chat; you are (\\S+) \\((\\S+)\\), with (\\d+) others? here; .*");

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    /** Kept from the start: a closed socket no longer knows its local address. */
    private final String address;
    private String nick;

    private LineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.address = socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort();
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /** Connects without reading anything. */
    static LineClient connect(InetSocketAddress server) throws IOException {
        return connect(server, 0);
    }

    /** Connects with a given receive buffer (0: the default), set before connecting so it bounds the window. */
    static LineClient connect(InetSocketAddress server, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.connect(server, READ_TIMEOUT_MS);
            return new LineClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Connects and reads the welcome line; checks it shows this client's own address. */
    static LineClient join(InetSocketAddress server) throws IOException {
        LineClient c = connect(server);
        Matcher m = c.expectMatch(WELCOME);
        c.nick = m.group(1);
        assertEquals(c.address(), m.group(2), "the welcome shows the client's address and port");
        return c;
    }

    /** @return the nickname the welcome gave, or the last one set with {@link #nick(String)} */
    String nick() {
        return nick;
    }

    void nick(String n) {
        nick = n;
    }

    /** @return this client's address as the server prints it, e.g. 127.0.0.1:54321 */
    String address() {
        return address;
    }

    void send(String line) throws IOException {
        sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    String readLine() throws IOException {
        try {
            String line = in.readLine();
            assertNotNull(line, "the server closed the connection while a line was expected");
            return line;
        } catch (SocketTimeoutException e) {
            return fail("no line within " + READ_TIMEOUT_MS + " ms");
        }
    }

    void expect(String line) throws IOException {
        assertEquals(line, readLine());
    }

    Matcher expectMatch(Pattern p) throws IOException {
        String line = readLine();
        Matcher m = p.matcher(line);
        assertTrue(m.matches(), () -> "expected a line like /" + p + "/ but got: " + line);
        return m;
    }

    /** Reads until the server closes the connection; every line on the way must start with "***". */
    void expectClosed() throws IOException {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                assertTrue(line.startsWith("***"), "unexpected line before the close: " + line);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + READ_TIMEOUT_MS + " ms");
        } catch (SocketException e) {
            // a reset is a close too
        }
    }

    /** Reads and drops bytes until the server closes (or resets) the connection. */
    long drainUntilClosed() throws IOException {
        InputStream raw = socket.getInputStream();
        byte[] buf = new byte[64 << 10];
        long total = 0;
        try {
            int n;
            while ((n = raw.read(buf)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + READ_TIMEOUT_MS + " ms");
        } catch (SocketException e) {
            // reset
        }
        return total;
    }

    /** Closes abortively: the server sees a reset instead of an end of stream. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
