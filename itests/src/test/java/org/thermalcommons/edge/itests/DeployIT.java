package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.CycleStatistics;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;
import org.thermalcommons.edge.api.deploy.DeploymentManager;
import org.thermalcommons.edge.api.store.AuditEvent;
import org.thermalcommons.edge.api.store.AuditLog;
import org.thermalcommons.edge.itests.deployed.ProbeController;
import org.thermalcommons.edge.itests.deployed.ThrowingActivator;

/**
 * The deployment manager in the assembled gateway: jars moved into deploy/ as an installer would. Unsigned, tampered
 * and corrupt jars are refused, named with their rule in the manager's history and the audit log, and nothing of them
 * is installed; a signed update whose component throws in activate is rolled back automatically to the previous
 * version, which runs again, and the failure is reported against the failing bundle itself, not the core; so is an
 * update whose bundle activator throws (issue 9's regression cases).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployIT {
    private static final String BSN = "org.thermalcommons.edge.itests.deployed";

    @Inject
    BundleContext context;
    @Inject
    DeploymentManager deployments;
    @Inject
    ControlCycle cycle;
    @Inject
    AuditLog audit;

    @Configuration
    public Option[] config() throws Exception {
        return EdgeOptions.gateway("deploy", List.of("core", "store"), Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 100\n",
                EdgeOptions.DEPLOYMENT_CFG, "pollMillis = 200\nhealthTimeoutSeconds = 30\nhealthSettleMillis = 500\n"));
    }

    @Test
    public void unsignedAndTamperedJarsAreRefusedNamedInHistoryAndAuditAndNothingIsInstalled() throws Exception {
        Instant t0 = Instant.now();
        Path unsigned = probeBundle("unsigned.jar", BSN + ".unsigned", "1.0.0", false);
        Path tampered = tamper(DevSigning.sign(probeBundle("tampered-src.jar", BSN + ".tampered", "1.0.0", false)), "tampered.jar");
        drop(unsigned, "unsigned.jar");
        drop(tampered, "tampered.jar");

        DeploymentEvent u = awaitEvent("unsigned.jar", DeploymentEvent.Kind.REFUSED);
        DeploymentEvent t = awaitEvent("tampered.jar", DeploymentEvent.Kind.REFUSED);
        assertEquals("unsigned", u.rule());
        assertTrue(u.detail(), u.detail().contains("unsigned.jar") && u.detail().contains("[rule unsigned]"));
        assertEquals("tampered", t.rule());
        assertTrue(t.detail(), t.detail().contains("tampered.jar") && t.detail().contains("OSGI-INF/probe.xml"));
        assertFalse("nothing of the refused jars is installed", installed(BSN + ".unsigned").isPresent()
                || installed(BSN + ".tampered").isPresent());
        awaitAudit(t0, "unsigned.jar", "[rule unsigned]");
        awaitAudit(t0, "tampered.jar", "[rule tampered]");
    }

    @Test
    public void aCorruptJarIsRefusedWithAClearMessageAndNothingIsInstalled() throws Exception {
        Instant t0 = Instant.now();
        int bundles = context.getBundles().length;
        byte[] signed = Files.readAllBytes(DevSigning.sign(probeBundle("corrupt-src.jar", BSN + ".corrupt", "1.0.0", false)));
        Path corrupt = Files.write(work().resolve("corrupt.jar"), Arrays.copyOf(signed, signed.length / 2));
        drop(corrupt, "corrupt.jar");

        DeploymentEvent e = awaitEvent("corrupt.jar", DeploymentEvent.Kind.REFUSED);
        assertEquals("corrupt", e.rule());
        assertTrue(e.detail(), e.detail().contains("corrupt.jar: is not a readable jar") && e.detail().contains("Nothing is installed"));
        assertEquals("no bundle installed", bundles, context.getBundles().length);
        awaitAudit(t0, "corrupt.jar", "[rule corrupt]");
    }

    @Test
    public void aSignedUpdateWhoseComponentThrowsInActivateIsRolledBackAndThePreviousVersionRunsAgain() throws Exception {
        Instant t0 = Instant.now();
        drop(DevSigning.sign(probeBundle("v1.jar", BSN, "1.0.0", false)), "probe.jar");
        DeploymentEvent installed = awaitEvent("probe.jar", DeploymentEvent.Kind.INSTALLED);
        assertTrue("the signature check took time", installed.verification().toNanos() > 0);
        EdgeOptions.await("version 1 runs", 20_000, () -> runs() > 2);

        drop(DevSigning.sign(probeBundle("v2.jar", BSN, "2.0.0", true)), "probe.jar");
        DeploymentEvent back = awaitEvent("probe.jar", DeploymentEvent.Kind.ROLLED_BACK);
        assertEquals("activation-failed", back.rule());
        assertEquals("1.0.0", back.version());
        assertTrue(back.detail(), back.detail().contains("component " + ProbeController.class.getName() + " of bundle " + BSN
                + " 2.0.0 failed to activate") && back.detail().contains("deliberately thrown in activate by version 2.0.0"));
        assertFalse("blamed on the failing bundle, not the core: " + back.detail(), back.detail().contains("edge.core"));

        Bundle b = installed(BSN).orElseThrow();
        assertEquals("1.0.0", b.getVersion().toString());
        assertEquals(Bundle.ACTIVE, b.getState());
        assertEquals("1.0.0", deployments.deployed(BSN).orElseThrow().version());
        long after = runs();
        EdgeOptions.await("the previous version runs again", 20_000, () -> runs() > after + 2);
        awaitAudit(t0, BSN, "ROLLED_BACK");

        // A version whose bundle activator throws: named as itself too, and rolled back.
        Instant t1 = Instant.now();
        Path v3 = probeBundle("v3.jar", BSN, "3.0.0", false, ThrowingActivator.class.getName());
        drop(DevSigning.sign(v3), "probe.jar");
        DeploymentEvent again = awaitEvent("probe.jar", DeploymentEvent.Kind.ROLLED_BACK, t1);
        assertEquals("activation-failed", again.rule());
        assertTrue(again.detail(), again.detail().contains("the activator of " + BSN + " 3.0.0 threw")
                && again.detail().contains("deliberately thrown by the activator of 3.0.0"));
        assertEquals("1.0.0", installed(BSN).orElseThrow().getVersion().toString());
        long later = runs();
        EdgeOptions.await("the previous version runs again after the second rollback", 20_000, () -> runs() > later + 2);
    }

    private long runs() {
        CycleStatistics.ControllerStatistics s = cycle.statistics().controllers().get(ProbeController.ID);
        return s == null ? 0 : s.runs();
    }

    private Optional<Bundle> installed(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst();
    }

    private DeploymentEvent awaitEvent(String file, DeploymentEvent.Kind kind) throws InterruptedException {
        return awaitEvent(file, kind, Instant.EPOCH);
    }

    private DeploymentEvent awaitEvent(String file, DeploymentEvent.Kind kind, Instant after) throws InterruptedException {
        DeploymentEvent[] found = new DeploymentEvent[1];
        EdgeOptions.await(kind + " of " + file + " (history: " + deployments.history(10) + ")", 60_000, () -> {
            for (DeploymentEvent e : deployments.history(100)) {
                if (e.file().equals(file) && e.kind() == kind && !e.at().isBefore(after)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void awaitAudit(Instant since, String subject, String text) throws InterruptedException {
        EdgeOptions.await("audit entry for " + subject + " with " + text, 20_000, () -> {
            for (AuditEvent e : audit.since(since, 1000)) {
                if (e.category().equals("bundle") && e.subject().equals(subject) && e.message().contains(text)) {
                    return true;
                }
            }
            return false;
        });
    }

    private static Path work() throws Exception {
        return Files.createDirectories(Path.of(System.getProperty("cool.edge.itest.deploy")).resolveSibling("build"));
    }

    /** Moves a built jar into deploy/ atomically, as an installer would. */
    private static void drop(Path jar, String name) throws Exception {
        Path deploy = Path.of(System.getProperty("cool.edge.itest.deploy"));
        Path near = deploy.resolveSibling("build").resolve("." + name);
        Files.copy(jar, near, StandardCopyOption.REPLACE_EXISTING);
        Files.move(near, deploy.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A bundle holding {@link ProbeController} ({@link ProbeBundles}); it throws in activate if {@code fail}. */
    private static Path probeBundle(String file, String bsn, String version, boolean fail) throws Exception {
        return ProbeBundles.build(work().resolve(file), bsn, version, fail, null);
    }

    private static Path probeBundle(String file, String bsn, String version, boolean fail, String activator) throws Exception {
        return ProbeBundles.build(work().resolve(file), bsn, version, fail, activator);
    }

    /** A copy of a signed jar with one entry changed after signing. */
    private static Path tamper(Path signed, String file) throws Exception {
        Path out = work().resolve(file);
        try (JarFile in = new JarFile(signed.toFile(), false); ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(out))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                byte[] content;
                try (InputStream is = in.getInputStream(entry)) {
                    content = is.readAllBytes();
                }
                if (entry.getName().equals("OSGI-INF/probe.xml")) {
                    content = new String(content, StandardCharsets.UTF_8).replace("value=\"false\"", "value=\"true\"")
                            .getBytes(StandardCharsets.UTF_8);
                }
                zos.putNextEntry(new ZipEntry(entry.getName()));
                zos.write(content);
                zos.closeEntry();
            }
        }
        return out;
    }
}
