package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSigner;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;
import org.thermalcommons.edge.input.InputRejectedException;

/**
 * The signature check every jar passes before it is installed (ARCHITECTURE.md §6): the jar is copied into a private
 * file (at most {@code maxBytes}, hashed on the way), the copy is opened with verification on
 * ({@code new JarFile(copy, true)}), every entry is read to its end (a tampered entry fails its digest there), and
 * every entry that is not part of the signature itself must carry a signer that the trust store trusts. The bundle is
 * then installed from the verified copy, never from the original, which the installer may still change.
 * <p>
 * Refusals carry the file and one rule: {@code too-large}, {@code corrupt}, {@code unsigned} (no signature at all),
 * {@code unsigned-entry} (an entry added after signing), {@code tampered} (an entry changed after signing),
 * {@code untrusted-signer} (signed, but by a key the trust store does not hold), {@code not-a-bundle}.
 */
final class JarVerifier {
    /** Most entries read from one jar. */
    static final int MAX_ENTRIES = 65_536;
    /** How much larger than the jar its uncompressed content may be (a zip bomb is refused, not unpacked). */
    static final long MAX_EXPANSION = 16;

    /** What a verified jar is. */
    record Verified(Path copy, String sha256, String symbolicName, String version, String signer, Duration took) {
    }

    private final Supplier<TrustAnchors> trust;
    private final LongSupplier maxBytesLimit;
    private final Clock clock;

    JarVerifier(Supplier<TrustAnchors> trust, LongSupplier maxBytes, Clock clock) {
        this.trust = trust;
        this.maxBytesLimit = maxBytes;
        this.clock = clock;
    }

    /**
     * Copies {@code source} to {@code copy} and verifies the copy. On refusal the copy is deleted and the exception
     * names {@code name} and the rule.
     */
    Verified verify(Path source, Path copy, String name) throws InputRejectedException {
        long t0 = System.nanoTime();
        try {
            String sha = copyBounded(source, copy, name);
            return check(copy, sha, name, t0);
        } catch (InputRejectedException | RuntimeException e) {
            deleteQuietly(copy);
            throw e;
        }
    }

    /** Verifies a jar already in the manager's own storage (a kept version, before it is installed again). */
    Verified verifyInPlace(Path jar, String name) throws InputRejectedException {
        long t0 = System.nanoTime();
        return check(jar, sha256(jar, name), name, t0);
    }

