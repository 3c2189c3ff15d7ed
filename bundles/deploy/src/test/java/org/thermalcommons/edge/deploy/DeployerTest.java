package org.thermalcommons.edge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.deploy.DeployedBundle;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentEvent.Kind;
import org.thermalcommons.edge.deploy.BundleHost.Verdict;

/**
 * The staging and rollback state machine over a fake framework: the health of each version is decided by the test
 * (by its Bundle-Version), time passes only when the health wait pauses.
 */
class DeployerTest {
    static final String BSN = "org.example.adapter";
    @TempDir
    static Path keys;
    static Path keystore;
    static Path trustDir;

    @TempDir
    Path dir;
    Path folder;
    FakeHost host;
    FakeTicker ticker;
    List<DeploymentEvent> events;
    Deployer deployer;

    @BeforeAll
    static void key() throws Exception {
        keystore = TestJars.keystore(keys, "gateway-dev");
        trustDir = keys.resolve("trust");
        TestJars.trust(keystore, trustDir);
    }

    @BeforeEach
    void setUp() throws Exception {
        folder = Files.createDirectories(dir.resolve("deploy"));
        host = new FakeHost();
        ticker = new FakeTicker();
        events = new ArrayList<>();
        deployer = newDeployer(host);
    }

    private Deployer newDeployer(FakeHost h) {
        JarVerifier verifier = new JarVerifier(() -> TrustAnchors.load(trustDir), () -> 1 << 20, Clock.systemUTC());
        HealthWait wait = new HealthWait(ticker, Duration.ofSeconds(10), Duration.ofMillis(500), 100);
        return new Deployer(new FolderScan(folder), new KeptVersions(dir.resolve("data/deploy")), verifier, h, wait,
                Clock.systemUTC(), events::add);
    }

