package org.thermalcommons.edge.oem.heatpump.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.thermalcommons.edge.oem.heatpump.http.Reply.Failure;

/**
 * One vendor API's HTTP exchanges, each bounded as a whole by the call timeout (connect, answer and body) and in size
 * by {@link BoundedBody}. Sends the bearer token on every request and never anywhere else (not in messages). A
 * stopped client ends the exchanges in flight at once ({@link Failure#STOPPED}): the command log sends them again.
 */
final class VendorClient {
    private final AdapterOptions options;
    private final HttpClient http;
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    VendorClient(AdapterOptions options, HttpClient http) {
        this.options = options;
        this.http = http;
    }

    /** {@code method path} with an optional JSON body; blocks at most the call timeout; honours interruption. */
    Reply exchange(String method, String path, Optional<byte[]> json) throws InterruptedException {
        if (stopped) {
            return new Reply.NoAnswer(Failure.STOPPED, "adapter stopped");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(options.resolve(path))
                .timeout(options.callTimeout())
                .header("Authorization", "Bearer " + options.token())
                .header("Accept", "application/json");
        if (json.isPresent()) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json.get()));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        CompletableFuture<HttpResponse<BoundedBody.Bytes>> f = http.sendAsync(b.build(),
                info -> new BoundedBody(options.maxResponseBytes()));
        inFlight.add(f);
        try {
            if (stopped) {
                f.cancel(true);
            }
            HttpResponse<BoundedBody.Bytes> r = f.get(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return new Reply.Answered(r.statusCode(), r.headers().firstValue("Retry-After"), r.body().bytes(),
                    r.body().truncated());
        } catch (TimeoutException e) {
            f.cancel(true);
            return timeout();
        } catch (CancellationException e) {
            return new Reply.NoAnswer(Failure.STOPPED, "adapter stopped");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (stopped || cause instanceof CancellationException) {
                return new Reply.NoAnswer(Failure.STOPPED, "adapter stopped");
            }
            if (cause instanceof HttpTimeoutException) {
                return timeout();
            }
            if (cause instanceof ConnectException) {
                return new Reply.NoAnswer(Failure.UNREACHABLE, "cannot connect to " + options.baseUri().getAuthority()
                        + ": " + describe(cause));
            }
            if (cause instanceof IOException) {
                return new Reply.NoAnswer(Failure.UNREACHABLE, "exchange with " + options.baseUri().getAuthority()
                        + " failed: " + describe(cause));
            }
            return new Reply.NoAnswer(Failure.UNREACHABLE, "exchange failed: " + describe(cause));
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } finally {
            inFlight.remove(f);
        }
    }

    /** Ends the exchanges in flight and refuses new ones. */
    void stop() {
        stopped = true;
        inFlight.forEach(f -> f.cancel(true));
    }

    private Reply timeout() {
        return new Reply.NoAnswer(Failure.TIMEOUT, "no answer from " + options.baseUri().getAuthority() + " within "
                + options.callTimeout().toMillis() + " ms");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + Excerpt.of(m, 160));
    }
}
