package org.thermalcommons.edge.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time password reset links, modelled on the {@link SetupLink}: an admin asks for one for an account and hands it
 * over; opening it lets the account's holder set a new password. The token is 256 random bits and only its SHA-256 is
 * stored (in {@code console.db}, so a link survives a restart); it expires after {@code lifetime}, is void once used
 * (even by an attempt that came too late) and when a newer link for the same account is issued. Expiry runs on the
 * injected clock.
 */
public final class ResetLinks {
    private final UserStore users;
    private final Clock clock;
    private final Duration lifetime;

    /** A new link: the token (shown once, never stored) and its expiry. */
    public record Issued(String username, String token, Instant expires) {
    }

    /** What redeeming a token did. */
    public sealed interface Outcome permits Redeemed, Refused {
    }

    /** The password was set. */
    public record Redeemed(UserStore.ResetLink link) implements Outcome {
    }

    /** Nothing was changed, because {@code why}. */
    public record Refused(String why) implements Outcome {
    }

    public ResetLinks(UserStore users, Clock clock, Duration lifetime) {
        this.users = users;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Issues a link for an existing account; its earlier link, if any, is void from now on. */
    public Issued issue(String username, String by) {
        String token = Tokens.random();
        Instant now = clock.instant();
        UserStore.ResetLink link = new UserStore.ResetLink(username, by, now, now.plus(lifetime));
        users.saveResetLink(link, Tokens.sha256(token));
        return new Issued(username, token, link.expires());
    }

    /** The account's pending link, if it has one that has not expired. */
    public Optional<UserStore.ResetLink> pending(String username) {
        Instant now = clock.instant();
        return users.resetLink(username).filter(l -> now.isBefore(l.expires()));
    }

    /** Sets the password of the link's account to {@code newHash} if {@code token} is a live link; voids the link. */
    public Outcome redeem(String token, String newHash) {
        Instant now = clock.instant();
        Optional<UserStore.ResetLink> link = users.redeem(Tokens.sha256(token), now, newHash);
        if (link.isEmpty()) {
            return new Refused("the reset link is not valid (used already, replaced by a newer one, or the account was "
                    + "disabled or deleted): ask an admin for a new one");
        }
        if (!now.isBefore(link.get().expires())) {
            return new Refused("the reset link expired at " + link.get().expires() + ": ask an admin for a new one");
        }
        return new Redeemed(link.get());
    }
}
