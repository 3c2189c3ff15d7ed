package org.thermalcommons.edge.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Login throttling: an account is locked for {@code lockout} after {@code maxFailures} failed logins in a row (a
 * success resets the count), and one client address may try at most {@code perMinute} logins per minute whatever
 * the account. In memory, on the wall clock. Unknown usernames are counted like known ones, so a lock-out does not
 * tell an attacker which names exist.
 */
public final class LoginGuard {
    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration lockout;
    private final int perMinute;
    private final Map<String, Failures> byUser = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> byAddress = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong lockouts = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();

    private record Failures(int count, Instant lockedUntil) {
    }

    public LoginGuard(Clock clock, int maxFailures, Duration lockout, int perMinute) {
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.perMinute = perMinute;
    }

    /** Why a login may not even be tried now, if it may not. Counts the attempt against the address. */
    public Optional<String> refuse(String username, String address) {
        Instant now = clock.instant();
        Failures f = byUser.get(username);
        if (f != null && f.lockedUntil() != null && now.isBefore(f.lockedUntil())) {
            return Optional.of("account locked after " + maxFailures + " failed logins; try again after " + f.lockedUntil());
        }
        return refuseAddress(address);
    }

    /**
     * Why an attempt from this address may not be tried now (the per-minute limit), if it may not; counts it. For what
     * is not a login of one account, e.g. redeeming a reset link.
     */
    public Optional<String> refuseAddress(String address) {
        Instant now = clock.instant();
        if (byAddress.size() > MAX_TRACKED) {
            byAddress.clear();
        }
        Deque<Instant> recent = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(Duration.ofMinutes(1)))) {
                recent.pollFirst();
            }
            if (recent.size() >= perMinute) {
                throttled.incrementAndGet();
                return Optional.of("too many login attempts from this address; at most " + perMinute + " per minute");
            }
            recent.addLast(now);
        }
        return Optional.empty();
    }

    public void failed(String username) {
        failed.incrementAndGet();
        if (byUser.size() > MAX_TRACKED) {
            byUser.values().removeIf(f -> f.lockedUntil() == null);
        }
        Instant now = clock.instant();
        byUser.compute(username, (u, f) -> {
            int n = (f == null || (f.lockedUntil() != null && !now.isBefore(f.lockedUntil()))) ? 1 : f.count() + 1;
            if (n >= maxFailures) {
                lockouts.incrementAndGet();
                return new Failures(n, now.plus(lockout));
            }
            return new Failures(n, null);
        });
    }

    public void succeeded(String username) {
        byUser.remove(username);
    }

    public long failedLogins() {
        return failed.get();
    }

    public long lockouts() {
        return lockouts.get();
    }

    public long throttledLogins() {
        return throttled.get();
    }
}
