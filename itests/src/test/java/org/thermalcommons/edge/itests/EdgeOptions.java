package org.thermalcommons.edge.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.ops4j.pax.exam.Option;
import org.thermalcommons.edge.launcher.Features;

/**
 * Pax Exam options that boot the gateway the way the launcher does: the bundles of the named features, from the
 * assembled distribution, at their start levels, with a configuration directory of our own.
 */
final class EdgeOptions {
    static final Path DISTRIBUTION = Path.of(System.getProperty("cool.edge.distribution", "../distribution/target/cool-edge"));

    private EdgeOptions() {
    }

    static Option[] gateway(String name, List<String> features, Map<String, String> cfgFiles) throws IOException {
        Path work = Files.createDirectories(Path.of("target/itest-work", name)).toAbsolutePath();
        Path etc = Files.createDirectories(work.resolve("etc"));
        try (var old = Files.list(etc)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Path data = Files.createDirectories(work.resolve("data"));
        Path deploy = Files.createDirectories(work.resolve("deploy"));
        try (var old = Files.list(deploy)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        for (Map.Entry<String, String> f : cfgFiles.entrySet()) {
            Files.writeString(etc.resolve(f.getKey()), f.getValue());
        }
        Features all = Features.load(DISTRIBUTION.resolve("system/features.xml"));
        List<Option> options = new ArrayList<>();
        for (Features.BundleRef b : all.resolve(features)) {
            options.add(bundle(DISTRIBUTION.resolve("bundles").resolve(b.fileName()).toUri().toString())
                    .startLevel(b.startLevel()).start());
        }
        String m2 = System.getProperty("cool.edge.m2", System.getProperty("user.home") + "/.m2/repository");
        options.add(junitBundles());
        options.add(frameworkStartLevel(10));
        options.add(cleanCaches());
        options.add(workingDirectory(work.resolve("exam").toString()));
        options.add(frameworkProperty("felix.bootdelegation.implicit").value("false"));
        options.add(frameworkProperty("cool.edge.home").value(DISTRIBUTION.toAbsolutePath().toString()));
        options.add(frameworkProperty("cool.edge.etc").value(etc.toString()));
        options.add(frameworkProperty("cool.edge.data").value(data.toString()));
        options.add(frameworkProperty("cool.edge.config.pollMillis").value("200"));
        options.add(frameworkProperty("felix.fileinstall.dir").value(deploy.toString()));
        options.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.jar"));
        options.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        options.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        options.add(frameworkProperty("felix.fileinstall.bundles.new.start").value("true"));
        options.add(frameworkProperty("felix.fileinstall.start.level").value("3"));
        options.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        options.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(m2));
        options.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value("https://repo1.maven.org/maven2@id=central"));
        options.add(systemProperty("org.slf4j.simpleLogger.defaultLogLevel").value("info"));
        options.add(systemProperty("cool.edge.itest.deploy").value(deploy.toString()));
        return options.toArray(new Option[0]);
    }

    /** Waits for a condition, checking every 20 ms, failing after {@code timeoutMs}. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
