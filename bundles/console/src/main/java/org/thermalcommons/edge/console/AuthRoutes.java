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

/** Sign-in, the one-time first-admin setup, sign-out, and user management (admins). */
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
    private final Auditor audit;
    private final Clock clock;
    private final String dummyHash;

    AuthRoutes(UserStore users, PasswordHasher hasher, Sessions sessions, LoginGuard guard, SetupLink setup, Auditor audit,
               Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.guard = guard;
        this.setup = setup;
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
        r.add(Route.get("/users", ConsoleRole.ADMIN, c -> users.all().stream().map(AuthRoutes::view).toList()));
        r.add(Route.mutate("POST", "/users", ConsoleRole.ADMIN, this::createUser));
        r.add(Route.mutate("DELETE", "/users/{name}", ConsoleRole.ADMIN, this::deleteUser));
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
        Session s = sessions.open(name, u.get().role());
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
        ApiServlet.setSessionCookie(c.request(), c.response(), "", 0);
        return Map.of("signedOut", true);
    }

    private Object createUser(Call c) {
        Validation v = new Validation(c.body());
        v.only("username", "password", "role");
        String name = v.text("username", USERNAME, USERNAME_RULE);
        String password = v.text("password", PASSWORD, PASSWORD_RULE);
        String roleText = v.text("role", Pattern.compile("admin|installer|viewer"), "must be admin, installer or viewer");
        v.check();
        ConsoleRole role = ConsoleRole.parse(roleText).orElseThrow();
        User u = new User(name, role, hasher.hash(password.toCharArray()), clock.instant(), c.user().username());
        if (!users.insert(u)) {
            throw new ApiException(409, "user '" + name + "' exists already", Map.of("username", "is taken"));
        }
        audit.record(c.user(), "user:" + name, "created user " + name + " with role " + role.id());
        c.response().setStatus(201);
        return view(u);
    }

    private Object deleteUser(Call c) {
        String name = c.param(0);
        if (!USERNAME.matcher(name).matches()) {
            throw new ApiException(400, "user name " + USERNAME_RULE, Map.of("name", USERNAME_RULE));
        }
        User u = users.find(name).orElseThrow(() -> ApiException.notFound("no user '" + name + "'"));
        if (u.role() == ConsoleRole.ADMIN && users.countWithRole(ConsoleRole.ADMIN) <= 1) {
            throw new ApiException(409, "cannot delete the last admin");
        }
        users.delete(name);
        sessions.closeAll(name);
        audit.record(c.user(), "user:" + name, "deleted user " + name + " (" + u.role().id() + ")");
        return Map.of("deleted", name);
    }

    static Map<String, Object> view(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("role", u.role().id());
        m.put("created", u.created().toEpochMilli());
        m.put("createdBy", u.createdBy());
        return m;
    }
}