    private Verified check(Path copy, String sha, String name, long t0) throws InputRejectedException {
        TrustAnchors anchors = trust.get();
        Instant now = clock.instant();
        String signer = null;
        boolean signatureFiles = false;
        String unsignedEntry = null;
        String untrusted = null;
        Manifest manifest;
        try (JarFile jar = new JarFile(copy.toFile(), true)) {
            manifest = jar.getManifest();
            long budget = Math.max(maxBytesLimit.getAsLong(), Files.size(copy)) * MAX_EXPANSION;
            int count = 0;
            byte[] buf = new byte[16 * 1024];
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new InputRejectedException(name, "", "too-large", "has more than " + MAX_ENTRIES + " entries");
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        budget -= n;
                        if (budget < 0) {
                            throw new InputRejectedException(name, entry.getName(), "too-large",
                                    "unpacks to more than " + MAX_EXPANSION + " times the size limit");
                        }
                    }
                } catch (SecurityException ex) {
                    throw new InputRejectedException(name, entry.getName(), "tampered",
                            "entry does not match the digest it was signed with (changed after signing): " + ex.getMessage());
                }
                String upper = entry.getName().toUpperCase(Locale.ROOT);
                if (isSignatureFile(upper)) {
                    signatureFiles |= upper.endsWith(".SF");
                    continue;
                }
                if (entry.isDirectory()) {
                    continue;
                }
                CodeSigner[] signers = entry.getCodeSigners();
                if (signers == null || signers.length == 0) {
                    unsignedEntry = unsignedEntry == null ? entry.getName() : unsignedEntry;
                    continue;
                }
                Optional<String> trusted = trustedSigner(anchors, signers, now);
                if (trusted.isEmpty()) {
                    untrusted = untrusted == null ? subject(signers[0]) : untrusted;
                } else if (signer == null) {
                    signer = trusted.get();
                }
            }
        } catch (InputRejectedException e) {
            throw e;
        } catch (SecurityException e) {
            throw new InputRejectedException(name, "", "tampered", "its signature does not verify: " + e.getMessage());
        } catch (ZipException e) {
            throw new InputRejectedException(name, "", "corrupt", "is not a readable jar (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new InputRejectedException(name, "", "corrupt", "cannot be read as a jar (" + e + ")");
        }
        if (!signatureFiles) {
            throw new InputRejectedException(name, "", "unsigned", "is not signed; only jars signed by a key of the trust store are installed");
        }
        if (unsignedEntry != null) {
            throw new InputRejectedException(name, unsignedEntry, "unsigned-entry", "entry is not covered by the signature (added after signing)");
        }
        if (untrusted != null || signer == null) {
            throw new InputRejectedException(name, "", "untrusted-signer", "is signed by '" + untrusted
                    + "', which the trust store does not trust" + (anchors.isEmpty() ? " (the trust store holds no certificate)" : ""));
        }
        String bsn = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        if (bsn == null || bsn.isBlank()) {
            throw new InputRejectedException(name, "META-INF/MANIFEST.MF", "not-a-bundle", "has no Bundle-SymbolicName");
        }
        String version = Optional.ofNullable(manifest.getMainAttributes().getValue("Bundle-Version")).map(String::strip).orElse("0.0.0");
        return new Verified(copy, sha, bsn.split(";")[0].strip(), version, signer, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static Optional<String> trustedSigner(TrustAnchors anchors, CodeSigner[] signers, Instant now) {
        for (CodeSigner s : signers) {
            Instant at = s.getTimestamp() != null ? s.getTimestamp().getTimestamp().toInstant() : now;
            if (anchors.trusts(s.getSignerCertPath().getCertificates(), at).isPresent()) {
                return Optional.of(subject(s));
            }
        }
        return Optional.empty();
    }

    private static String subject(CodeSigner s) {
        return s.getSignerCertPath().getCertificates().get(0) instanceof X509Certificate x
                ? x.getSubjectX500Principal().getName() : "?";
    }

    /** The manifest, signature files and signature blocks (META-INF/*.SF, *.RSA, *.DSA, *.EC, SIG-*), and META-INF/. */
    static boolean isSignatureFile(String upperName) {
        if (!upperName.startsWith("META-INF/") || upperName.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String n = upperName.substring("META-INF/".length());
        return n.isEmpty() || n.equals("MANIFEST.MF") || n.endsWith(".SF") || n.endsWith(".RSA") || n.endsWith(".DSA")
                || n.endsWith(".EC") || n.startsWith("SIG-");
    }

    private String copyBounded(Path source, Path copy, String name) throws InputRejectedException {
        long maxBytes = maxBytesLimit.getAsLong();
        try {
            long size = Files.size(source);
            if (size > maxBytes) {
                throw new InputRejectedException(name, "", "too-large", size + " bytes is more than the limit of " + maxBytes + " bytes");
            }
            MessageDigest md = sha256();
            Files.createDirectories(copy.getParent());
            long total = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = Files.newInputStream(source);
                 OutputStream out = Files.newOutputStream(copy, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    total += n;
                    if (total > maxBytes) {
                        throw new InputRejectedException(name, "", "too-large", "grew past the limit of " + maxBytes + " bytes while read");
                    }
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchFileException e) {
            throw new InputRejectedException(name, "", "gone", "was removed before it could be read");
        } catch (IOException e) {
            throw new InputRejectedException(name, "", "io", "cannot be read (" + e + ")");
        }
    }

    static String sha256(Path file, String name) throws InputRejectedException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new InputRejectedException(name, "", "io", "cannot be read (" + e + ")");
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a stale staging copy is removed at the next start
        }
    }
}
