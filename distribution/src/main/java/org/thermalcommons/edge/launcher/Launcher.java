package org.thermalcommons.edge.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.thermalcommons.edge.input.features.FeaturesFile;

/**
 * Starts the gateway: embeds Apache Felix, installs the bundles of the enabled features in start-level order, and
 * points the configuration loader at the site's configuration directory and the deployment manager at {@code deploy/}.
 */
public final class Launcher {
    /** The level the framework is raised to: the highest start level a features file may give a bundle. */
    static final int FINAL_START_LEVEL = FeaturesFile.MAX_START_LEVEL;
    private static final PrintStream OUT = System.out;

    private Launcher() {
    }

    /** What the command line asked for. */
    record Options(Path configDir, Path dataDir, List<String> extraFeatures) {
    }

    /** A start that did not complete: the framework is stopped again and the process exits non-zero. */
    static final class StartupFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        StartupFailedException(String message) {
            super(message, null, false, false);
        }
    }

    /** The running framework, for the shutdown hook installed before it starts. */
    private static final AtomicReference<Framework> RUNNING = new AtomicReference<>();
    private static volatile boolean shuttingDown;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs the gateway until it stops; returns the exit status: 0 after a requested stop, 1 when start-up failed or the
     * framework stopped by itself with an error, 2 for a usage or configuration error. Every failure is one line.
     */
    static int run(String[] args) {
        Thread hook = new Thread(() -> {
            shuttingDown = true;
            Framework fw = RUNNING.get();
            if (fw != null) {
                stop(fw);
            }
        }, "cool-edge-shutdown");
        Runtime.getRuntime().addShutdownHook(hook); // before start: a signal during start-up stops what has started
        try {
            Path home = Path.of(System.getProperty("cool.edge.home", ".")).toAbsolutePath().normalize();
            Options options = parse(home, args);
            if (options == null) {
                usage(OUT);
                return 0;
            }
            Framework fw = start(home, options);
            FrameworkEvent end = fw.waitForStop(0);
            if (end.getType() == FrameworkEvent.ERROR && !shuttingDown) {
                System.err.println("cool-edge: the OSGi framework stopped with an error: "
                        + (end.getThrowable() == null ? "" : rootMessage(end.getThrowable())));
                return 1;
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("cool-edge: " + e.getMessage());
            return 2;
        } catch (StartupFailedException e) {
            System.err.println("cool-edge: start-up failed, stopping: " + e.getMessage());
            return 1;
        } catch (Exception | LinkageError e) {
            System.err.println("cool-edge: failed to start: " + rootMessage(e));
            return 1;
        }
    }

    static void usage(PrintStream out) {
        out.println("usage: bin/edge demo                         run the simulated building (60x) with the demo configuration");
        out.println("       bin/edge run --config DIR [--data DIR] run with a site's configuration directory");
        out.println("options: --features a,b   start these features in addition to gateway.properties'");
    }

    /** Parses the command line; null means help was asked for. */
    static Options parse(Path home, String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing command: 'demo' or 'run --config DIR' (bin/edge --help)");
        }
        String command = args[0];
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            return null;
        }
        Path config = null;
        Path data = home.resolve("data");
        List<String> extra = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length && (a.equals("--config") || a.equals("--data") || a.equals("--features"))) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            switch (a) {
                case "--config" -> config = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--data" -> data = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--features" -> extra.addAll(List.of(args[++i].split("\\s*,\\s*")));
                default -> throw new IllegalArgumentException("unknown option '" + a + "' (bin/edge --help)");
            }
        }
        switch (command) {
            case "demo" -> {
                if (config == null) {
                    config = home.resolve("etc");
                }
            }
            case "run" -> {
                if (config == null) {
                    throw new IllegalArgumentException("'run' needs --config DIR (a directory of *.cfg files and gateway.properties)");
                }
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "': use 'demo' or 'run --config DIR'");
        }
        if (!Files.isDirectory(config)) {
            throw new IllegalArgumentException("configuration directory " + config + " does not exist");
        }
        return new Options(config, data, extra);
    }

    static Framework start(Path home, Options options) throws Exception {
        long t0 = System.nanoTime();
        GatewayProperties gateway = GatewayProperties.load(options.configDir());
        List<String> featureNames = new ArrayList<>(gateway.features());
        featureNames.addAll(options.extraFeatures());
        Features features = Features.load(home.resolve("system/features.xml"));
        List<Features.BundleRef> bundles = features.resolve(featureNames);
        Path bundleDir = home.resolve("bundles");
        List<String> missing = Features.missing(bundleDir, bundles);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("bundles missing from " + bundleDir + ": " + String.join(", ", missing)
                    + " (rebuild with: mvn -DskipTests install)");
        }
        Path data = prepareDataDir(options.dataDir());
        // deploy/ beside the installation, unless -Dcool.edge.deploy names another folder (a second gateway run from the
        // same installation, e.g. a test's, keeps its deployed bundles apart).
        Path deploy = Files.createDirectories(Path.of(System.getProperty("cool.edge.deploy", home.resolve("deploy").toString())));
        configureLogging();

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        // Felix HTTP waits for the configuration the console writes from its own validated cfg (address, port, HTTPS)
        // instead of first listening on its default port 8080 on every interface.
        props.put("org.apache.felix.http.require.config", "true");
        props.put("felix.startlevel.bundle", "3");
        props.put("felix.log.level", "0"); // start failures are reported once by the listener below
        // SCR prints a full stack trace per failed activation attempt; the start-up check reports each failed component
        // once, in one line naming its bundle (set -Dds.loglevel=error or debug to see SCR's own log).
        props.put("ds.loglevel", System.getProperty("ds.loglevel", "0"));
        props.put("felix.shutdown.hook", "false");
        props.put("cool.edge.home", home.toString());
        props.put("cool.edge.etc", options.configDir().toString());
        props.put("cool.edge.data", data.toString());
        props.put("cool.edge.deploy", deploy.toString());
        // For the feature service (bundles/deploy): what was started from which file, to turn features on and off.
        props.put("cool.edge.features", String.join(",", featureNames));
        props.put("cool.edge.features.xml", home.resolve("system/features.xml").toString());

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path (lib/org.apache.felix.framework.jar)"));
        Framework fw = factory.newFramework(props);
        fw.init();
        RUNNING.set(fw);
        StartupCheck check = new StartupCheck();
        fw.getBundleContext().addFrameworkListener(check);
        for (Features.BundleRef ref : bundles) {
            Path file = bundleDir.resolve(ref.fileName());
            Bundle b = fw.getBundleContext().installBundle(file.toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(ref.startLevel());
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        fw.start();
        long timeoutMs = startupTimeoutMillis();
        CountDownLatch levelReached = new CountDownLatch(1);
        fw.adapt(FrameworkStartLevel.class).setStartLevel(FINAL_START_LEVEL, e -> levelReached.countDown());
        List<String> problems = levelReached.await(timeoutMs, TimeUnit.MILLISECONDS)
                ? check.await(fw.getBundleContext(), featureNames(features, featureNames), timeoutMs)
                : List.of("start level " + FINAL_START_LEVEL + " not reached within " + timeoutMs / 1000.0 + " s");
        if (!problems.isEmpty()) {
            stopQuietly(fw);
            throw new StartupFailedException(String.join("; ", problems));
        }
        fw.getBundleContext().removeFrameworkListener(check);
        fw.getBundleContext().addFrameworkListener(new RunningListener(fw.getBundleContext()));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        OUT.printf("COOL Edge started: %d bundles, features %s, config %s, data %s (%d ms; %d ms since JVM start)%n",
                fw.getBundleContext().getBundles().length - 1, featureNames, options.configDir(), data, ms, sinceJvm);
        return fw;
    }

    /** How long start-up may take before the gateway gives up: {@code -Dcool.edge.startupTimeoutSeconds}, default 60. */
    static long startupTimeoutMillis() {
        String s = System.getProperty("cool.edge.startupTimeoutSeconds", "60");
        try {
            return Math.max(1, Math.min(600, Long.parseLong(s.strip()))) * 1000;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cool.edge.startupTimeoutSeconds '" + s + "' is not a number of seconds");
        }
    }

    /** The enabled feature names including the ones they pull in. */
    private static List<String> featureNames(Features features, List<String> enabled) {
        return features.closure(enabled);
    }

    static Path prepareDataDir(Path data) {
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".write-check", ".tmp");
            Files.delete(probe);
            return data;
        } catch (IOException | SecurityException e) {
            throw new IllegalArgumentException("cannot write the data directory " + data + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); give the gateway's user write access or choose another with --data DIR");
        }
    }

    /** slf4j-simple reads system properties; set sensible defaults unless the user set them. */
    static void configureLogging() {
        setDefault("org.slf4j.simpleLogger.logFile", "System.out");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.log.com.serotonin", "warn");
        setDefault("org.slf4j.simpleLogger.log.com.ghgande", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void stopQuietly(Framework fw) {
        try {
            fw.stop();
            fw.waitForStop(30_000);
        } catch (BundleException | InterruptedException e) {
            System.err.println("cool-edge: stop failed: " + e);
        }
    }

    static void stop(Framework fw) {
        try {
            if (fw.getState() == Bundle.ACTIVE || fw.getState() == Bundle.STARTING) {
                OUT.println("COOL Edge stopping...");
                fw.stop();
                fw.waitForStop(30_000);
            }
        } catch (BundleException | InterruptedException e) {
            System.err.println("cool-edge: stop failed: " + e);
        }
    }

    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String top = t.getMessage() == null ? t.toString() : t.getMessage();
        return c == t ? top : top + ": " + (c.getMessage() == null ? c.toString() : c.getMessage());
    }
}
