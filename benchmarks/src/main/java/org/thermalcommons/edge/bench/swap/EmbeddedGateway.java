package org.thermalcommons.edge.bench.swap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.thermalcommons.edge.launcher.Features;

/**
 * The assembled gateway's bundles (distribution/target/cool-edge, by feature, at their start levels) in a Felix
 * framework inside this JVM, with the launcher's deployment manager on a deploy/ folder of its own (signed jars only). The API bundle's
 * packages are exported by the system bundle from this JVM's class path instead, so the benchmark can call the
 * gateway's services (OemCommands, ControlCycle, AuditLog) with its own types.
 */
final class EmbeddedGateway implements AutoCloseable {
    final Path home;
    final Path work;
    final Path deploy;
    private final Framework fw;

    EmbeddedGateway(Path home, List<String> features, Map<String, String> cfgFiles) throws Exception {
        this.home = home;
        work = Files.createTempDirectory("cool-edge-swap");
        Path etc = Files.createDirectories(work.resolve("etc"));
        Path data = Files.createDirectories(work.resolve("data"));
        deploy = Files.createDirectories(work.resolve("deploy"));
        for (Map.Entry<String, String> f : cfgFiles.entrySet()) {
            Files.writeString(etc.resolve(f.getKey()), f.getValue());
        }
        Features all = Features.load(home.resolve("system/features.xml"));
        List<Features.BundleRef> refs = all.resolve(features);
        Features.BundleRef api = refs.stream().filter(r -> r.artifactId().equals("api")
                && r.groupId().equals("org.thermalcommons.edge")).findFirst().orElseThrow();
        String apiExports;
        try (JarFile jar = new JarFile(home.resolve("bundles").resolve(api.fileName()).toFile())) {
            apiExports = jar.getManifest().getMainAttributes().getValue(Constants.EXPORT_PACKAGE);
        }
        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        props.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, apiExports);
        props.put("felix.bootdelegation.implicit", "false");
        props.put("felix.startlevel.bundle", "3");
        props.put("felix.log.level", "1");
        props.put("ds.loglevel", "error");
        props.put("cool.edge.home", home.toString());
        props.put("cool.edge.etc", etc.toString());
        props.put("cool.edge.data", data.toString());
        // The launcher's deployment settings (Launcher.start): the deployment manager watches deploy/ and installs
        // only jars signed by a key of etc/trust/ (the build's development key, as in the demo).
        props.put("cool.edge.deploy", deploy.toString());
        Path trust = Files.createDirectories(etc.resolve("trust"));
        try (var certs = Files.list(home.resolve("etc/trust"))) {
            for (Path c : (Iterable<Path>) certs::iterator) {
                Files.copy(c, trust.resolve(c.getFileName()));
            }
        }
        fw = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow().newFramework(props);
        fw.init();
        for (Features.BundleRef r : refs) {
            if (r == api) {
                continue;
            }
            Bundle b = fw.getBundleContext().installBundle(home.resolve("bundles").resolve(r.fileName()).toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(r.startLevel());
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        fw.start();
        CountDownLatch level = new CountDownLatch(1);
        fw.adapt(FrameworkStartLevel.class).setStartLevel(4, e -> level.countDown());
        if (!level.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the embedded gateway did not reach start level 4 within 60 s");
        }
    }

    BundleContext context() {
        return fw.getBundleContext();
    }

    /** The service, or null when none is registered now. */
    <T> T service(Class<T> type) {
        ServiceReference<T> r = context().getServiceReference(type);
        return r == null ? null : context().getService(r);
    }

    <T> T await(Class<T> type, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        for (T s; ; Thread.sleep(20)) {
            if ((s = service(type)) != null) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + type.getSimpleName() + " service within " + timeoutMs + " ms");
            }
        }
    }

    Bundle bundle(String symbolicName) {
        for (Bundle b : context().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        fw.stop();
        fw.waitForStop(30_000);
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
