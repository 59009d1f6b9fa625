package io.overlap.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Small byte helpers for buffers and blocking peer sockets. */
public final class Bytes {
    private Bytes() {
    }

    /**
     * @param s text
     * @return its UTF-8 bytes in a heap buffer, ready to send
     */
    public static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param buffers buffers that were filled from position 0
     * @return the bytes between 0 and each buffer's position, concatenated
     */
    public static byte[] filled(ByteBuffer... buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : buffers) {
            ByteBuffer d = b.duplicate();
            d.flip();
            byte[] part = new byte[d.remaining()];
            d.get(part);
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * @param buffers buffers that were filled from position 0
     * @return {@link #filled} as UTF-8 text
     */
    public static String filledText(ByteBuffer... buffers) {
        return new String(filled(buffers), StandardCharsets.UTF_8);
    }

    /**
     * Reads exactly {@code n} bytes (the socket's read timeout bounds each read).
     *
     * @param s the socket
     * @param n how many
     * @return the bytes
     */
    public static byte[] readFully(Socket s, int n) {
        try {
            return s.getInputStream().readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads until end of stream.
     *
     * @param s the socket
     * @return every byte until the peer shut its output down
     */
    public static byte[] readToEnd(Socket s) {
        try {
            return s.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes bytes to a peer socket.
     *
     * @param s the socket
     * @param data what to write
     */
    public static void write(Socket s, byte[] data) {
        try {
            s.getOutputStream().write(data);
            s.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes text to a peer socket.
     *
     * @param s the socket
     * @param text what to write, as UTF-8
     */
    public static void write(Socket s, String text) {
        write(s, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Closes a socket abortively: {@code SO_LINGER} 0 makes the OS send a reset, not a FIN.
     *
     * @param s the socket
     */
    public static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Shuts down a peer socket's output, so the other end sees end of stream.
     *
     * @param s the socket
     */
    public static void shutdownOutput(Socket s) {
        try {
            s.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one byte and reports what the peer did: -1 for end of stream (a FIN). A reset
     * surfaces as the socket's exception.
     *
     * @param s the socket
     * @return the byte, or -1 at end of stream
     * @throws IOException if the connection was reset (or the read timed out)
     */
    public static int readOne(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return in.read();
    }
}
