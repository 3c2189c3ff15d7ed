package org.thermalcommons.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.auth.LoginGuard;
import org.thermalcommons.edge.console.auth.PasswordHasher;
import org.thermalcommons.edge.console.auth.ResetLinks;
import org.thermalcommons.edge.console.auth.Session;
import org.thermalcommons.edge.console.auth.Sessions;
import org.thermalcommons.edge.console.auth.SetupLink;
import org.thermalcommons.edge.console.auth.User;
import org.thermalcommons.edge.console.auth.UserStore;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.ApiServlet;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;

/**
 * Sign-in, the one-time first-admin setup, sign-out, a password reset through a one-time link, and a user's change of
 * their own password. User management (admins) is in {@link UserRoutes}.
 */
final class AuthRoutes {
    static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,32}");
    static final String USERNAME_RULE = "must be 3-32 characters of a-z, 0-9, '.', '_' or '-'";
    static final Pattern PASSWORD = Pattern.compile("(?s).{12,128}");
    static final String PASSWORD_RULE = "must be 12-128 characters";
    static final Pattern ANY_SHORT = Pattern.compile("(?s).{1,128}");

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final LoginGuard guard;
    private final SetupLink setup;
    private final ResetLinks resets;
    private final Auditor audit;
    private final Clock clock;
    private final String dummyHash;

    AuthRoutes(UserStore users, PasswordHasher hasher, Sessions sessions, LoginGuard guard, SetupLink setup, ResetLinks resets,
               Auditor audit, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.guard = guard;
        this.setup = setup;
        this.resets = resets;
        this.audit = audit;
        this.clock = clock;
        this.dummyHash = hasher.hash("not-a-password".toCharArray());
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(Route.open("GET", "/session", false, this::session));
        r.add(Route.open("POST", "/setup", true, this::setup));
        r.add(Route.open("POST", "/login", true, this::login));
        r.add(Route.mutate("POST", "/logout", ConsoleRole.VIEWER, this::logout));
        r.add(Route.open("POST", "/reset", true, this::reset));
        r.add(Route.mutate("POST", "/account/password", ConsoleRole.VIEWER, this::changePassword));
        return r;
    }

    private Object session(Call c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("authenticated", c.session().isPresent());
        m.put("setupRequired", setup.pending());
        c.session().ifPresent(s -> {
            m.put("user", s.username());
            m.put("role", s.role().id());
            m.put("csrf", s.csrfToken());
        });
        return m;
    }

    private Object setup(Call c) {
        JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("token", "username", "password");
        String token = v.text("token", ANY_SHORT, "must be the token of the setup link");
        String name = v.text("username", USERNAME, USERNAME_RULE);
        String password = v.text("password", PASSWORD, PASSWORD_RULE);
        v.check();
        if (!setup.consume(token)) {
            throw ApiException.forbidden("the setup link is not valid (used already, or the gateway restarted: see its log for the current link)");
        }
        User admin = new User(name, ConsoleRole.ADMIN, hasher.hash(password.toCharArray()), clock.instant(), "setup-link");
        if (!users.insertFirst(admin)) {
            throw ApiException.forbidden("an account exists already; setup is closed");
        }
        Session s = sessions.open(name, ConsoleRole.ADMIN);
        audit.record(s, "user:" + name, "created the first admin account through the one-time setup link (link now void)");
        return signedIn(c, s);
    }

    private Object login(Call c) {
        JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("username", "password");
        String name = v.text("username", ANY_SHORT, "is required");
        String password = v.text("password", ANY_SHORT, "is required");
        v.check();
        Optional<String> refused = guard.refuse(name, c.clientAddress());
        if (refused.isPresent()) {
            throw new ApiException(429, refused.get());
        }
        Optional<User> u = users.find(name);
        // Hash even for an unknown name, so timing does not tell which names exist.
        boolean ok = u.map(x -> hasher.verify(password.toCharArray(), x.passwordHash()))
                .orElseGet(() -> hasher.verify(password.toCharArray(), dummyHash) && false);
        if (!ok) {
            guard.failed(name);
            throw new ApiException(401, "wrong username or password");
        }
        guard.succeeded(name);
        if (!u.get().enabled()) {
            throw ApiException.forbidden("account '" + name + "' is disabled: an admin can enable it again");
        }
        Session s = sessions.open(name, u.get().role());
        audit.record(s, "user:" + name, "signed in from " + c.clientAddress());
        return signedIn(c, s);
    }

    private Object signedIn(Call c, Session s) {
        ApiServlet.setSessionCookie(c.request(), c.response(), s.id(), sessions.absoluteLifetime().toSeconds());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", s.username());
        m.put("role", s.role().id());
        m.put("csrf", s.csrfToken());
        return m;
    }

    private Object logout(Call c) {
        sessions.close(c.user().id());
        audit.record(c.user(), "user:" + c.user().username(), "signed out");
        ApiServlet.setSessionCookie(c.request(), c.response(), "", 0);
        return Map.of("signedOut", true);
    }

    /** The reset link's page: sets the account's password; every session of the account ends. Signs nobody in. */
    private Object reset(Call c) {
        Validation v = new Validation(c.body());
        v.only("token", "password");
        String token = v.text("token", ANY_SHORT, "must be the token of the reset link");
        String password = v.text("password", PASSWORD, PASSWORD_RULE);
        v.check();
        Optional<String> refused = guard.refuseAddress(c.clientAddress());
        if (refused.isPresent()) {
            throw new ApiException(429, refused.get());
        }
        ResetLinks.Outcome o = resets.redeem(token, hasher.hash(password.toCharArray()));
        if (o instanceof ResetLinks.Refused r) {
            throw ApiException.forbidden(r.why());
        }
        UserStore.ResetLink link = ((ResetLinks.Redeemed) o).link();
        String name = link.username();
        int ended = sessions.closeAll(name);
        guard.succeeded(name);
        ConsoleRole role = users.find(name).map(User::role).orElse(ConsoleRole.VIEWER);
        audit.recordAs(name, role, "user:" + name, "set a new password through the one-time reset link issued by "
                + link.issuedBy() + " at " + link.issued() + " (link now void; " + ended + " session(s) ended)");
        return Map.of("username", name, "passwordSet", true);
    }

    /** A signed-in user's own new password (the current one required); their other sessions end. */
    private Object changePassword(Call c) {
        Validation v = new Validation(c.body());
        v.only("current", "password");
        String current = v.text("current", ANY_SHORT, "is required");
        String password = v.text("password", PASSWORD, PASSWORD_RULE);
        v.check();
        Session s = c.user();
        User u = users.find(s.username()).orElseThrow(() -> new ApiException(401, "the account is gone; sign in again"));
        if (!hasher.verify(current.toCharArray(), u.passwordHash())) {
            guard.failed(s.username());
            throw new ApiException(400, "invalid request: the current password is wrong", Map.of("current", "is wrong"));
        }
        users.setPassword(s.username(), hasher.hash(password.toCharArray()), clock.instant());
        sessions.closeOthers(s.username(), s.id());
        audit.record(s, "user:" + s.username(), "changed their own password (their other sessions ended)");
        return Map.of("username", s.username(), "passwordSet", true);
    }
}
