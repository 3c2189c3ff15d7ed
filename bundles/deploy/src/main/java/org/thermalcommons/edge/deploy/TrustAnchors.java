package org.thermalcommons.edge.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The gateway's trust store: the X.509 certificates ({@code *.pem}, {@code *.crt}, {@code *.cer}; PEM or DER) in one
 * directory. A signer is trusted when its certificate is one of them, or its chain leads to one of them (PKIX, no
 * revocation check: a gateway may be offline), valid at the signing time (the time stamp, or now).
 */
final class TrustAnchors {
    /** Largest certificate file read. */
    static final long MAX_FILE_BYTES = 64 * 1024;
    private final List<X509Certificate> certificates;
    private final List<String> problems;

    private TrustAnchors(List<X509Certificate> certificates, List<String> problems) {
        this.certificates = List.copyOf(certificates);
        this.problems = List.copyOf(problems);
    }

    static TrustAnchors of(List<X509Certificate> certificates) {
        return new TrustAnchors(certificates, List.of());
    }

    /** Reads every certificate file of {@code dir} (a missing directory trusts nobody). Never throws. */
    static TrustAnchors load(Path dir) {
        List<X509Certificate> certs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add("trust store " + dir + " does not exist");
            return new TrustAnchors(certs, problems);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer");
            }).sorted().toList();
        } catch (IOException e) {
            problems.add("trust store " + dir + " cannot be listed: " + e);
            return new TrustAnchors(certs, problems);
        }
        for (Path f : files) {
            try {
                if (Files.size(f) > MAX_FILE_BYTES) {
                    problems.add(f.getFileName() + " is larger than " + MAX_FILE_BYTES + " bytes [rule too-large]");
                    continue;
                }
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        certs.add((X509Certificate) c);
                    }
                }
            } catch (IOException | CertificateException | RuntimeException e) {
                problems.add(f.getFileName() + " is not an X.509 certificate: " + e.getMessage() + " [rule certificate]");
            }
        }
        return new TrustAnchors(certs, problems);
    }

    List<X509Certificate> certificates() {
        return certificates;
    }

    /** What could not be read, one sentence each. */
    List<String> problems() {
        return problems;
    }

    boolean isEmpty() {
        return certificates.isEmpty();
    }

    /**
     * The certificate that makes {@code chain} (signer first) trusted at {@code at}, if any: an anchor in the chain
     * (checked for validity), or an anchor that PKIX validation of the chain below it ends in.
     */
    Optional<X509Certificate> trusts(List<? extends Certificate> chain, Instant at) {
        if (chain.isEmpty() || certificates.isEmpty()) {
            return Optional.empty();
        }
        List<X509Certificate> x509 = new ArrayList<>();
        for (Certificate c : chain) {
            if (!(c instanceof X509Certificate x)) {
                return Optional.empty();
            }
            x509.add(x);
        }
        for (int i = 0; i < x509.size(); i++) {
            if (certificates.contains(x509.get(i))) {
                return (i == 0 ? validAt(x509.get(0), at) : pkix(x509.subList(0, i), at)) ? Optional.of(x509.get(i)) : Optional.empty();
            }
        }
        return pkix(x509, at) ? anchorOf(x509.get(x509.size() - 1)) : Optional.empty();
    }

    private Optional<X509Certificate> anchorOf(X509Certificate top) {
        return certificates.stream().filter(a -> a.getSubjectX500Principal().equals(top.getIssuerX500Principal())).findFirst();
    }

    private static boolean validAt(X509Certificate c, Instant at) {
        try {
            c.checkValidity(Date.from(at));
            return true;
        } catch (CertificateException e) {
            return false;
        }
    }

    private boolean pkix(List<X509Certificate> path, Instant at) {
        try {
            Set<TrustAnchor> anchors = new HashSet<>();
            for (X509Certificate c : certificates) {
                anchors.add(new TrustAnchor(c, null));
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            CertPathValidator.getInstance("PKIX").validate(cp, params);
            return true;
        } catch (CertPathValidatorException e) {
            return false;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
