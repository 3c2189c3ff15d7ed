package org.thermalcommons.edge.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints figures as {@code <suite>.<figure>: <value> <unit>}, one per line, on standard output. */
public final class Figures {
    private final String suite;
    private final PrintStream out;

    public Figures(String suite, PrintStream out) {
        this.suite = suite;
        this.out = out;
    }

    public void report(String figure, double value, String unit) {
        String v = Math.abs(value) >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%.1f", value)
                : String.format(Locale.ROOT, "%.3f", value);
        out.println(suite + "." + figure + ": " + v + " " + unit);
        out.flush();
    }

    /** Percentile (0..100) of the given samples; sorts a copy. */
    public static double percentile(long[] samples, double p) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] s = samples.clone();
        java.util.Arrays.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, idx))];
    }
}
