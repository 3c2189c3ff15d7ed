package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.thermalcommons.edge.api.deploy.DeployedBundle;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentEvent.Kind;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.deploy.BundleHost.HostException;
import org.thermalcommons.edge.deploy.BundleHost.Verdict;
import org.thermalcommons.edge.input.InputRejectedException;

/**
 * The staging and rollback state machine behind {@code deploy/}. A jar that is ready ({@link FolderScan}) is
 * verified into a private copy ({@link JarVerifier}); a refused jar changes nothing. A new symbolic name is installed,
 * started and watched until healthy ({@link HealthWait}); if it is not, it is uninstalled again, or, when an earlier
 * run left a healthy version on disk, that version is installed instead. A known symbolic name is updated in place
 * ({@code Bundle.update}: same bundle, so consumers with dynamic references swap without restarting) and, if the new
 * version fails to resolve, activate or become healthy, updated back to the previous version, which was kept on disk.
 * A jar removed from the folder is uninstalled. Each step ends in one {@link DeploymentEvent}. Not thread-safe: the
 * manager runs everything on one thread.
 */
final class Deployer {
    static final String LOCATION_PREFIX = "deploy:";

    private final FolderScan scan;
    private final KeptVersions kept;
    private final JarVerifier verifier;
    private final BundleHost host;
    private final HealthWait wait;
    private final Clock clock;
    private final Consumer<DeploymentEvent> events;
    private final Map<String, Deployment> bySymbolicName = new LinkedHashMap<>();

    Deployer(FolderScan scan, KeptVersions kept, JarVerifier verifier, BundleHost host, HealthWait wait, Clock clock,
             Consumer<DeploymentEvent> events) {
        this.scan = scan;
        this.kept = kept;
        this.verifier = verifier;
        this.host = host;
        this.wait = wait;
        this.clock = clock;
        this.events = events;
    }

    /** One poll of the folder: ready jars are deployed, jars gone (at two polls in a row) are uninstalled. */
    void scan() throws IOException {
        FolderScan.Result r = scan.poll();
        for (String name : r.ready()) {
            scan.handled(name);
            deployFile(name, r.present());
        }
        // Like a new jar, a missing one counts at the second poll: a jar renamed to a new version is then an update.
        for (Deployment d : List.copyOf(bySymbolicName.values())) {
            d.missing = r.present().contains(d.file) ? 0 : d.missing + 1;
            if (d.missing >= 2) {
                remove(d, "its jar " + d.file + " was removed from " + scan.folder());
            }
        }
    }

