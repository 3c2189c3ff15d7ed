package org.thermalcommons.edge.input.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Generates hostile variants of valid text inputs, deterministically for a seed: byte flips, deletions, duplicated
 * spans, inserted tokens (JSON and .cfg syntax, control characters, malformed UTF-8), truncation, deep nesting,
 * long strings and numbers, empty input, and now and then input over the size limit. Shared by the cfg and profile
 * fuzz tests and the fuzz benchmark (test-jar of input-support).
 */
public final class Mutator {
    private static final List<String> TOKENS = List.of("{", "}", "[", "]", "\"", ",", ":", "=", "#", "\n", "\r\n",
            "null", "true", "1e999", "-0", "NaN", "9".repeat(40), "\"x\":1,", "\\u0000", "\u0000", "\u0001", "\u00ff",
            "\uFEFF", "\u202E", "ü", "\t", "key = value\n", "periodMs = 5\n", "periodMs = 500\n", "\"name\":\"a\",",
            "\"points\":[],", "\"id\":\"modbus-meter\",", "=".repeat(3), "\\", "'");
    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** One hostile variant of {@code base}; at most {@code maxBytes * 2} long. */
    public byte[] mutate(String base, long maxBytes) {
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        int ops = 1 + random.nextInt(4);
        for (int i = 0; i < ops; i++) {
            b = once(b, maxBytes);
        }
        return b;
    }

    private byte[] once(byte[] b, long maxBytes) {
        int n = b.length;
        int at = n == 0 ? 0 : random.nextInt(n);
        switch (random.nextInt(14)) {
            case 0 -> {
                byte[] c = b.clone();
                for (int k = 0; k < 1 + random.nextInt(8) && n > 0; k++) {
                    c[random.nextInt(n)] = (byte) random.nextInt(256);
                }
                return c;
            }
            case 1 -> {
                int len = Math.min(n - at, 1 + random.nextInt(64));
                return concat(slice(b, 0, at), slice(b, at + len, n));
            }
            case 2 -> {
                int len = Math.min(n - at, 1 + random.nextInt(128));
                return concat(slice(b, 0, at + len), slice(b, at, n));
            }
            case 3, 4, 5 -> {
                String t = TOKENS.get(random.nextInt(TOKENS.size()));
                return concat(slice(b, 0, at), t.getBytes(StandardCharsets.UTF_8), slice(b, at, n));
            }
            case 6 -> {
                return slice(b, 0, at);
            }
            case 7 -> {
                int depth = 1 + random.nextInt(random.nextBoolean() ? 20 : 600);
                return concat(slice(b, 0, at), "[".repeat(depth).getBytes(StandardCharsets.US_ASCII),
                        "]".repeat(random.nextInt(depth + 1)).getBytes(StandardCharsets.US_ASCII), slice(b, at, n));
            }
            case 8 -> {
                String s = "\"" + "x".repeat(random.nextInt(10_000)) + "\"";
                return concat(slice(b, 0, at), s.getBytes(StandardCharsets.US_ASCII), slice(b, at, n));
            }
            case 9 -> {
                return new byte[0];
            }
            case 10 -> {
                byte[] junk = new byte[random.nextInt(512)];
                random.nextBytes(junk);
                return concat(slice(b, 0, at), junk, slice(b, at, n));
            }
            case 11 -> {
                return concat(slice(b, 0, at), new byte[] {(byte) 0xC3, (byte) 0x28}, slice(b, at, n));
            }
            case 12 -> {
                if (random.nextInt(40) == 0) { // over the limit, now and then
                    byte[] big = new byte[(int) maxBytes + 1 + random.nextInt(1024)];
                    java.util.Arrays.fill(big, (byte) ' ');
                    return concat(b, big);
                }
                return concat(b, b);
            }
            default -> {
                int lineStart = at;
                while (lineStart > 0 && b[lineStart - 1] != '\n') {
                    lineStart--;
                }
                int lineEnd = at;
                while (lineEnd < n && b[lineEnd] != '\n') {
                    lineEnd++;
                }
                return concat(slice(b, 0, lineEnd), new byte[] {'\n'}, slice(b, lineStart, n)); // a repeated line
            }
        }
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, Math.max(0, Math.min(from, b.length)), Math.max(0, Math.min(to, b.length)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
