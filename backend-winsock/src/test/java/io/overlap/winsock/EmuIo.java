package io.overlap.winsock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The emulation's kernel: one thread with a {@link Selector} that finishes the operations a start
 * could not, and signals their events. It only waits and dispatches; each socket does its own
 * I/O. Sockets whose pending operations changed are {@link #touch touched}: the thread (alone)
 * registers them or updates their interest, then selects again.
 */
final class EmuIo implements Runnable {
    private static final System.Logger LOG = System.getLogger(EmuIo.class.getName());
    /** How long {@link #stop} waits for the thread. */
    private static final long STOP_MILLIS = 5_000;

    private final Object lock;
    private final Selector selector;
    private final Thread thread;
    private final Set<EmuSocket> touched = new LinkedHashSet<>(); // under lock
    private volatile boolean running = true;

    /**
     * @param lock the emulation's lock, which guards every socket
     * @param name the thread's name
     */
    EmuIo(Object lock, String name) {
        this.lock = lock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The socket's pending operations changed (lock held): its interest is updated before the next wait. */
    void touch(EmuSocket s) {
        touched.add(s);
        selector.wakeup();
    }

    /** A channel was closed while registered: the selector lets its descriptor go at its next wake-up. */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (running) {
                selector.select();
                synchronized (lock) {
                    dispatch();
                    updateInterest();
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "the emulated Winsock's I/O thread failed", e);
            throw new UncheckedIOException(e);
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "closing the emulation's selector", e);
            }
        }
    }

    private void dispatch() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            EmuSocket s = (EmuSocket) k.attachment();
            boolean readable;
            try {
                readable = k.isValid() && k.isReadable();
            } catch (CancelledKeyException e) {
                continue;
            }
            if (s.key == k) {
                s.progress(readable);
                touched.add(s);
            }
        }
    }

    private void updateInterest() {
        for (EmuSocket s : touched) {
            SelectableChannel c = (SelectableChannel) s.channelOrNull();
            if (c == null || !c.isOpen()) {
                continue;
            }
            int ops = s.interest();
            try {
                if (s.key == null) {
                    if (ops != 0) {
                        s.key = c.register(selector, ops, s);
                    }
                } else if (s.key.isValid()) {
                    s.key.interestOps(ops);
                }
            } catch (ClosedChannelException | CancelledKeyException e) {
                // closed meanwhile: closeSocket ended its operations
            }
        }
        touched.clear();
    }

    /** Ends the thread (and with it the selector), waiting a bounded time. */
    void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(STOP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.log(System.Logger.Level.WARNING, "the emulated Winsock's I/O thread did not end within "
                    + STOP_MILLIS + " ms");
        }
    }
}
