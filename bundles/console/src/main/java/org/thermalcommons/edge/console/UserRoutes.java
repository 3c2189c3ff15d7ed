package org.thermalcommons.edge.console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.auth.PasswordHasher;
import org.thermalcommons.edge.console.auth.ResetLinks;
import org.thermalcommons.edge.console.auth.Sessions;
import org.thermalcommons.edge.console.auth.User;
import org.thermalcommons.edge.console.auth.UserStore;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;

/**
 * User management (admins): list, create, delete, change a role, disable and enable, issue a one-time password reset
 * link, and one user's audit trail (what they did, newest first, paged). The gateway always keeps an enabled admin:
 * the last one cannot be disabled, demoted or deleted. A change that takes rights away applies at once: disabling or
 * deleting ends the account's sessions, a new role is given to its live sessions.
 */
final class UserRoutes {
    static final Pattern ROLE = Pattern.compile("admin|installer|viewer");
    static final String ROLE_RULE = "must be admin, installer or viewer";
    static final String LAST_ADMIN_RULE = "the gateway must keep at least one enabled admin: make another user admin first";
    /** The most audit events one page of a user's trail shows. */
    static final int MAX_PAGE = 200;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Sessions sessions;
    private final ResetLinks resets;
    private final Auditor audit;
    private final Gateway gateway;
    private final Clock clock;

    UserRoutes(UserStore users, PasswordHasher hasher, Sessions sessions, ResetLinks resets, Auditor audit, Gateway gateway,
               Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.resets = resets;
        this.audit = audit;
        this.gateway = gateway;
        this.clock = clock;
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<>();
        r.add(Route.get("/users", ConsoleRole.ADMIN, c -> users.all().stream().map(this::view).toList()));
        r.add(Route.mutate("POST", "/users", ConsoleRole.ADMIN, this::create));
        r.add(Route.mutate("DELETE", "/users/{name}", ConsoleRole.ADMIN, this::delete));
        r.add(Route.mutate("PUT", "/users/{name}/role", ConsoleRole.ADMIN, this::role));
        r.add(Route.mutate("POST", "/users/{name}/disable", ConsoleRole.ADMIN, c -> enable(c, false)));
        r.add(Route.mutate("POST", "/users/{name}/enable", ConsoleRole.ADMIN, c -> enable(c, true)));
        r.add(Route.mutate("POST", "/users/{name}/reset", ConsoleRole.ADMIN, this::reset));
        r.add(Route.get("/users/{name}/audit", ConsoleRole.ADMIN, this::trail));
        return r;
    }

    private Object create(Call c) {
        Validation v = new Validation(c.body());
        v.only("username", "password", "role");
        String name = v.text("username", AuthRoutes.USERNAME, AuthRoutes.USERNAME_RULE);
        String password = v.text("password", AuthRoutes.PASSWORD, AuthRoutes.PASSWORD_RULE);
        String roleText = v.text("role", ROLE, ROLE_RULE);
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

    private Object delete(Call c) {
        User u = existing(c);
        check(users.delete(u.username()), "delete", u);
        int ended = sessions.closeAll(u.username());
        audit.record(c.user(), "user:" + u.username(), "deleted user " + u.username() + " (" + u.role().id() + "; "
                + ended + " session(s) ended)");
        return Map.of("deleted", u.username());
    }

    private Object role(Call c) {
        User u = existing(c);
        Validation v = new Validation(c.body());
        v.only("role");
        String roleText = v.text("role", ROLE, ROLE_RULE);
        v.check();
        ConsoleRole role = ConsoleRole.parse(roleText).orElseThrow();
        check(users.setRole(u.username(), role), "demote", u);
        sessions.reassign(u.username(), role);
        audit.record(c.user(), "user:" + u.username(), "changed the role of " + u.username() + " from " + u.role().id()
                + " to " + role.id() + " (applies from their next request)");
        return view(users.find(u.username()).orElseThrow());
    }

    private Object enable(Call c, boolean enabled) {
        User u = existing(c);
        check(users.setEnabled(u.username(), enabled), "disable", u);
        if (enabled) {
            audit.record(c.user(), "user:" + u.username(), "enabled user " + u.username() + " (" + u.role().id() + ")");
        } else {
            int ended = sessions.closeAll(u.username());
            audit.record(c.user(), "user:" + u.username(), "disabled user " + u.username() + " (" + u.role().id() + "; "
                    + ended + " session(s) ended, any reset link void)");
        }
        return view(users.find(u.username()).orElseThrow());
    }

    private Object reset(Call c) {
        User u = existing(c);
        if (!u.enabled()) {
            throw new ApiException(409, "user '" + u.username() + "' is disabled: enable the account before issuing a reset link");
        }
        ResetLinks.Issued link = resets.issue(u.username(), c.user().username());
        audit.record(c.user(), "user:" + u.username(), "issued a one-time password reset link for " + u.username()
                + ", valid until " + link.expires() + " (any earlier link void)");
        c.response().setStatus(201);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("token", link.token());
        m.put("expires", link.expires().toEpochMilli());
        return m;
    }

    /** What the user did: the audit events whose actor they are, newest first. */
    private Object trail(Call c) {
        String name = name(c);
        int page = DataRoutes.intParam(c, "page", 0, 100_000).orElse(0);
        int size = DataRoutes.intParam(c, "size", 1, MAX_PAGE).orElse(50);
        var log = gateway.audit().orElseThrow(() -> new ApiException(503, "no store is installed: no audit log"));
        // One more than the page holds tells whether there is an older page.
        List<AuditEvent> found = log.byActor(name, page * size, size + 1);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", name);
        m.put("page", page);
        m.put("size", size);
        m.put("events", found.stream().limit(size).map(Auditor::view).toList());
        m.put("more", found.size() > size);
        return m;
    }

    private static String name(Call c) {
        String name = c.param(0);
        if (!AuthRoutes.USERNAME.matcher(name).matches()) {
            throw new ApiException(400, "user name " + AuthRoutes.USERNAME_RULE, Map.of("name", AuthRoutes.USERNAME_RULE));
        }
        return name;
    }

    private User existing(Call c) {
        String name = name(c);
        return users.find(name).orElseThrow(() -> ApiException.notFound("no user '" + name + "'"));
    }

    private static void check(UserStore.Change change, String verb, User u) {
        switch (change) {
            case NO_SUCH_USER -> throw ApiException.notFound("no user '" + u.username() + "'");
            case LAST_ADMIN -> throw new ApiException(409, "cannot " + verb + " " + u.username() + ", the last enabled admin: "
                    + LAST_ADMIN_RULE);
            case DONE -> { }
        }
    }

    Map<String, Object> view(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("role", u.role().id());
        m.put("enabled", u.enabled());
        m.put("created", u.created().toEpochMilli());
        m.put("createdBy", u.createdBy());
        resets.pending(u.username()).ifPresent(l -> m.put("resetExpires", l.expires().toEpochMilli()));
        return m;
    }
}
