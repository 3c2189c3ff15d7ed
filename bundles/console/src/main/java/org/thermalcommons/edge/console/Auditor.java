package org.thermalcommons.edge.console;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.console.auth.Session;
import org.thermalcommons.edge.console.live.LiveHub;

/**
 * Every change made through the console: to the audit log (category {@code console}, who and what in the message),
 * to the gateway log, and to the live stream. Without a store the event still reaches the log and the stream.
 */
public final class Auditor {
    public static final String CATEGORY = "console";
    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

    private final Gateway gateway;
    private final LiveHub hub;
    private final Clock clock;

    Auditor(Gateway gateway, LiveHub hub, Clock clock) {
        this.gateway = gateway;
        this.hub = hub;
        this.clock = clock;
    }

    public void record(Session who, String subject, String what) {
        record(who.username() + " (" + who.role().id() + ")", subject, what);
    }

    public void record(String who, String subject, String what) {
        AuditEvent e = new AuditEvent(clock.instant(), CATEGORY, subject, who + ": " + what);
        LOG.info("Console audit: {} {}", subject, e.message());
        gateway.audit().ifPresentOrElse(a -> a.record(e),
                () -> LOG.warn("Console audit: no store installed; '{}' is only in this log", e.message()));
        hub.publish("audit", view(e));
    }

    static Map<String, Object> view(AuditEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toEpochMilli());
        m.put("category", e.category());
        m.put("subject", e.subject());
        m.put("message", e.message());
        return m;
    }
}