    /** Moves a signed build of version {@code version} into deploy/ as {@code file} (atomic, like an installer's mv). */
    private void drop(String file, String version) throws Exception {
        Path unsigned = TestJars.bundle(dir.resolve("build/u-" + version + ".jar"), BSN, version);
        Path signed = TestJars.sign(unsigned, dir.resolve("build/" + version + ".jar"), keystore);
        Files.move(signed, folder.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void scans(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            deployer.scan();
        }
    }

    private List<Kind> kinds() {
        return events.stream().map(DeploymentEvent::kind).toList();
    }

    @Test
    void aSignedJarIsInstalledOnceItIsUnchangedOverTwoScans() throws Exception {
        drop("adapter.jar", "1.0.0");
        deployer.scan();
        assertThat(host.bundles).isEmpty();
        scans(3);
        assertThat(kinds()).containsExactly(Kind.INSTALLED);
        assertThat(host.running()).isEqualTo("1.0.0");
        DeployedBundle d = deployer.deployed().get(0);
        assertThat(d.symbolicName()).isEqualTo(BSN);
        assertThat(d.file()).isEqualTo("adapter.jar");
        assertThat(d.state()).isEqualTo("ACTIVE");
        assertThat(d.signer()).contains("CN=gateway-dev");
        assertThat(events.get(0).verification()).isPositive();
    }

    @Test
    void anUnsignedJarIsRefusedOncePerChangeAndNothingIsInstalled() throws Exception {
        TestJars.bundle(folder.resolve("plain.jar"), BSN, "1.0.0");
        scans(5);
        assertThat(kinds()).containsExactly(Kind.REFUSED);
        assertThat(events.get(0).rule()).isEqualTo("unsigned");
        assertThat(events.get(0).detail()).contains("plain.jar").contains("[rule unsigned]").contains("Nothing is installed");
        assertThat(host.bundles).isEmpty();
    }

    @Test
    void anUpdateWhoseComponentFailsToActivateIsRolledBackToThePreviousVersion() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        host.health.put("2.0.0", Verdict.failed("activation-failed", "component Adapter of bundle " + BSN + " 2.0.0 failed to activate: boom"));
        drop("adapter.jar", "2.0.0");
        scans(5);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.ROLLED_BACK);
        DeploymentEvent back = events.get(1);
        assertThat(back.rule()).isEqualTo("activation-failed");
        assertThat(back.version()).isEqualTo("1.0.0");
        assertThat(back.detail()).contains(BSN + " 2.0.0 failed").contains("boom").contains("rolled back to 1.0.0");
        assertThat(host.running()).isEqualTo("1.0.0");
        assertThat(host.updates).containsExactly("2.0.0", "1.0.0");
        assertThat(deployer.deployed().get(0).version()).isEqualTo("1.0.0");
    }

    @Test
    void anUpdateThatNeverBecomesHealthyIsRolledBackAtTheHealthTimeout() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        host.health.put("2.0.0", Verdict.waiting("adapter is DOWN: vendor API unreachable"));
        drop("adapter.jar", "2.0.0");
        long before = ticker.nanos;
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.ROLLED_BACK);
        assertThat(events.get(1).rule()).isEqualTo("unhealthy");
        assertThat(events.get(1).detail()).contains("not healthy within 10.0 s").contains("vendor API unreachable");
        assertThat(ticker.nanos - before).isGreaterThanOrEqualTo(Duration.ofSeconds(10).toNanos());
        assertThat(host.running()).isEqualTo("1.0.0");
    }

    @Test
    void anUpdateThatFailsToStartIsRolledBack() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        host.startFailure.put("2.0.0", "resolution-failed");
        drop("adapter.jar", "2.0.0");
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.ROLLED_BACK);
        assertThat(events.get(1).rule()).isEqualTo("resolution-failed");
        assertThat(host.running()).isEqualTo("1.0.0");
    }

    @Test
    void aFailedVersionIsNotTriedAgainUntilItsFileChanges() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        host.health.put("2.0.0", Verdict.failed("activation-failed", "boom"));
        drop("adapter.jar", "2.0.0");
        scans(6);
        assertThat(host.updates).containsExactly("2.0.0", "1.0.0");
        drop("adapter.jar", "2.0.1");
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.ROLLED_BACK, Kind.UPDATED);
        assertThat(host.running()).isEqualTo("2.0.1");
    }

    @Test
    void aHealthyUpdateKeepsThePreviousVersionForARollbackRequest() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        drop("adapter.jar", "1.1.0");
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.UPDATED);
        assertThat(deployer.deployed().get(0).previousVersion()).contains("1.0.0");
        DeploymentEvent e = deployer.rollback(BSN);
        assertThat(e.kind()).isEqualTo(Kind.ROLLED_BACK);
        assertThat(e.rule()).isEqualTo("requested");
        assertThat(host.running()).isEqualTo("1.0.0");
        assertThat(deployer.deployed().get(0).previousVersion()).contains("1.1.0");
        scans(3);
        assertThat(host.running()).as("the jar in deploy/ is not tried again").isEqualTo("1.0.0");
    }

    @Test
    void aNewBundleThatFailsIsUninstalledAgain() throws Exception {
        host.health.put("1.0.0", Verdict.failed("activation-failed", "boom"));
        drop("adapter.jar", "1.0.0");
        scans(3);
        assertThat(kinds()).containsExactly(Kind.FAILED);
        assertThat(events.get(0).detail()).contains(BSN + " 1.0.0").contains("uninstalled");
        assertThat(host.bundles).isEmpty();
        assertThat(deployer.deployed()).isEmpty();
    }

    @Test
    void afterARestartAFailingVersionGivesWayToTheLastHealthyOneKeptOnDisk() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        host.health.put("2.0.0", Verdict.failed("activation-failed", "boom"));
        drop("adapter.jar", "2.0.0");
        scans(2);
        // The gateway restarts (the framework's bundle cache is wiped at every launch): deploy/ still holds 2.0.0.
        FakeHost fresh = new FakeHost();
        fresh.health.putAll(host.health);
        events.clear();
        deployer = newDeployer(fresh);
        scans(2);
        assertThat(kinds()).containsExactly(Kind.ROLLED_BACK);
        assertThat(fresh.running()).isEqualTo("1.0.0");
    }

    @Test
    void aRemovedJarIsUninstalledAndARenamedOneIsAnUpdate() throws Exception {
        drop("adapter-1.0.jar", "1.0.0");
        scans(2);
        Files.delete(folder.resolve("adapter-1.0.jar"));
        drop("adapter-1.1.jar", "1.1.0");
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.UPDATED);
        assertThat(host.installs).isEqualTo(1);
        Files.delete(folder.resolve("adapter-1.1.jar"));
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.UPDATED, Kind.UNINSTALLED);
        assertThat(host.bundles).isEmpty();
    }

    @Test
    void aSecondJarClaimingADeployedSymbolicNameIsRefused() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        drop("copy.jar", "1.1.0");
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.REFUSED);
        assertThat(events.get(1).rule()).isEqualTo("duplicate-symbolic-name");
        assertThat(events.get(1).detail()).contains("copy.jar").contains("adapter.jar");
        assertThat(host.running()).isEqualTo("1.0.0");
    }

    @Test
    void aTamperedUpdateIsRefusedAndTheRunningVersionStays() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        Path signed = TestJars.sign(TestJars.bundle(dir.resolve("build/u2.jar"), BSN, "2.0.0"), dir.resolve("build/2.jar"), keystore);
        TestJars.rewrite(signed, dir.resolve("build/t.jar"), n -> n.endsWith("Thing.txt") ? b -> TestJars.bytes("x") : b -> b, Map.of());
        Files.move(dir.resolve("build/t.jar"), folder.resolve("adapter.jar"), StandardCopyOption.REPLACE_EXISTING);
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.REFUSED);
        assertThat(events.get(1).detail()).contains("[rule tampered]").contains(BSN + " 1.0.0 keeps running");
        assertThat(host.running()).isEqualTo("1.0.0");
    }

    @Test
    void installAndUninstallRequestsGoThroughTheFolder() throws Exception {
        Path signed = TestJars.sign(TestJars.bundle(dir.resolve("build/u.jar"), BSN, "1.0.0"), dir.resolve("upload.jar"), keystore);
        DeploymentEvent e = deployer.install(signed);
        assertThat(e.kind()).isEqualTo(Kind.INSTALLED);
        assertThat(folder.resolve(BSN + ".jar")).exists();
        scans(3);
        assertThat(kinds()).containsExactly(Kind.INSTALLED);
        assertThat(deployer.uninstall(BSN).kind()).isEqualTo(Kind.UNINSTALLED);
        assertThat(folder.resolve(BSN + ".jar")).doesNotExist();
        assertThat(host.bundles).isEmpty();
    }

    @Test
    void aStopDuringTheHealthWaitRollsNothingBack() throws Exception {
        drop("adapter.jar", "1.0.0");
        scans(2);
        host.health.put("2.0.0", Verdict.waiting("starting"));
        ticker.interruptAfterMillis = 300;
        drop("adapter.jar", "2.0.0");
        scans(2);
        assertThat(kinds()).containsExactly(Kind.INSTALLED, Kind.FAILED);
        assertThat(events.get(1).rule()).isEqualTo("interrupted");
        assertThat(host.updates).as("no rollback while stopping").containsExactly("2.0.0");
        Thread.interrupted(); // clear the flag the wait restored
    }

    /** Time passes only when the health wait pauses; it can be interrupted after some time, like a stopping manager. */
    static final class FakeTicker implements HealthWait.Ticker {
        long nanos;
        long interruptAfterMillis = Long.MAX_VALUE;

        @Override
        public long nanos() {
            return nanos;
        }

        @Override
        public void pause(long millis) throws InterruptedException {
            nanos += millis * 1_000_000L;
            if ((interruptAfterMillis -= millis) <= 0) {
                throw new InterruptedException("stopping");
            }
        }
    }

    /** A framework of one kind of bundle: its version decides its health. */
    static final class FakeHost implements BundleHost {
        final Map<Long, String> bundles = new HashMap<>();
        final Map<String, Verdict> health = new HashMap<>();
        final Map<String, String> startFailure = new HashMap<>();
        final List<String> updates = new ArrayList<>();
        int installs;
        long nextId = 10;

        String running() {
            assertThat(bundles).hasSize(1);
            return bundles.values().iterator().next();
        }

        private static String version(Path jar) throws HostException {
            try (var j = new java.util.jar.JarFile(jar.toFile())) {
                return j.getManifest().getMainAttributes().getValue("Bundle-Version");
            } catch (java.io.IOException e) {
                throw new HostException("io", e.toString());
            }
        }

        @Override
        public long install(String location, Path jar) throws HostException {
            installs++;
            bundles.put(nextId, version(jar));
            return nextId++;
        }

        @Override
        public void update(long id, Path jar) throws HostException {
            String v = version(jar);
            updates.add(v);
            bundles.put(id, v);
        }

        @Override
        public void start(long id) throws HostException {
            String rule = startFailure.get(bundles.get(id));
            if (rule != null) {
                throw new HostException(rule, "bundle " + id + " does not resolve");
            }
        }

        @Override
        public void uninstall(long id) {
            bundles.remove(id);
        }

        @Override
        public String state(long id) {
            return bundles.containsKey(id) ? "ACTIVE" : "UNINSTALLED";
        }

        @Override
        public HealthProbe probe(long id, boolean requireRun) {
            return () -> health.getOrDefault(bundles.get(id), Verdict.healthy());
        }
    }
}