    /** An install request: verifies {@code jar}, moves a copy into the folder and deploys it now. */
    DeploymentEvent install(Path jar) throws IOException {
        String name = String.valueOf(jar.getFileName());
        Path staged = kept.stagingFile();
        JarVerifier.Verified v;
        long t0 = System.nanoTime();
        try {
            v = verifier.verify(jar, staged, name);
        } catch (InputRejectedException e) {
            return refused(name, e, Duration.ofNanos(System.nanoTime() - t0), "");
        }
        Deployment d = bySymbolicName.get(v.symbolicName());
        String target = d != null ? d.file : v.symbolicName() + ".jar";
        Path tmp = scan.folder().resolve("." + target + ".tmp");
        Files.copy(staged, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.delete(staged);
        Files.move(tmp, scan.folder().resolve(target), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        scan.written(target);
        return deployFile(target, Set.of());
    }

    /** An uninstall request. */
    DeploymentEvent uninstall(String symbolicName) throws IOException {
        Deployment d = bySymbolicName.get(symbolicName);
        if (d == null) {
            return emit(event(Kind.REFUSED, "", symbolicName, "", "", "", Duration.ZERO, "not-deployed",
                    symbolicName + " is not deployed from " + scan.folder()));
        }
        Files.deleteIfExists(scan.folder().resolve(d.file));
        return remove(d, "uninstall requested");
    }

    /** A rollback request: back to the previous version kept on disk. */
    DeploymentEvent rollback(String symbolicName) {
        Deployment d = bySymbolicName.get(symbolicName);
        if (d == null || d.previousSha.isEmpty()) {
            return emit(event(Kind.REFUSED, d == null ? "" : d.file, symbolicName, "", "", "", Duration.ZERO,
                    "no-previous-version", symbolicName + " has no previous version to go back to"));
        }
        Verdict v = Verdict.failed("requested", "a rollback was requested");
        return rollbackTo(d, d.previousSha.get(), Optional.of(new String[] {d.sha256, d.version}), v, d.version, d.sha256, d.file);
    }

    List<DeployedBundle> deployed() {
        List<DeployedBundle> out = new ArrayList<>();
        for (Deployment d : bySymbolicName.values()) {
            out.add(new DeployedBundle(d.symbolicName, d.version, d.file, host.state(d.id), d.signer, d.sha256, d.health,
                    d.since, d.previousVersion));
        }
        return out;
    }

    private DeploymentEvent deployFile(String name, Set<String> present) throws IOException {
        Path staged = kept.stagingFile();
        long t0 = System.nanoTime();
        JarVerifier.Verified v;
        try {
            v = verifier.verify(scan.folder().resolve(name), staged, name);
        } catch (InputRejectedException e) {
            Deployment running = byFile(name);
            return refused(name, e, Duration.ofNanos(System.nanoTime() - t0), running == null ? ""
                    : " " + running.symbolicName + " " + running.version + " keeps running.");
        }
        Deployment d = bySymbolicName.get(v.symbolicName());
        if (d != null && !d.file.equals(name) && present.contains(d.file)) {
            Files.deleteIfExists(staged);
            return emit(event(Kind.REFUSED, name, v, "duplicate-symbolic-name", name + " has the symbolic name "
                    + v.symbolicName() + ", already deployed from " + d.file + "; remove one of the two"));
        }
        if (d != null && d.sha256.equals(v.sha256())) {
            Files.deleteIfExists(staged);
            d.file = name;
            return event(Kind.UPDATED, name, v, "", name + " is the version already running; nothing to do");
        }
        Path copy = kept.keep(v.symbolicName(), v.sha256(), staged);
        v = new JarVerifier.Verified(copy, v.sha256(), v.symbolicName(), v.version(), v.signer(), v.took());
        return d == null ? installNew(name, v) : update(d, name, v);
    }

    private DeploymentEvent installNew(String name, JarVerifier.Verified v) throws IOException {
        long id;
        try {
            id = host.install(LOCATION_PREFIX + v.symbolicName(), v.copy());
        } catch (HostException e) {
            return emit(event(Kind.FAILED, name, v, e.rule(), v.symbolicName() + " " + v.version() + " from " + name
                    + " could not be installed: " + e.getMessage()));
        }
        Deployment d = new Deployment(v.symbolicName(), id);
        adopt(d, name, v);
        Verdict verdict;
        try {
            verdict = wait.startAndAwait(host, id, true);
        } catch (HostException e) {
            verdict = Verdict.failed(e.rule(), e.getMessage());
        }
        if (verdict.status() == Verdict.Status.HEALTHY) {
            bySymbolicName.put(d.symbolicName, d);
            kept.markHealthy(d.symbolicName, d.sha256, Optional.empty());
            return emit(event(Kind.INSTALLED, name, v, "", v.symbolicName() + " " + v.version() + " installed from " + name
                    + ", signed by " + v.signer() + ", healthy"));
        }
        Optional<String> good = kept.healthy(v.symbolicName()).filter(s -> !s.equals(v.sha256()));
        if (good.isPresent()) {
            bySymbolicName.put(d.symbolicName, d);
            return rollbackTo(d, good.get(), Optional.empty(), verdict, v.version(), v.sha256(), name);
        }
        uninstallQuietly(id);
        return emit(event(Kind.FAILED, name, v, verdict.rule(), v.symbolicName() + " " + v.version() + " from " + name
                + " failed: " + verdict.detail() + "; it was uninstalled (no earlier version to go back to)"));
    }

    private DeploymentEvent update(Deployment d, String name, JarVerifier.Verified v) throws IOException {
        String oldVersion = d.version;
        String oldSha = d.sha256;
        Instant oldSince = d.since;
        Verdict verdict;
        try {
            host.update(d.id, v.copy());
            verdict = wait.startAndAwait(host, d.id, true);
        } catch (HostException e) {
            verdict = Verdict.failed(e.rule(), e.getMessage());
        }
        if (verdict.status() == Verdict.Status.HEALTHY) {
            adopt(d, name, v);
            d.previousSha = Optional.of(oldSha);
            d.previousVersion = Optional.of(oldVersion);
            kept.markHealthy(d.symbolicName, d.sha256, d.previousSha);
            return emit(event(Kind.UPDATED, name, v, "", d.symbolicName + " updated from " + oldVersion + " to "
                    + v.version() + " (" + name + ", signed by " + v.signer() + "), healthy"));
        }
        if (verdict.rule().equals(HealthWait.INTERRUPTED)) {
            return emit(event(Kind.FAILED, name, v, HealthWait.INTERRUPTED, d.symbolicName + " " + v.version()
                    + " was not judged: the manager is stopping; the next start deploys " + name + " again"));
        }
        // The failed version is not kept as a rollback target; the one before the running version stays so.
        Optional<String[]> before = d.previousSha.map(s -> new String[] {s, d.previousVersion.orElse("?")});
        DeploymentEvent e = rollbackTo(d, oldSha, before, verdict, v.version(), v.sha256(), name);
        if (e.kind() == Kind.ROLLED_BACK) {
            d.since = oldSince;
        }
        return e;
    }

    /**
     * Updates the bundle to the kept version {@code targetSha}; {@code failed} says why. Afterwards the bundle's
     * previous version is {@code thenPrevious} (sha and version).
     */
    private DeploymentEvent rollbackTo(Deployment d, String targetSha, Optional<String[]> thenPrevious, Verdict failed,
                                       String failedVersion, String failedSha, String name) {
        Path copy = kept.copyOf(d.symbolicName, targetSha);
        JarVerifier.Verified back = null;
        Verdict again;
        try {
            back = verifier.verifyInPlace(copy, copy.getFileName().toString());
            host.update(d.id, copy);
            again = wait.startAndAwait(host, d.id, true);
        } catch (InputRejectedException e) {
            again = Verdict.failed(e.rule(), "the kept copy is refused: " + e.getMessage());
        } catch (HostException e) {
            again = Verdict.failed(e.rule(), e.getMessage());
        }
        if (again.status() != Verdict.Status.HEALTHY) {
            d.health = Health.down(again.detail());
            return emit(event(Kind.FAILED, name, d.symbolicName, failedVersion, failedSha, "", Duration.ZERO, "rollback-failed",
                    d.symbolicName + " " + failedVersion + " failed (" + failed.detail() + ") and going back to the kept version "
                            + targetSha.substring(0, 12) + " failed too: " + again.detail()));
        }
        adopt(d, name, back);
        d.previousSha = thenPrevious.map(p -> p[0]).filter(s -> Files.isRegularFile(kept.copyOf(d.symbolicName, s)));
        d.previousVersion = d.previousSha.flatMap(s -> thenPrevious.map(p -> p[1]));
        try {
            kept.markHealthy(d.symbolicName, d.sha256, d.previousSha);
        } catch (IOException e) {
            d.health = Health.degraded("kept versions not updated: " + e);
        }
        return emit(event(Kind.ROLLED_BACK, name, d.symbolicName, back.version(), failedSha, back.signer(), back.took(),
                failed.rule(), d.symbolicName + " " + failedVersion + " failed: " + failed.detail() + "; rolled back to "
                        + back.version() + ", which runs again (" + name + " is not tried again until it changes)"));
    }

    private DeploymentEvent remove(Deployment d, String why) {
        bySymbolicName.remove(d.symbolicName);
        String outcome;
        try {
            host.uninstall(d.id);
            outcome = "uninstalled";
        } catch (HostException e) {
            outcome = "uninstall failed: " + e.getMessage();
        }
        kept.forget(d.symbolicName);
        return emit(event(Kind.UNINSTALLED, d.file, d.symbolicName, d.version, d.sha256, d.signer, Duration.ZERO, "",
                d.symbolicName + " " + d.version + " " + outcome + " (" + why + ")"));
    }

    private void adopt(Deployment d, String name, JarVerifier.Verified v) {
        d.file = name;
        d.version = v.version();
        d.sha256 = v.sha256();
        d.signer = v.signer();
        d.since = clock.instant();
        d.health = Health.up();
    }

    private Deployment byFile(String name) {
        return bySymbolicName.values().stream().filter(d -> d.file.equals(name)).findFirst().orElse(null);
    }

    private void uninstallQuietly(long id) {
        try {
            host.uninstall(id);
        } catch (HostException e) {
            // reported by the FAILED event's detail through the bundle's state
        }
    }

    private DeploymentEvent refused(String name, InputRejectedException e, Duration took, String running) {
        return emit(event(Kind.REFUSED, name, "", "", "", "", took, e.rule(), "Refused " + e.getMessage() + ". Nothing is installed."
                + running));
    }

    private DeploymentEvent event(Kind kind, String file, JarVerifier.Verified v, String rule, String detail) {
        return event(kind, file, v.symbolicName(), v.version(), v.sha256(), v.signer(), v.took(), rule, detail);
    }

    private DeploymentEvent event(Kind kind, String file, String bsn, String version, String sha, String signer,
                                  Duration took, String rule, String detail) {
        return new DeploymentEvent(clock.instant(), kind, file, bsn, version, sha, signer, took, rule, detail);
    }

    private DeploymentEvent emit(DeploymentEvent e) {
        events.accept(e);
        return e;
    }
}
