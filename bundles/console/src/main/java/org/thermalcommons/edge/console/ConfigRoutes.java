package org.thermalcommons.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.config.AttributeInfo;
import org.thermalcommons.edge.api.config.ConfigChange;
import org.thermalcommons.edge.api.config.ConfigProblem;
import org.thermalcommons.edge.api.config.ConfigurableType;
import org.thermalcommons.edge.api.config.ConfigurationEditor;
import org.thermalcommons.edge.api.config.ConfigurationInfo;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;

/**
 * Configuration forms (installers and admins) over the config bundle's {@link ConfigurationEditor}: the configurable
 * components with their metatype, each {@code etc/} file's values (never secrets), validation, save, rollback, and
 * factory configurations created and deleted. The body's shape is checked here; every configuration rule is the
 * editor's (the loader's own), and a refusal answers 400 with one message per key naming the rule. The editor audits
 * each change (category {@code config}).
 */
final class ConfigRoutes {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,270}");
    private static final String WHOLE = "configuration";
    private final Gateway gateway;

    ConfigRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    List<Route> routes() {
        ConsoleRole r = ConsoleRole.INSTALLER;
        return List.of(
                Route.get("/config", r, c -> Map.of("types", editor().types().stream().map(ConfigRoutes::view).toList(),
                        "configurations", editor().configurations().stream().map(ConfigRoutes::view).toList())),
                Route.get("/config/{id}", r, this::one),
                Route.mutate("POST", "/config/{id}/validate", r, this::validate),
                Route.mutate("PUT", "/config/{id}", r, c -> answer(c, editor().save(id(c), values(c.body()), who(c)))),
                Route.mutate("POST", "/config/{id}/rollback", r, c -> answer(c, editor().rollback(id(c), who(c)))),
                Route.mutate("POST", "/config", r, this::create),
                Route.mutate("DELETE", "/config/{id}", r, c -> answer(c, editor().delete(id(c), who(c)))));
    }

    private ConfigurationEditor editor() {
        return gateway.configuration().orElseThrow(() -> new ApiException(503, "the configuration editor (config bundle) is not running"));
    }

    private static String who(Call c) {
        return c.user().username() + " (" + c.user().role().id() + ")";
    }

    private static String id(Call c) {
        String id = c.param(0);
        if (!ID.matcher(id).matches()) {
            throw new ApiException(400, "invalid configuration id", Map.of("id", "must be <pid> or <factoryPid>-<name>"));
        }
        return id;
    }

    private Object one(Call c) {
        String id = id(c);
        ConfigurationEditor e = editor();
        String pid = id.contains("-") ? id.substring(0, id.indexOf('-')) : id;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.types().stream().filter(t -> t.pid().equals(pid)).findFirst().map(ConfigRoutes::view).orElse(null));
        m.put("configuration", e.configuration(id).map(ConfigRoutes::view).orElse(null));
        if (m.get("type") == null && m.get("configuration") == null) {
            throw ApiException.notFound("no configuration or configurable component " + id);
        }
        return m;
    }

    private Object validate(Call c) {
        List<ConfigProblem> problems = editor().validate(id(c), values(c.body()));
        return Map.of("valid", problems.isEmpty(), "problems", problems.stream().map(ConfigRoutes::view).toList(),
                "fields", fields(problems));
    }

    private Object create(Call c) {
        JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("factoryPid", "name", "values");
        String factoryPid = v.text("factoryPid", ID, "must be a factory PID");
        String name = v.text("name", Pattern.compile("[^\\p{Cntrl}]{1,64}"), "must be 1-64 characters");
        v.check();
        ConfigChange change = editor().create(factoryPid, name, values(body), who(c));
        Object out = answer(c, change);
        c.response().setStatus(201);
        return out;
    }

    /** The body's {@code values}: an object of at most 256 keys, each a string, number or boolean. */
    static Map<String, String> values(JsonNode body) {
        JsonNode n = body.get("values");
        if (n == null || !n.isObject()) {
            throw new ApiException(400, "invalid request", Map.of("values", "must be an object of key: value"));
        }
        if (n.size() > 256) {
            throw new ApiException(400, "invalid request", Map.of("values", "at most 256 keys"));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                String key = e.getKey().length() > 64 ? e.getKey().substring(0, 64) : e.getKey();
                throw new ApiException(400, "invalid request", Map.of(key, "must be a string, number or boolean"));
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    private static Object answer(Call c, ConfigChange change) {
        if (!change.accepted()) {
            String rule = change.problems().isEmpty() ? "" : change.problems().get(0).rule();
            int status = rule.equals("not-found") || rule.equals("no-history") ? 404 : rule.equals("exists") ? 409 : 400;
            throw new ApiException(status, change.message(), fields(change.problems()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", true);
        m.put("id", change.id());
        m.put("message", change.message());
        m.put("configuration", change.configuration().map(ConfigRoutes::view).orElse(null));
        return m;
    }

    /** Key → its problems' messages (each naming the rule); whole-file problems under {@code configuration}. */
    static Map<String, String> fields(List<ConfigProblem> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigProblem p : problems) {
            out.merge(p.key().isEmpty() ? WHOLE : p.key(), p.message(), (a, b) -> a + "; " + b);
        }
        return out;
    }

    static Map<String, Object> view(ConfigProblem p) {
        return Map.of("key", p.key(), "rule", p.rule(), "message", p.message());
    }

    static Map<String, Object> view(ConfigurableType t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", t.pid());
        m.put("factory", t.factory());
        m.put("name", t.name());
        m.put("description", t.description());
        m.put("attributes", t.attributes().stream().map(ConfigRoutes::view).toList());
        return m;
    }

    static Map<String, Object> view(AttributeInfo a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("name", a.name());
        m.put("description", a.description());
        m.put("type", a.type().name().toLowerCase(java.util.Locale.ROOT));
        m.put("cardinality", a.cardinality());
        m.put("min", a.min().orElse(null));
        m.put("max", a.max().orElse(null));
        m.put("options", a.options().stream().map(o -> Map.of("value", o.value(), "label", o.label())).toList());
        m.put("defaults", a.defaults());
        m.put("required", a.required());
        m.put("secret", a.secret());
        return m;
    }

    static Map<String, Object> view(ConfigurationInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("pid", i.pid());
        m.put("factoryName", i.factoryName().orElse(null));
        m.put("file", i.file());
        m.put("values", i.values());
        m.put("secrets", i.secrets());
        m.put("previousVersions", i.previousVersions());
        m.put("state", Map.of("stage", i.state().stage().name().toLowerCase(java.util.Locale.ROOT), "detail", i.state().detail()));
        return m;
    }
}
