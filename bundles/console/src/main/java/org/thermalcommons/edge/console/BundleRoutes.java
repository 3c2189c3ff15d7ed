package org.thermalcommons.edge.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.thermalcommons.edge.api.deploy.DeployedBundle;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentManager;
import org.thermalcommons.edge.api.deploy.FeatureChange;
import org.thermalcommons.edge.api.deploy.FeatureInfo;
import org.thermalcommons.edge.api.deploy.FeatureManager;
import org.thermalcommons.edge.console.auth.ConsoleRole;
import org.thermalcommons.edge.console.http.ApiException;
import org.thermalcommons.edge.console.http.Call;
import org.thermalcommons.edge.console.http.Route;
import org.thermalcommons.edge.console.http.Validation;

/**
 * Bundles and features (admins): every bundle of the framework with, for the ones from {@code deploy/}, signer,
 * SHA-256, health and previous version; upload a jar (install or update), uninstall, roll back — all through the
 * deployment manager, which verifies signatures and rolls back unhealthy updates; features of features.xml on and off.
 * The manager's steps answer later: a request is accepted (202) and followed; its end is audited, which reaches the
 * page live through the stream's {@code audit} event. A refused jar is a result (the event names the rule), not an
 * HTTP error.
 */
final class BundleRoutes {
    private static final Pattern JAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.jar");
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,200}");
    private static final Pattern FEATURE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int HISTORY = 50;

    private final Gateway gateway;
    private final Auditor audit;
    private final long uploadLimitBytes;
    private final BundleRequests requests;

    BundleRoutes(Gateway gateway, Auditor audit, Clock clock, long uploadLimitBytes) {
        this.gateway = gateway;
        this.audit = audit;
        this.uploadLimitBytes = uploadLimitBytes;
        this.requests = new BundleRequests(clock, 4);
    }

    List<Route> routes() {
        ConsoleRole a = ConsoleRole.ADMIN;
        return List.of(
                Route.get("/bundles", a, c -> list()),
                Route.mutate("POST", "/bundles", a, this::upload),
                Route.mutate("DELETE", "/bundles/{name}", a, c -> request(c, "uninstall", name(c), m -> m.uninstall(name(c)))),
                Route.mutate("POST", "/bundles/{name}/rollback", a, c -> request(c, "rollback", name(c), m -> m.rollback(name(c)))),
                Route.get("/features", a, c -> features().features().stream().map(BundleRoutes::view).toList()),
                Route.mutate("POST", "/features/{name}", a, this::toggle));
    }

    private DeploymentManager manager() {
        return gateway.deployments().orElseThrow(() -> new ApiException(503, "the deployment manager is not running"));
    }

    private FeatureManager features() {
        return gateway.features().orElseThrow(() -> new ApiException(503, "the feature service is not running"));
    }

    private static String name(Call c) {
        String n = c.param(0);
        if (!SYMBOLIC_NAME.matcher(n).matches()) {
            throw new ApiException(400, "invalid symbolic name", Map.of("name", "must be 1-200 letters, digits, '.', '_' or '-'"));
        }
        return n;
    }

    private Map<String, Object> list() {
        Map<String, DeployedBundle> deployed = new LinkedHashMap<>();
        gateway.deployments().ifPresent(m -> m.deployed().forEach(d -> deployed.put(d.symbolicName(), d)));
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (BundleInfo b : gateway.bundles()) {
            boolean fromDeploy = b.location().startsWith("deploy:");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.id());
            m.put("symbolicName", b.symbolicName());
            m.put("version", b.version());
            m.put("state", b.state());
            m.put("source", fromDeploy ? "deploy" : b.id() == 0 ? "framework" : "distribution");
            DeployedBundle d = fromDeploy ? deployed.remove(b.symbolicName()) : null;
            if (d != null) {
                m.put("deployed", view(d));
            }
            bundles.add(m);
        }
        for (DeployedBundle d : deployed.values()) { // known to the manager, not (or no longer) in the framework
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("symbolicName", d.symbolicName());
            m.put("version", d.version());
            m.put("state", d.state());
            m.put("source", "deploy");
            m.put("deployed", view(d));
            bundles.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deployManager", gateway.deployments().isPresent());
        out.put("featureService", gateway.features().isPresent());
        out.put("uploadLimitBytes", uploadLimitBytes);
        out.put("bundles", bundles);
        out.put("requests", requests.views());
        List<Map<String, Object>> history = new ArrayList<>(gateway.deployments().map(m -> m.history(HISTORY)).orElse(List.of())
                .stream().map(BundleRoutes::view).toList());
        java.util.Collections.reverse(history); // newest first
        out.put("history", history);
        return out;
    }

    private Object upload(Call c) throws IOException {
        DeploymentManager m = manager();
        String name = c.query("name").orElse("");
        if (!JAR_NAME.matcher(name).matches()) {
            throw new ApiException(400, "invalid upload", Map.of("name", "must be a file name ending in .jar (letters, digits, '.', '_', '-'; at most 104 characters)"));
        }
        long declared = c.request().getContentLengthLong();
        if (declared > uploadLimitBytes) {
            throw tooLarge(name, declared + " bytes");
        }
        long id = requests.reserve("install", name, who(c));
        Path dir = Files.createTempDirectory("cool-edge-upload-");
        try {
            Path file = dir.resolve(name);
            MessageDigest sha = sha256();
            long n = 0;
            try (InputStream in = c.request().getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = in.read(buf)) > 0) {
                    n += r;
                    if (n > uploadLimitBytes) {
                        throw tooLarge(name, "more than " + uploadLimitBytes + " bytes");
                    }
                    sha.update(buf, 0, r);
                    out.write(buf, 0, r);
                }
            }
            if (n == 0) {
                throw new ApiException(400, "the upload of " + name + " is empty [rule empty]");
            }
            audit.record(c.user(), name, "uploaded " + name + " (" + n + " bytes, SHA-256 " + HexFormat.of().formatHex(sha.digest())
                    + ") to install or update through the deployment manager");
            CompletionStage<DeploymentEvent> step = m.install(file);
            step.whenComplete((e, x) -> deleteQuietly(dir));
            c.response().setStatus(202);
            return requests.follow(id, step, this::ended);
        } catch (IOException | RuntimeException e) {
            requests.release(id);
            deleteQuietly(dir);
            throw e;
        }
    }

    private ApiException tooLarge(String name, String size) {
        return new ApiException(413, "the upload of " + name + " is " + size + "; the limit is " + uploadLimitBytes
                + " bytes (console setting maxUploadMiB) [rule too-large]");
    }

    private interface Step {
        CompletionStage<DeploymentEvent> on(DeploymentManager m);
    }

    private Object request(Call c, String action, String target, Step step) {
        DeploymentManager m = manager();
        long id = requests.reserve(action, target, who(c));
        CompletionStage<DeploymentEvent> s;
        try {
            s = step.on(m);
        } catch (RuntimeException e) {
            requests.release(id);
            throw e;
        }
        audit.record(c.user(), target, "asked the deployment manager to " + action + " " + target);
        c.response().setStatus(202);
        return requests.follow(id, s, this::ended);
    }

    /** Audits the end of a request: who asked, what the manager did and, when it refused or rolled back, the rule. */
    private void ended(BundleRequests.Request r) {
        String outcome = r.event().map(e -> e.kind() + (e.rule().isEmpty() ? "" : " [rule " + e.rule() + "]") + ": " + e.detail())
                .orElseGet(() -> "failed: " + r.error().orElse("?"));
        audit.record(r.by(), r.target(), r.action() + " of " + r.target() + " ended: " + outcome);
    }

    private Object toggle(Call c) {
        FeatureManager f = features();
        String name = c.param(0);
        if (!FEATURE.matcher(name).matches()) {
            throw new ApiException(400, "invalid feature name", Map.of("name", "must be lower-case letters, digits and '-'"));
        }
        JsonNode body = c.body();
        Validation v = new Validation(body);
        v.only("enabled");
        boolean on = v.flag("enabled");
        v.check();
        FeatureChange change = on ? f.enable(name) : f.disable(name);
        audit.record(c.user(), "feature " + name, "turned feature " + name + (on ? " on" : " off") + ": " + change.outcome()
                + (change.rule().isEmpty() ? "" : " [rule " + change.rule() + "]") + ": " + change.detail());
        return switch (change.outcome()) {
            case REFUSED -> throw new ApiException(409, change.detail() + " [rule " + change.rule() + "]");
            case FAILED -> throw new ApiException(500, change.detail() + " [rule " + change.rule() + "]");
            default -> view(change);
        };
    }

    private static String who(Call c) {
        return c.user().username() + " (" + c.user().role().id() + ")";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary file left in java.io.tmpdir; nothing else depends on it
        }
    }

    static Map<String, Object> view(DeploymentEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", e.at().toEpochMilli());
        m.put("kind", e.kind().name());
        m.put("file", e.file());
        m.put("symbolicName", e.symbolicName());
        m.put("version", e.version());
        m.put("sha256", e.sha256());
        m.put("signer", e.signer());
        m.put("verificationMs", e.verification().toMillis());
        m.put("rule", e.rule());
        m.put("detail", e.detail());
        return m;
    }

    private static Map<String, Object> view(DeployedBundle d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", d.file());
        m.put("signer", d.signer());
        m.put("sha256", d.sha256());
        m.put("health", Map.of("status", d.health().status().name(), "detail", d.health().detail()));
        m.put("since", d.since().toEpochMilli());
        d.previousVersion().ifPresent(p -> m.put("previousVersion", p));
        return m;
    }

    private static Map<String, Object> view(FeatureInfo f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("description", f.description());
        m.put("enabled", f.enabled());
        m.put("listed", f.listed());
        m.put("offRefusal", f.offRefusal());
        m.put("includes", f.includes());
        m.put("bundles", f.bundles());
        return m;
    }

    private static Map<String, Object> view(FeatureChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("feature", c.feature());
        m.put("outcome", c.outcome().name());
        m.put("detail", c.detail());
        m.put("installed", c.installed());
        m.put("uninstalled", c.uninstalled());
        m.put("enabledList", c.enabledList());
        return m;
    }
}
