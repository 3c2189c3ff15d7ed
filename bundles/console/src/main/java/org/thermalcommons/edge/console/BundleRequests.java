package org.thermalcommons.edge.console;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.console.http.ApiException;

/**
 * The Bundles page's requests to the deployment manager (install, uninstall, rollback), which answer later: each is
 * pending until the manager's step ends, then done with the event (or the error) that ended it. At most
 * {@code maxPending} run at once (each upload holds a temporary file); the last {@code KEEP} done are kept for the page.
 */
final class BundleRequests {
    private static final int KEEP = 20;

    /** One request: what, on what, by whom, since when, and how it ended. */
    record Request(long id, String action, String target, String by, Instant started, Optional<Instant> ended,
                   Optional<DeploymentEvent> event, Optional<String> error) {
        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("action", action);
            m.put("target", target);
            m.put("by", by);
            m.put("started", started.toEpochMilli());
            m.put("status", ended.isEmpty() ? "pending" : event.isPresent() ? "done" : "error");
            ended.ifPresent(e -> m.put("ended", e.toEpochMilli()));
            event.ifPresent(e -> m.put("event", BundleRoutes.view(e)));
            error.ifPresent(e -> m.put("error", e));
            return m;
        }
    }

    /** Told when a request ends (on the manager's thread). */
    interface Ended {
        void ended(Request r);
    }

    private final Clock clock;
    private final int maxPending;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, Request> pending = new LinkedHashMap<>();
    private final ArrayDeque<Request> done = new ArrayDeque<>();

    BundleRequests(Clock clock, int maxPending) {
        this.clock = clock;
        this.maxPending = maxPending;
    }

    /** Reserves a slot, or refuses with 429 when {@code maxPending} requests are running. */
    synchronized long reserve(String action, String target, String by) {
        if (pending.size() >= maxPending) {
            throw new ApiException(429, maxPending + " bundle requests are still running; wait for one to end [rule too-many-requests]");
        }
        long id = ids.incrementAndGet();
        pending.put(id, new Request(id, action, target, by, clock.instant(), Optional.empty(), Optional.empty(), Optional.empty()));
        return id;
    }

    /** Gives up a reserved slot that never reached the manager. */
    synchronized void release(long id) {
        pending.remove(id);
    }

    /** Follows the manager's answer to the reserved request {@code id}. */
    Map<String, Object> follow(long id, CompletionStage<DeploymentEvent> step, Ended ended) {
        Map<String, Object> view;
        synchronized (this) {
            view = pending.get(id).view();
        }
        step.whenComplete((event, error) -> {
            Request r;
            synchronized (this) {
                Request p = pending.remove(id);
                r = new Request(id, p.action(), p.target(), p.by(), p.started(), Optional.of(clock.instant()),
                        Optional.ofNullable(event), error == null ? Optional.empty() : Optional.of(message(error)));
                done.addFirst(r);
                while (done.size() > KEEP) {
                    done.removeLast();
                }
            }
            ended.ended(r);
        });
        return view;
    }

    private static String message(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    /** Pending requests first (oldest first), then the done ones, newest first. */
    synchronized List<Map<String, Object>> views() {
        List<Map<String, Object>> out = new ArrayList<>();
        pending.values().forEach(r -> out.add(r.view()));
        done.forEach(r -> out.add(r.view()));
        return out;
    }
}
