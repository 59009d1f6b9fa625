package io.overlap.uring.sys;

import java.nio.ByteBuffer;

/**
 * Writes submission entries (struct io_uring_sqe, 64 bytes) in place: one method per opcode
 * this backend uses. An entry comes zeroed from {@link Ring#nextSqe()}, so only the fields an
 * opcode reads are set.
 */
public final class Sqe {
    public static final int OP_NOP = 0;
    public static final int OP_READV = 1;
    public static final int OP_POLL_ADD = 6;
    public static final int OP_SENDMSG = 9;
    public static final int OP_ACCEPT = 13;
    public static final int OP_ASYNC_CANCEL = 14;
    public static final int OP_CONNECT = 16;
    public static final int OP_READ = 22;
    public static final int OP_SEND = 26;
    public static final int OP_RECV = 27;
    /** Every opcode this backend submits, for the availability probe. */
    static final int[] USED = {OP_NOP, OP_READV, OP_POLL_ADD, OP_SENDMSG, OP_ACCEPT, OP_ASYNC_CANCEL, OP_CONNECT,
        OP_READ, OP_SEND, OP_RECV};

    private final ByteBuffer sqes;

    Sqe(ByteBuffer sqes) {
        this.sqes = sqes;
    }

    /** @param op an opcode @return its name, for messages */
    static String name(int op) {
        switch (op) {
            case OP_NOP: return "IORING_OP_NOP";
            case OP_READV: return "IORING_OP_READV";
            case OP_POLL_ADD: return "IORING_OP_POLL_ADD";
            case OP_SENDMSG: return "IORING_OP_SENDMSG";
            case OP_ACCEPT: return "IORING_OP_ACCEPT";
            case OP_ASYNC_CANCEL: return "IORING_OP_ASYNC_CANCEL";
            case OP_CONNECT: return "IORING_OP_CONNECT";
            case OP_READ: return "IORING_OP_READ";
            case OP_SEND: return "IORING_OP_SEND";
            case OP_RECV: return "IORING_OP_RECV";
            default: return "opcode " + op;
        }
    }

    private void head(int at, int op, int fd, long userData) {
        sqes.put(at, (byte) op);
        sqes.putInt(at + 4, fd);
        sqes.putLong(at + 32, userData);
    }

    /** A no-op. @param at entry offset @param userData completion tag */
    public void nop(int at, long userData) {
        head(at, OP_NOP, -1, userData);
    }

    /**
     * recv(2) / send(2) / read(2) shaped entries: one buffer at an address.
     *
     * @param at entry offset
     * @param op {@link #OP_RECV}, {@link #OP_SEND} or {@link #OP_READ}
     * @param fd the file
     * @param addr the buffer's address
     * @param len its length
     * @param msgFlags MSG_* flags (0 for read)
     * @param userData completion tag
     */
    public void buffer(int at, int op, int fd, long addr, int len, int msgFlags, long userData) {
        head(at, op, fd, userData);
        sqes.putLong(at + 16, addr);
        sqes.putInt(at + 24, len);
        sqes.putInt(at + 28, msgFlags);
    }

    /**
     * readv(2): a scatter list.
     *
     * @param at entry offset
     * @param fd the socket
     * @param iov address of the struct iovec array
     * @param count its length
     * @param userData completion tag
     */
    public void readv(int at, int fd, long iov, int count, long userData) {
        head(at, OP_READV, fd, userData);
        sqes.putLong(at + 8, -1L); // offset -1: the file's position, i.e. a stream
        sqes.putLong(at + 16, iov);
        sqes.putInt(at + 24, count);
    }

    /**
     * sendmsg(2): a gather list.
     *
     * @param at entry offset
     * @param fd the socket
     * @param msghdr address of the struct msghdr
     * @param msgFlags MSG_* flags
     * @param userData completion tag
     */
    public void sendmsg(int at, int fd, long msghdr, int msgFlags, long userData) {
        head(at, OP_SENDMSG, fd, userData);
        sqes.putLong(at + 16, msghdr);
        sqes.putInt(at + 24, 1);
        sqes.putInt(at + 28, msgFlags);
    }

    /**
     * accept4(2).
     *
     * @param at entry offset
     * @param fd the listening socket
     * @param addr where the peer's sockaddr goes
     * @param addrLenPtr address of its socklen_t (in: capacity; out: length)
     * @param flags accept4 flags (SOCK_CLOEXEC)
     * @param userData completion tag
     */
    public void accept(int at, int fd, long addr, long addrLenPtr, int flags, long userData) {
        head(at, OP_ACCEPT, fd, userData);
        sqes.putLong(at + 8, addrLenPtr);
        sqes.putLong(at + 16, addr);
        sqes.putInt(at + 28, flags);
    }

    /**
     * connect(2).
     *
     * @param at entry offset
     * @param fd the socket
     * @param addr the peer's sockaddr
     * @param addrLen its length
     * @param userData completion tag
     */
    public void connect(int at, int fd, long addr, int addrLen, long userData) {
        head(at, OP_CONNECT, fd, userData);
        sqes.putLong(at + 8, addrLen);
        sqes.putLong(at + 16, addr);
    }

    /**
     * A one-shot poll.
     *
     * @param at entry offset
     * @param fd the socket
     * @param events POLL* events
     * @param userData completion tag
     */
    public void pollAdd(int at, int fd, int events, long userData) {
        head(at, OP_POLL_ADD, fd, userData);
        sqes.putInt(at + 28, events);
    }

    /**
     * Cancels the submission tagged {@code target}.
     *
     * @param at entry offset
     * @param target the user data of the entry to cancel
     * @param userData completion tag of the cancel itself
     */
    public void cancel(int at, long target, long userData) {
        head(at, OP_ASYNC_CANCEL, -1, userData);
        sqes.putLong(at + 16, target);
    }
}
