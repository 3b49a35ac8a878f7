package io.poolguard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback between the pool and a PostgreSQL server, for the fault tests: what the network between a
 * service and its database does when it misbehaves.
 * <ul>
 * <li>{@link Mode#PASS}: relays both ways.</li>
 * <li>{@link Mode#REFUSE}: the listening socket is closed, so a connect is refused (RST on SYN); open flows stay.</li>
 * <li>{@link Mode#RESET}: every open flow is reset (RST to both ends) and every new one is reset on accept.</li>
 * <li>{@link Mode#BLACKHOLE}: nothing is relayed any more, sockets stay open (a dead network path or a frozen
 * host); new connects are not accepted and time out, as when SYNs are dropped.</li>
 * <li>{@link #dropIdleAfter(Duration)}: in pass mode, a flow idle for longer than the limit is silently
 * blackholed from then on, what a NAT gateway, firewall or load balancer does when it forgets a quiet flow.</li>
 * <li>{@link #delayNewFlows(Duration)}: a new connection is relayed only after a delay, one after another, as a
 * login to a distant or busy server takes (TCP and TLS round trips, SCRAM).</li>
 * </ul>
 * Each flow is two blocking relay threads; fine for the few dozen connections a test opens.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does with traffic. */
    public enum Mode {
        PASS, REFUSE, RESET, BLACKHOLE
    }

    private final int targetPort;
    private final int port;
    private final Set<Flow> flows = ConcurrentHashMap.newKeySet();
    private final List<Socket> backlogFillers = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.PASS;
    private volatile long dropIdleAfterNanos = Long.MAX_VALUE;
    private volatile long newFlowDelayMillis;
    private volatile ServerSocket listener;
    private volatile boolean closed;

    private FaultProxy(int targetPort, int port) {
        this.targetPort = targetPort;
        this.port = port;
    }

    /** A proxy on a free loopback port relaying to {@code 127.0.0.1:targetPort}, in pass mode. */
    public static FaultProxy to(int targetPort) {
        try {
            ServerSocket first = newListener(0, 50);
            FaultProxy proxy = new FaultProxy(targetPort, first.getLocalPort());
            proxy.listen(first);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the fault proxy", e);
        }
    }

    public int port() {
        return port;
    }

    public Mode mode() {
        return mode;
    }

    /** A JDBC URL through the proxy. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Flows currently open through the proxy (including blackholed ones). */
    public int openFlows() {
        return flows.size();
    }

    /** Flows blackholed because they were idle longer than the drop-idle limit. */
    public long droppedIdleFlows() {
        return flows.stream().filter(f -> f.droppedIdle).count();
    }

    /** From now on, a flow with no byte in either direction for longer than {@code limit} is blackholed. */
    public void dropIdleAfter(Duration limit) {
        dropIdleAfterNanos = limit == null ? Long.MAX_VALUE : limit.toNanos();
    }

    /** From now on, each new connection waits {@code delay} before it is relayed; null for none. */
    public void delayNewFlows(Duration delay) {
        newFlowDelayMillis = delay == null ? 0 : delay.toMillis();
    }

    public synchronized void setMode(Mode next) {
        Mode previous = mode;
        mode = next;
        try {
            if (next == Mode.REFUSE || next == Mode.BLACKHOLE) {
                closeListener();
            }
            if (next == Mode.BLACKHOLE) {
                // a listener nobody accepts from, with its queue full: the kernel drops further SYNs
                ServerSocket silent = newListener(port, 1);
                listener = silent;
                for (int i = 0; i < 3; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                        backlogFillers.add(filler);
                    } catch (IOException full) {
                        filler.close();
                        break;
                    }
                }
            }
            if (next == Mode.RESET) {
                flows.forEach(Flow::reset);
            }
            if (next == Mode.PASS || next == Mode.RESET) {
                if (previous == Mode.REFUSE || previous == Mode.BLACKHOLE) {
                    closeListener();
                    listen(newListener(port, 50));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not switch the fault proxy to " + next, e);
        }
    }

    /** Silently blackholes every open flow (what a NAT does after losing its state), without changing the mode. */
    public void blackholeOpenFlows() {
        flows.forEach(f -> f.droppedIdle = true);
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeListener();
        flows.forEach(Flow::close);
    }

    private void closeListener() {
        ServerSocket current = listener;
        listener = null;
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        backlogFillers.forEach(FaultProxy::closeQuietly);
        backlogFillers.clear();
    }

    private static ServerSocket newListener(int port, int backlog) throws IOException {
        // a listener closed while its acceptor thread is blocked releases the port only once that thread wakes up
        for (int attempt = 0;; attempt++) {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            try {
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
                return socket;
            } catch (java.net.BindException e) {
                socket.close();
                if (attempt >= 50) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void listen(ServerSocket socket) {
        listener = socket;
        Thread acceptor = new Thread(() -> acceptLoop(socket), "fault-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop(ServerSocket socket) {
        while (!closed && !socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed by a mode change
            }
            if (mode == Mode.RESET) {
                reset(client);
                continue;
            }
            try {
                long delay = newFlowDelayMillis;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
            } catch (InterruptedException e) {
                closeQuietly(client);
                return;
            }
            try {
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                Flow flow = new Flow(client, server);
                flows.add(flow);
                flow.start();
            } catch (IOException e) {
                // the server is down: the client sees its connection closed, as it would through a real hop
                reset(client);
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** One client connection and its server connection. */
    private final class Flow {
        final Socket client;
        final Socket server;
        volatile long lastActivity = System.nanoTime();
        volatile boolean droppedIdle;

        Flow(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            relay(client, server, "up");
            relay(server, client, "down");
        }

        private void relay(Socket from, Socket to, String direction) {
            Thread thread = new Thread(() -> pump(from, to), "fault-proxy-" + port + "-" + direction);
            thread.setDaemon(true);
            thread.start();
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long now = System.nanoTime();
                    if (!droppedIdle && now - lastActivity > dropIdleAfterNanos) {
                        droppedIdle = true;
                    }
                    if (droppedIdle || mode == Mode.BLACKHOLE) {
                        continue; // swallowed: nobody on the other side ever hears of it
                    }
                    lastActivity = now;
                    out.write(buffer, 0, n);
                    out.flush();
                }
                // orderly close from one side: pass it on unless the flow is blackholed
                if (!droppedIdle && mode != Mode.BLACKHOLE) {
                    close();
                }
            } catch (IOException e) {
                if (!droppedIdle && mode != Mode.BLACKHOLE) {
                    close();
                }
            }
        }

        void reset() {
            FaultProxy.reset(client);
            FaultProxy.reset(server);
            flows.remove(this);
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
            flows.remove(this);
        }
    }
}
