package org.thermalcommons.edge.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.thermalcommons.edge.api.deploy.DeployedBundle;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentManager;
import org.thermalcommons.edge.api.health.Health;

/**
 * The deployment manager as the console sees it: records what it was handed (the uploaded file's name and bytes, read
 * when the request arrives, as the manager's verifier does) and answers each request with the event {@code answer}
 * gives, at once or, while {@code hold} is set, when the test completes it.
 */
final class FakeDeployments implements DeploymentManager {
    final List<DeployedBundle> deployed = new CopyOnWriteArrayList<>();
    final List<DeploymentEvent> history = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    final List<Path> uploadPaths = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<DeploymentEvent>> held = new CopyOnWriteArrayList<>();
    volatile boolean hold;
    /** (action, target) to the event that ends it. */
    volatile BiFunction<String, String, DeploymentEvent> answer = (action, target) -> switch (action) {
        case "install" -> event(DeploymentEvent.Kind.REFUSED, target, "", "unsigned",
                "Refused " + target + ": is not signed; only jars signed by a key of the trust store are installed [rule unsigned]. Nothing is installed.");
        case "uninstall" -> event(DeploymentEvent.Kind.UNINSTALLED, target + ".jar", target, "", target + " 1.0.0 uninstalled (uninstall requested)");
        default -> event(DeploymentEvent.Kind.ROLLED_BACK, target + ".jar", target, "requested", target + " 1.1.0 failed: a rollback was requested; rolled back to 1.0.0");
    };

    static DeploymentEvent event(DeploymentEvent.Kind kind, String file, String bsn, String rule, String detail) {
        return new DeploymentEvent(Instant.now(), kind, file, bsn, "", "", "", Duration.ZERO, rule, detail);
    }

    static DeployedBundle bundle(String bsn, String version, Optional<String> previous) {
        return new DeployedBundle(bsn, version, bsn + ".jar", "ACTIVE", "CN=COOL Edge development", "ab".repeat(32),
                Health.up(), Instant.parse("2026-01-01T00:00:00Z"), previous);
    }

    private CompletionStage<DeploymentEvent> answer(String action, String target) {
        CompletableFuture<DeploymentEvent> f = new CompletableFuture<>();
        if (hold) {
            held.add(f);
        } else {
            complete(f, action, target);
        }
        return f;
    }

    void complete(CompletableFuture<DeploymentEvent> f, String action, String target) {
        DeploymentEvent e = answer.apply(action, target);
        history.add(e);
        f.complete(e);
    }

    @Override
    public List<DeployedBundle> deployed() {
        return List.copyOf(deployed);
    }

    @Override
    public Optional<DeployedBundle> deployed(String symbolicName) {
        return deployed.stream().filter(d -> d.symbolicName().equals(symbolicName)).findFirst();
    }

    @Override
    public List<DeploymentEvent> history(int limit) {
        List<DeploymentEvent> all = List.copyOf(history);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    @Override
    public CompletionStage<DeploymentEvent> install(Path jar) {
        try {
            uploads.put(jar.getFileName().toString(), Files.readAllBytes(jar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        uploadPaths.add(jar);
        return answer("install", jar.getFileName().toString());
    }

    @Override
    public CompletionStage<DeploymentEvent> uninstall(String symbolicName) {
        return answer("uninstall", symbolicName);
    }

    @Override
    public CompletionStage<DeploymentEvent> rollback(String symbolicName) {
        return answer("rollback", symbolicName);
    }
}
