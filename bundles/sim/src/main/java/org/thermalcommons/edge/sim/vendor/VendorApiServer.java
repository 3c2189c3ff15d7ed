package org.thermalcommons.edge.sim.vendor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.thermalcommons.edge.sim.vendor.VendorExchange.Answer;

/**
 * The simulated vendor API on its own Jetty 12 listener, bound to loopback (embedded privately in the sim bundle,
 * independent of the console's HTTP service). Reads at most {@code maxBodyBytes} of a request body (a declared longer
 * one is not read at all), hands the request to {@link VendorDevice}, and sends its answer after the answer's delay
 * from a scheduler, so a slow answer holds no server thread.
 */
final class VendorApiServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final VendorDevice device;
    private final ScheduledExecutorService delays;

    VendorApiServer(String host, int port, VendorDevice device, ScheduledExecutorService delays) {
        this.device = device;
        this.delays = delays;
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("cool-edge-sim-vendor-api");
        threads.setDaemon(true);
        server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(8 * 1024);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws IOException {
                serve(request, response, callback);
                return true;
            }
        });
    }

    void start() throws Exception {
        server.start();
    }

    /** The port it listens on (the one the OS chose when configured with 0). */
    int port() {
        return connector.getLocalPort();
    }

    private void serve(Request request, Response response, Callback callback) throws IOException {
        int max = device.settings().maxBodyBytes();
        long declared = request.getLength();
        byte[] read = new byte[0];
        if (declared <= max) {
            try (InputStream in = Content.Source.asInputStream(request)) {
                read = in.readNBytes(max + 1);
            }
        }
        boolean tooLarge = declared > max || read.length > max;
        byte[] body = tooLarge ? new byte[0] : read;
        Answer a = device.handle(new VendorExchange.Request(request.getMethod(), Request.getPathInContext(request),
                Optional.ofNullable(request.getHeaders().get(HttpHeader.AUTHORIZATION)),
                Optional.ofNullable(request.getHeaders().get(HttpHeader.CONTENT_TYPE)), body, tooLarge));
        Runnable send = () -> {
            response.setStatus(a.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            if (tooLarge) {
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            Content.Sink.write(response, true, a.json(), callback);
        };
        if (a.delay().isZero()) {
            send.run();
            return;
        }
        try {
            delays.schedule(send, a.delay().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            callback.failed(e); // shutting down
        }
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
