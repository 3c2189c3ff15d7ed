package org.thermalcommons.edge.oem.heatpump.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.thermalcommons.edge.api.oem.OemAction;
import org.thermalcommons.edge.api.oem.OemResult;
import org.thermalcommons.edge.input.InputRejectedException;
import org.thermalcommons.edge.oem.heatpump.http.Reply.Answered;
import org.thermalcommons.edge.oem.heatpump.http.Reply.NoAnswer;

/**
 * Maps the vendor's answers to command outcomes:
 * <ul>
 *   <li>2xx: OK (send: accepted; verify: only when the state read back carries out the action, else RETRY);</li>
 *   <li>429: RETRY with the {@code Retry-After} wait (also for a 503 or other 5xx that sends one);</li>
 *   <li>5xx, 408, 425, no answer in time, connection failures: RETRY;</li>
 *   <li>other 4xx, 1xx and 3xx (redirects are not followed): REFUSED, with the status and an excerpt of the body;</li>
 *   <li>a 2xx body that is cut at the size limit or is not the JSON expected: RETRY (the answer is not trusted).</li>
 * </ul>
 * Every outcome's detail names the operation and the HTTP status; none carries the token.
 */
final class Outcomes {
    private final VendorProtocol protocol;
    private final AdapterCounters counters;
    private final Supplier<Instant> wallNow;
    private final int maxResponseBytes;
    /** The last exchange's trouble (no answer, 429, 5xx, an answer not understood); null after a good answer. */
    private volatile String trouble;
    /** The last state the device reported (verify or probe). */
    private volatile VendorProtocol.State lastState;

    Outcomes(VendorProtocol protocol, AdapterCounters counters, Supplier<Instant> wallNow, int maxResponseBytes) {
        this.protocol = protocol;
        this.counters = counters;
        this.wallNow = wallNow;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** Why the vendor API did not serve the last call, if it did not. */
    Optional<String> trouble() {
        return Optional.ofNullable(trouble);
    }

    OemResult afterSend(String what, Reply reply) {
        trouble = null;
        return mapSend(what, reply);
    }

    OemResult afterVerify(String what, OemAction want, Reply reply) {
        trouble = null;
        return mapVerify(what, want, reply);
    }

    /**
     * A health probe's read of the state: OK with the state, or RETRY / REFUSED with why. Any failure, a 4xx included
     * (a wrong token), is trouble for the adapter's health.
     */
    OemResult afterProbe(String what, Reply reply) {
        trouble = null;
        if (reply instanceof NoAnswer n) {
            return noAnswer(what, n);
        }
        Answered a = (Answered) reply;
        if (!success(a.status())) {
            return trouble(notSuccess(what, a));
        }
        if (a.truncated()) {
            return oversized(what, a);
        }
        try {
            VendorProtocol.State s = protocol.state(a.body());
            lastState = s;
            counters.answer("2xx");
            return OemResult.ok(what + ": " + s);
        } catch (InputRejectedException e) {
            return invalid(what, a, e);
        }
    }

    Optional<VendorProtocol.State> lastState() {
        return Optional.ofNullable(lastState);
    }

    /** No answer, 429, 5xx or an answer not understood: trouble with the API itself (a 4xx is the device's word). */
    private OemResult trouble(OemResult r) {
        trouble = r.detail();
        return r;
    }

    private OemResult mapSend(String what, Reply reply) {
        if (reply instanceof NoAnswer n) {
            return noAnswer(what, n);
        }
        Answered a = (Answered) reply;
        if (!success(a.status())) {
            return notSuccess(what, a);
        }
        if (a.truncated()) {
            return oversized(what, a);
        }
        if (a.body().length > 0) {
            try {
                protocol.parseAny(a.body(), what);
            } catch (InputRejectedException e) {
                return invalid(what, a, e);
            }
        }
        counters.answer("2xx");
        return OemResult.ok(what + ": HTTP " + a.status() + " accepted" + excerpt(a));
    }

    private OemResult mapVerify(String what, OemAction want, Reply reply) {
        if (reply instanceof NoAnswer n) {
            return noAnswer(what, n);
        }
        Answered a = (Answered) reply;
        if (!success(a.status())) {
            return notSuccess(what, a);
        }
        if (a.truncated()) {
            return oversized(what, a);
        }
        VendorProtocol.State s;
        try {
            s = protocol.state(a.body());
        } catch (InputRejectedException e) {
            return invalid(what, a, e);
        }
        counters.answer("2xx");
        lastState = s;
        if (protocol.matches(s, want)) {
            return OemResult.ok(what + ": " + s);
        }
        counters.notYet.increment();
        return OemResult.retry(what + ": device reports " + s + "; not yet " + want.verb()
                + Optional.ofNullable(want.parameters().get("dhwSetpointCelsius")).map(v -> " at " + v + " °C").orElse(""));
    }

    private OemResult notSuccess(String what, Answered a) {
        int s = a.status();
        String detail = what + ": HTTP " + s + excerpt(a);
        Optional<Duration> wait = RetryAfter.parse(a.retryAfter(), wallNow.get());
        if (s == 429) {
            counters.answer("429");
            return trouble(wait.map(w -> OemResult.retryAfter(detail + " (retry after " + w.toSeconds() + " s)", w))
                    .orElseGet(() -> OemResult.retry(detail + " (no usable Retry-After)")));
        }
        if (s >= 500 && s <= 599) {
            counters.answer("5xx");
            return trouble(wait.map(w -> OemResult.retryAfter(detail + " (retry after " + w.toSeconds() + " s)", w))
                    .orElseGet(() -> OemResult.retry(detail)));
        }
        if (s == 408 || s == 425) {
            counters.answer("4xx");
            return OemResult.retry(detail);
        }
        if (s >= 400 && s <= 499) {
            counters.answer("4xx");
            return OemResult.refused(detail + (s == 401 || s == 403 ? " (check the adapter's token)" : ""));
        }
        counters.answer("other");
        return OemResult.refused(detail + (s >= 300 && s <= 399 ? " (redirects are not followed: check baseUrl)" : ""));
    }

    private OemResult noAnswer(String what, NoAnswer n) {
        counters.answer(switch (n.failure()) {
            case TIMEOUT -> "timeout";
            case UNREACHABLE -> "unreachable";
            case STOPPED -> "stopped";
        });
        return trouble(OemResult.retry(what + ": " + n.message()));
    }

    private OemResult oversized(String what, Answered a) {
        counters.answer("invalid");
        counters.rejections.count("max-size");
        return trouble(OemResult.retry(what + ": HTTP " + a.status() + " answer longer than " + maxResponseBytes
                + " bytes (not read further, not trusted)"));
    }

    private OemResult invalid(String what, Answered a, InputRejectedException e) {
        counters.answer("invalid");
        counters.rejections.count(e);
        return trouble(OemResult.retry(what + ": HTTP " + a.status() + " answer not understood: "
                + Excerpt.of(e.getMessage(), 240)));
    }

    private static boolean success(int status) {
        return status >= 200 && status <= 299;
    }

    private static String excerpt(Answered a) {
        String e = Excerpt.of(a.body(), a.truncated());
        return e.isEmpty() ? "" : " " + e;
    }
}
