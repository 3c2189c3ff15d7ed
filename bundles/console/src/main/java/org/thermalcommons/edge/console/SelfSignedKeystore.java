package org.thermalcommons.edge.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.thermalcommons.edge.console.auth.Tokens;

/**
 * The console's HTTPS keystore when the site configured none: a self-signed certificate generated once into the data
 * directory ({@code console-keystore.p12}, password in {@code console-keystore.pass}, both owner-only) by the JDK's
 * keytool, and its SHA-256 fingerprint for the log, so an installer can check it against the browser's warning.
 *
 * @param file        the PKCS#12 keystore
 * @param password    its password (store and key)
 * @param fingerprint SHA-256 of the certificate, colon-separated hex
 */
record SelfSignedKeystore(Path file, String password, String fingerprint) {
    static final String ALIAS = "cool-edge-console";

    static SelfSignedKeystore ensure(Path dataDir, String hostName) throws IOException {
        Path ks = dataDir.resolve("console-keystore.p12");
        Path pass = dataDir.resolve("console-keystore.pass");
        if (!Files.exists(ks) || !Files.exists(pass)) {
            String pw = Tokens.random();
            Files.deleteIfExists(ks);
            writeOwnerOnly(pass, pw);
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "EC",
                    "-groupname", "secp256r1", "-validity", "3650", "-storetype", "PKCS12", "-keystore", ks.toString(),
                    "-storepass", pw, "-keypass", pw, "-dname", "CN=" + hostName + ", O=COOL Edge gateway",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1")).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(8192), StandardCharsets.UTF_8);
            }
            try {
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    throw new IOException("keytool could not create " + ks + ": " + out.strip());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while creating " + ks, e);
            }
            Files.setPosixFilePermissions(ks, PosixFilePermissions.fromString("rw-------"));
        }
        String pw = Files.readString(pass, StandardCharsets.UTF_8).strip();
        return new SelfSignedKeystore(ks, pw, fingerprint(ks, pw));
    }

    static String fingerprint(Path ks, String password) throws IOException {
        try (InputStream in = Files.newInputStream(ks)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            Certificate c = store.getCertificate(ALIAS);
            if (c == null) {
                throw new IOException(ks + " has no certificate '" + ALIAS + "'");
            }
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + ks + ": " + e.getMessage(), e);
        }
    }

    private static void writeOwnerOnly(Path f, String text) throws IOException {
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, text, StandardCharsets.UTF_8);
    }
}
