package org.thermalcommons.edge.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Runs the named suites, or all of them, printing figures on standard output and progress on standard error. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> names = args.length > 0 ? List.of(args) : discover();
        int failed = 0;
        for (String name : names) {
            Suite suite = load(name);
            System.err.println("== suite " + name);
            try {
                suite.run(new Figures(suite.name(), System.out));
            } catch (Exception | AssertionError e) {
                failed++;
                System.err.println("suite " + name + " failed: " + e);
                e.printStackTrace();
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    static Suite load(String name) throws ReflectiveOperationException {
        String cls = Main.class.getPackageName() + "." + name + "."
                + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Suite";
        try {
            return (Suite) Class.forName(cls).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown suite '" + name + "' (known: " + safeDiscover() + ")", e);
        }
    }

    private static String safeDiscover() {
        try {
            return String.join(", ", discover());
        } catch (Exception e) {
            return "?";
        }
    }

    /** Every sub-package of this one that holds a {@code <Name>Suite} class, in name order. */
    static List<String> discover() throws IOException, URISyntaxException {
        Path base = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(Main.class.getPackageName().replace('.', '/'));
        List<String> found = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                String n = d.getFileName().toString();
                String cls = Character.toUpperCase(n.charAt(0)) + n.substring(1) + "Suite.class";
                if (Files.exists(d.resolve(cls))) {
                    found.add(n.toLowerCase(Locale.ROOT));
                }
            }
        }
        return found;
    }
}
