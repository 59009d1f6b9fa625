package io.overlap.winsock;

import io.overlap.spi.FaultPoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The socket half of {@link EmulatedWinsock}: the socket table, its synchronous calls (bind,
 * listen, addresses, options, shutdown, close) and the I/O thread's life, under one lock that
 * also guards every socket's pending operations.
 */
abstract class EmuSockets implements Winsock {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final Object lock = new Object();
    final Map<Long, EmuSocket> sockets = new HashMap<>(); // under lock
    final List<String> violations = new ArrayList<>(); // under lock
    private final AtomicLong nextHandle = new AtomicLong(0x100);
    private int startups; // under lock
    EmuIo io; // under lock, while started

    /** The kernel's side of a completion (lock held): the result, then the event. */
    abstract void finished(EmuOp op, int error, long bytes);

    // ---- what tests check ----

    int liveSockets() {
        synchronized (lock) {
            return sockets.size();
        }
    }

    List<String> violations() {
        synchronized (lock) {
            return new ArrayList<>(violations);
        }
    }

    final void violation(String v) {
        synchronized (lock) {
            violations.add(v);
        }
    }

    @Override
    public void startup() {
        synchronized (lock) {
            if (startups++ == 0) {
                io = new EmuIo(lock, "winsock-emulated-io-" + INSTANCES.incrementAndGet());
            }
        }
    }

    @Override
    public void cleanup() {
        EmuIo stopping = null;
        synchronized (lock) {
            if (--startups == 0) {
                stopping = io;
                io = null;
            }
        }
        if (stopping != null) {
            stopping.stop(); // sockets left open stay open: a leak shows in the process's descriptors
        }
    }

    // ---- sockets ----

    @Override
    public long openSocket(boolean ipv6, FaultPoint use) {
        long h = newHandle();
        synchronized (lock) {
            sockets.put(h, new EmuSocket(h, ipv6, this::finished));
        }
        return h;
    }

    @Override
    public void bind(long socket, InetSocketAddress local, FaultPoint use) throws IOException {
        synchronized (lock) {
            EmuSocket s = sock(socket, "bind");
            if (s.bound != null || s.channelOrNull() != null) {
                throw EmuErrors.exception("bind", EmuErrors.WSAEINVAL);
            }
            s.bound = local; // made real at listen or ConnectEx, the first time the role is known
        }
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        synchronized (lock) {
            try {
                sock(socket, "listen").listen(backlog);
            } catch (WinsockException e) {
                throw e;
            } catch (IOException e) {
                throw EmuErrors.exception("listen", e);
            }
        }
    }

    @Override
    public InetSocketAddress localAddress(long socket) throws IOException {
        synchronized (lock) {
            EmuSocket s = sock(socket, "getsockname");
            NetworkChannel c = s.channelOrNull();
            if (c != null) {
                return (InetSocketAddress) c.getLocalAddress();
            } else if (s.bound != null) {
                return s.bound;
            }
            throw EmuErrors.exception("getsockname", EmuErrors.WSAEINVAL);
        }
    }

    @Override
    public InetSocketAddress remoteAddress(long socket) throws IOException {
        synchronized (lock) {
            EmuSocket s = sock(socket, "getpeername");
            if (!s.isConnected() || s.reset) {
                throw EmuErrors.exception("getpeername", WinError.WSAENOTCONN);
            }
            return (InetSocketAddress) s.channel.getRemoteAddress();
        }
    }

    @Override
    public void setIntOption(long socket, int level, int name, int value) throws IOException {
        synchronized (lock) {
            try {
                sock(socket, "setsockopt").setOption(level, name, value);
            } catch (IOException e) {
                throw EmuErrors.exception("setsockopt(" + SockOpt.name(level, name) + ")", e);
            }
        }
    }

    @Override
    public int getIntOption(long socket, int level, int name) throws IOException {
        synchronized (lock) {
            try {
                return sock(socket, "getsockopt").getOption(level, name);
            } catch (IOException e) {
                throw EmuErrors.exception("getsockopt(" + SockOpt.name(level, name) + ")", e);
            }
        }
    }

    @Override
    public void setLinger(long socket, int seconds) throws IOException {
        synchronized (lock) {
            try {
                sock(socket, "setsockopt(SO_LINGER)").setLinger(seconds);
            } catch (IOException e) {
                throw EmuErrors.exception("setsockopt(SO_LINGER)", e);
            }
        }
    }

    @Override
    public int getLinger(long socket) throws IOException {
        synchronized (lock) {
            return sock(socket, "getsockopt(SO_LINGER)").linger();
        }
    }

    @Override
    public void updateAcceptContext(long accepted, long listener) throws IOException {
        synchronized (lock) {
            if (!sock(accepted, "SO_UPDATE_ACCEPT_CONTEXT").isConnected()
                    || sock(listener, "SO_UPDATE_ACCEPT_CONTEXT").server == null) {
                throw EmuErrors.exception("setsockopt(SO_UPDATE_ACCEPT_CONTEXT)", EmuErrors.WSAEINVAL);
            }
        }
    }

    @Override
    public void updateConnectContext(long socket) throws IOException {
        synchronized (lock) {
            if (!sock(socket, "SO_UPDATE_CONNECT_CONTEXT").isConnected()) {
                throw EmuErrors.exception("setsockopt(SO_UPDATE_CONNECT_CONTEXT)", WinError.WSAENOTCONN);
            }
        }
    }

    @Override
    public int peerError(long socket) {
        synchronized (lock) {
            EmuSocket s = sockets.get(socket);
            return s == null ? WinError.WSAENOTSOCK : s.isConnected() && !s.reset ? 0 : WinError.WSAENOTCONN;
        }
    }

    @Override
    public int shutdownOutput(long socket) {
        synchronized (lock) {
            int err = notConnected(socket);
            if (err != 0) {
                return err;
            }
            EmuSocket s = sockets.get(socket);
            try {
                s.channel.shutdownOutput();
            } catch (IOException e) {
                return EmuErrors.code(e);
            }
            s.outputShut = true;
            return 0;
        }
    }

    @Override
    public void closeSocket(long socket) {
        synchronized (lock) {
            EmuSocket s = sockets.remove(socket);
            if (s == null) {
                violations.add("closesocket of a closed or unknown socket " + socket);
                return;
            }
            s.abortAll(WinError.ERROR_OPERATION_ABORTED);
            NetworkChannel c = s.channelOrNull();
            if (c != null) {
                try {
                    c.close(); // SO_LINGER 0 was set on the channel: the descriptor's close sends RST
                } catch (IOException e) {
                    violations.add("closing socket " + socket + ": " + e);
                }
                if (s.key != null && io != null) {
                    io.wakeup(); // a registered channel's descriptor closes once the selector lets go
                }
            }
        }
    }

    final long newHandle() {
        return nextHandle.getAndAdd(4); // Windows' handles are multiples of 4
    }

    /** @return 0 if the socket is open and connected (lock held), else the error a call on it gets */
    final int notConnected(long socket) {
        EmuSocket s = sockets.get(socket);
        return s == null ? WinError.WSAENOTSOCK : s.isConnected() ? 0 : WinError.WSAENOTCONN;
    }

    /** The socket (lock held); an unknown one fails as Winsock's calls do. */
    final EmuSocket sock(long socket, String call) throws WinsockException {
        EmuSocket s = sockets.get(socket);
        if (s == null) {
            throw EmuErrors.exception(call, WinError.WSAENOTSOCK);
        }
        return s;
    }
}
