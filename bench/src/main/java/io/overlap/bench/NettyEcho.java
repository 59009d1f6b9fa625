package io.overlap.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.util.Version;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's canonical echo server (write on read, flush when the read burst is done), on the
 * NIO, the native epoll or the io_uring transport, with one acceptor thread plus the configured number of
 * event loops and Netty's default pooled direct buffers.
 */
public final class NettyEcho implements EchoServer {
    /** Which Netty transport to run. */
    public enum Transport {
        /** java.nio Selector based. */
        NIO,
        /** Linux native epoll (JNI). */
        EPOLL,
        /** Linux io_uring (JNI), Netty 4.2's io_uring transport. */
        IO_URING
    }

    private final Transport transport;
    private final ServerOptions options;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    /**
     * @param transport the transport
     * @param options the event loop count (the buffer size is Netty's own adaptive choice)
     */
    public NettyEcho(Transport transport, ServerOptions options) {
        this.transport = transport;
        this.options = options;
    }

    @Override
    public InetSocketAddress start(InetSocketAddress local, int backlog) throws IOException {
        IoHandlerFactory factory;
        Class<? extends ServerChannel> channelClass;
        if (transport == Transport.EPOLL) {
            if (!Epoll.isAvailable()) {
                throw new IOException("Netty epoll is not available here", Epoll.unavailabilityCause());
            }
            factory = EpollIoHandler.newFactory();
            channelClass = EpollServerSocketChannel.class;
        } else if (transport == Transport.IO_URING) {
            if (!IoUring.isAvailable()) {
                throw new IOException("Netty io_uring is not available here", IoUring.unavailabilityCause());
            }
            factory = IoUringIoHandler.newFactory();
            channelClass = IoUringServerSocketChannel.class;
        } else {
            factory = NioIoHandler.newFactory();
            channelClass = NioServerSocketChannel.class;
        }
        boss = new MultiThreadIoEventLoopGroup(1, factory);
        workers = new MultiThreadIoEventLoopGroup(options.ioThreads(), factory);
        try {
            channel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, backlog)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(EchoHandler.INSTANCE);
                        }
                    })
                    .bind(local).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            close();
            throw new IOException("Netty could not bind " + local + ": " + e, e);
        }
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public String describe() {
        Version v = Version.identify().get("netty-transport");
        return "netty-" + transport.name().toLowerCase(Locale.ROOT).replace("_", "") + " netty=" + (v == null ? "?" : v.artifactVersion())
                + " boss=1 workers=" + options.ioThreads() + " pooled-direct";
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ChannelHandler.Sharable
    private static final class EchoHandler extends ChannelInboundHandlerAdapter {
        static final EchoHandler INSTANCE = new EchoHandler();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg, ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
