package org.thermalcommons.edge.oem;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.oem.OemAdapter;
import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;
import org.thermalcommons.edge.api.oem.OemResult;

/**
 * The lifecycle of one device's commands, one command at a time, oldest first. Each step reads the device's oldest
 * unfinished command from the log, decides the next move, makes it durable (a compare-and-set on the state) and only
 * then calls the adapter. Steps never overlap: {@link #wake} runs at most one drain at a time on the timer.
 *
 * <pre>
 * PENDING ──send──> SENT ──OK──> ACKNOWLEDGED ──verifyDelay, verify OK──> VERIFIED ──> COMPLETED
 *    ^               │ RETRY, timeout            │ verify RETRY: re-send (idempotent)
 *    └── back-off ───┴───────────────────────────┘
 * FAILED: refused, out of attempts, expired, superseded (at submit), no such verb
 * </pre>
 */
final class DeviceWorker {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceWorker.class);

    record Deps(CommandLog log, Timer timer, Settings settings, Supplier<Instant> clock, Events events,
                DoubleSupplier random, Counters counters) {
    }

    final String device;
    private final Deps d;
    final Breaker breaker;
    private final RateWindows rate = new RateWindows();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean dirty;
    private volatile OemAdapter adapter;
    /** Earliest wall time of the next move per command (back-off, verification delay); lost on restart by design. */
    private final Map<String, Long> notBefore = new HashMap<>();
    private long wakeAt = Long.MAX_VALUE;
    /** Unfinished commands of the device at the last step (for health, without I/O). */
    private volatile int open;

    DeviceWorker(String device, Deps deps) {
        this.device = device;
        this.d = deps;
        this.breaker = new Breaker(deps.settings().breakerFailures(), deps.settings().breakerCoolDown(),
                (from, to, why) -> deps.events().breaker(device, from, to, why));
    }

    void adapter(OemAdapter a) {
        adapter = a;
        wake();
    }

    int open() {
        return open;
    }

    Optional<OemAdapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /** Asks for a step soon (a new command, an adapter bound, a delay over). Never blocks. */
    void wake() {
        dirty = true;
        if (running.compareAndSet(false, true)) {
            d.timer().schedule(this::drain, Duration.ZERO);
        }
    }

    private void drain() {
        try {
            while (dirty) {
                dirty = false;
                try {
                    step();
                } catch (SQLException e) {
                    d.counters().logErrors.increment();
                    LOG.error("oem {}: command log failed ({}); the step is tried again in {} ms", device, e.getMessage(),
                            d.settings().retryMax().toMillis());
                    later(d.timer().nowMillis() + d.settings().retryMax().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            running.set(false);
            if (dirty && !Thread.currentThread().isInterrupted() && running.compareAndSet(false, true)) {
                d.timer().schedule(this::drain, Duration.ZERO);
            }
        }
    }

    private void step() throws SQLException, InterruptedException {
        List<CommandLog.Entry> unfinished = d.log().unfinished(device);
        open = unfinished.size();
        if (unfinished.isEmpty()) {
            return;
        }
        CommandLog.Entry e = unfinished.get(0);
        OemCommand c = e.command();
        long now = d.timer().nowMillis();
        if (now - e.createdWallMillis() > d.settings().maxAge().toMillis()) {
            fail(c, "expired: not completed within " + d.settings().maxAge().toSeconds() + " s (was " + c.state()
                    + " after " + c.attempts() + " attempts" + c.reason().map(r -> ", last: " + r).orElse("") + ")");
            return;
        }
        if (c.state() == OemCommandState.VERIFIED) {
            move(c, OemCommandState.COMPLETED, c.attempts(), c.reason());
            return;
        }
        OemAdapter a = adapter;
        if (a == null) {
            return; // woken again when an adapter for the device is bound
        }
        if (!a.actions().contains(c.action().verb())) {
            fail(c, "refused: the adapter for " + device + " does not declare action '" + c.action().verb() + "'");
            return;
        }
        boolean verifying = c.state() == OemCommandState.ACKNOWLEDGED;
        if (!verifying && c.attempts() >= d.settings().maxAttempts()) {
            fail(c, "out of attempts (" + c.attempts() + ")" + c.reason().map(r -> ", last: " + r).orElse(""));
            return;
        }
        Long due = notBefore.get(c.id());
        if (due == null && verifying) {
            due = now + a.verifyDelay().toMillis(); // resumed after a restart: verify after the adapter's delay
            notBefore.put(c.id(), due);
        }
        long wait = Math.max(due == null ? 0 : due - now, breaker.waitMillis(now));
        if (wait > 0) {
            later(now + wait);
            return;
        }
        long rateWait = rate.waitMillis(a.rateLimits(), now);
        if (rateWait > 0) {
            d.counters().rateLimited.increment();
            LOG.debug("oem {}: rate limit, command {} waits {} ms", device, c.id(), rateWait);
            later(now + rateWait);
            return;
        }
        notBefore.remove(c.id());
        rate.record(now);
        if (verifying) {
            verify(a, c);
        } else {
            send(a, c);
        }
        dirty = true;
    }

    private void send(OemAdapter a, OemCommand c) throws SQLException, InterruptedException {
        int attempts = c.attempts() + 1;
        // Durable before the call: after a crash during the call the command is SENT and is sent again (idempotent).
        OemCommand sent = move(c, OemCommandState.SENT, attempts, c.reason());
        if (sent == null) {
            return; // superseded meanwhile
        }
        d.counters().sends.increment();
        OemResult r = call(a, true, sent);
        long now = d.timer().nowMillis();
        switch (r.outcome()) {
            case OK -> {
                breaker.success();
                if (move(sent, OemCommandState.ACKNOWLEDGED, attempts, Optional.of(r.detail())) != null) {
                    notBefore.put(c.id(), now + a.verifyDelay().toMillis());
                }
            }
            case REFUSED -> {
                breaker.success(); // the device answered
                fail(sent, "refused: " + r.detail());
            }
            case RETRY -> retry(sent, attempts, r, now, "send");
        }
    }

    private void verify(OemAdapter a, OemCommand c) throws SQLException, InterruptedException {
        d.counters().verifies.increment();
        OemResult r = call(a, false, c);
        long now = d.timer().nowMillis();
        switch (r.outcome()) {
            case OK -> {
                breaker.success();
                OemCommand v = move(c, OemCommandState.VERIFIED, c.attempts(), Optional.of(r.detail()));
                if (v != null) {
                    move(v, OemCommandState.COMPLETED, v.attempts(), v.reason());
                }
            }
            case REFUSED -> {
                breaker.success();
                fail(c, "verification refused: " + r.detail());
            }
            // Not (yet) at the device: send again (adapters are idempotent) after a back-off.
            case RETRY -> retry(c, c.attempts(), r, now, "verify");
        }
    }

    private void retry(OemCommand c, int attempts, OemResult r, long now, String what) throws SQLException {
        breaker.failure(now, r.detail());
        if (attempts >= d.settings().maxAttempts()) {
            fail(c, "out of attempts (" + attempts + "), last " + what + ": " + r.detail());
            return;
        }
        long wait = Math.max(d.settings().backoffMillis(attempts, d.random().getAsDouble()),
                r.retryAfter().map(Duration::toMillis).orElse(0L));
        if (move(c, OemCommandState.PENDING, attempts, Optional.of(what + " to retry in " + wait + " ms: " + r.detail()))
                != null) {
            d.counters().retries.increment();
            notBefore.put(c.id(), now + wait);
        }
    }

    private OemResult call(OemAdapter a, boolean send, OemCommand c) throws InterruptedException {
        try {
            OemResult r = d.timer().call(() -> send ? a.send(c.action()) : a.verify(c.action()), a.callTimeout());
            return r == null ? OemResult.retry("the adapter returned no result") : r;
        } catch (TimeoutException e) {
            d.counters().timeouts.increment();
            return OemResult.retry((send ? "send" : "verify") + " timed out after " + a.callTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return OemResult.retry("the adapter threw " + e);
        }
    }

    private void fail(OemCommand c, String reason) throws SQLException {
        notBefore.remove(c.id());
        move(c, OemCommandState.FAILED, c.attempts(), Optional.of(reason));
    }

    /** Durable compare-and-set; returns the command as it is now, or null when it was no longer in its state. */
    private OemCommand move(OemCommand c, OemCommandState to, int attempts, Optional<String> reason) throws SQLException {
        Instant at = d.clock().get();
        Optional<String> why = reason.map(CommandLog::clip);
        if (!d.log().move(c.id(), c.state(), to, attempts, why, at)) {
            dirty = true;
            return null;
        }
        OemCommand now = new OemCommand(c.id(), c.deviceId(), c.action(), c.requestedBy(), to, attempts, why,
                c.createdAt(), at);
        d.events().transition(now, Optional.of(c.state()));
        if (to.terminal()) {
            notBefore.remove(c.id());
        }
        return now;
    }

    /** Schedules a wake at {@code at} (wall ms) unless one at or before it is already scheduled. */
    private synchronized void later(long at) {
        if (at >= wakeAt && wakeAt > d.timer().nowMillis()) {
            return;
        }
        wakeAt = at;
        d.timer().schedule(() -> {
            synchronized (this) {
                if (wakeAt == at) {
                    wakeAt = Long.MAX_VALUE;
                }
            }
            wake();
        }, Duration.ofMillis(Math.max(0, at - d.timer().nowMillis())));
    }
}
