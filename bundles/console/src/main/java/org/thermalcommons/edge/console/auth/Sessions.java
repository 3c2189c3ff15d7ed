package org.thermalcommons.edge.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory (a restart signs everyone out). Times come from the wall clock, never the gateway
 * clock: a simulated building running at 60x must not expire sessions 60 times faster.
 */
public final class Sessions {
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idle;
    private final Duration absolute;
    private final int maxSessions;

    public Sessions(Clock clock, Duration idle, Duration absolute, int maxSessions) {
        this.clock = clock;
        this.idle = idle;
        this.absolute = absolute;
        this.maxSessions = maxSessions;
    }

    public Duration absoluteLifetime() {
        return absolute;
    }

    /** Opens a session; the oldest one goes when there are too many. */
    public Session open(String username, ConsoleRole role) {
        Instant now = clock.instant();
        expire(now);
        while (byId.size() >= maxSessions) {
            byId.values().stream().min((a, b) -> a.lastSeen().compareTo(b.lastSeen()))
                    .ifPresent(s -> byId.remove(s.id()));
        }
        Session s = new Session(Tokens.random(), username, role, Tokens.random(), now, now);
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this id, its idle timer restarted; empty when unknown or expired. */
    public Optional<Session> touch(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        Session t = s.touched(now);
        byId.replace(id, s, t);
        return Optional.of(t);
    }

    /** Whether the session is still live, without restarting its idle timer (for long-lived streams). */
    public boolean live(String id) {
        Session s = byId.get(id);
        return s != null && !expired(s, clock.instant());
    }

    public void close(String id) {
        byId.remove(id);
    }

    /** Signs a user out everywhere (account deleted or disabled, password reset); returns how many sessions ended. */
    public int closeAll(String username) {
        int before = byId.size();
        byId.values().removeIf(s -> s.username().equals(username));
        return Math.max(0, before - byId.size());
    }

    /** Signs a user out everywhere but in the session {@code keep} (their own password change). */
    public void closeOthers(String username, String keep) {
        byId.values().removeIf(s -> s.username().equals(username) && !s.id().equals(keep));
    }

    /** Gives every session of a user a new role: it applies from their next request on. */
    public void reassign(String username, ConsoleRole role) {
        byId.replaceAll((id, s) -> s.username().equals(username) ? s.withRole(role) : s);
    }

    public int count() {
        return byId.size();
    }

    private boolean expired(Session s, Instant now) {
        return now.isAfter(s.lastSeen().plus(idle)) || now.isAfter(s.created().plus(absolute));
    }

    private void expire(Instant now) {
        byId.values().removeIf(s -> expired(s, now));
    }
}
