package org.thermalcommons.edge.console;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.auth.Session;
import org.thermalcommons.edge.console.live.LiveHub;

/**
 * Every change made through the console: to the audit log (category {@code console}, who and what in the message, the
 * username as the event's actor for the per-user audit view),
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

    /** What a signed-in user did: the event's actor is their username. */
    public void record(Session who, String subject, String what) {
        recordAs(who.username(), who.role(), subject, what);
    }

    /** What a user did outside a session (e.g. through a reset link): the event's actor is {@code username}. */
    public void recordAs(String username, ConsoleRole role, String subject, String what) {
        write(new AuditEvent(clock.instant(), CATEGORY, subject, username + " (" + role.id() + "): " + what,
                Optional.of(username)));
    }

    /** What the console did by itself ({@code who} names the part, e.g. {@code console}): no actor. */
    public void record(String who, String subject, String what) {
        write(new AuditEvent(clock.instant(), CATEGORY, subject, who + ": " + what));
    }

    private void write(AuditEvent e) {
        LOG.info("Console audit: {} {}", e.subject(), e.message());
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
        e.actor().ifPresent(a -> m.put("actor", a));
        return m;
    }
}
