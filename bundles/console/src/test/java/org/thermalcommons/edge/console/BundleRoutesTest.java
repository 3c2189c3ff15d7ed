package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.api.deploy.DeploymentEvent;

/** The Bundles page's API over HTTP against the production servlets, with the deployment manager as a fake. */
class BundleRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    ConsoleServer server;
    ConsoleServer.Client admin;
    FakeDeployments deployments = new FakeDeployments();

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(dir, Clock.systemUTC(), 64 * 1024);
        admin = server.withUsers();
        server.gateway.deployments = deployments;
        server.gateway.features = new FakeFeatures();
        server.gateway.bundles.add(new BundleInfo(0, "org.apache.felix.framework", "7.0.5", "ACTIVE", "System Bundle"));
        server.gateway.bundles.add(new BundleInfo(12, "org.thermalcommons.edge.core", "0.1.0.SNAPSHOT", "ACTIVE", "file:/opt/edge/bundles/core.jar"));
        server.gateway.bundles.add(new BundleInfo(40, "org.example.plugin", "1.1.0", "ACTIVE", "deploy:org.example.plugin"));
        deployments.deployed.add(FakeDeployments.bundle("org.example.plugin", "1.1.0", Optional.of("1.0.0")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    /** A jar with a manifest and one class entry, and no signature. */
    static byte[] unsignedJar() throws IOException {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().putValue("Bundle-SymbolicName", "org.example.plain");
        mf.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, mf)) {
            jar.putNextEntry(new ZipEntry("org/example/plain/Plain.class"));
            jar.write(new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe});
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private JsonNode bundles() throws Exception {
        HttpResponse<String> r = admin.get("/api/bundles");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static JsonNode bySymbolicName(JsonNode list, String bsn) {
        for (JsonNode b : list.get("bundles")) {
            if (b.get("symbolicName").asText().equals(bsn)) {
                return b;
            }
        }
        throw new AssertionError(bsn + " not listed in " + list);
    }

    @Test
    void everyFrameworkBundleIsListedWithItsStateAndTheDeployedOnesWithSignerShaHealthAndPreviousVersion() throws Exception {
        JsonNode list = bundles();
        assertThat(list.get("bundles")).hasSize(3);
        assertThat(bySymbolicName(list, "org.apache.felix.framework").get("source").asText()).isEqualTo("framework");
        JsonNode core = bySymbolicName(list, "org.thermalcommons.edge.core");
        assertThat(core.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(core.get("source").asText()).isEqualTo("distribution");
        assertThat(core.has("deployed")).isFalse();
        JsonNode plugin = bySymbolicName(list, "org.example.plugin");
        assertThat(plugin.get("source").asText()).isEqualTo("deploy");
        JsonNode d = plugin.get("deployed");
        assertThat(d.get("signer").asText()).isEqualTo("CN=COOL Edge development");
        assertThat(d.get("sha256").asText()).isEqualTo("ab".repeat(32));
        assertThat(d.get("health").get("status").asText()).isEqualTo("UP");
        assertThat(d.get("previousVersion").asText()).isEqualTo("1.0.0");
        assertThat(list.get("uploadLimitBytes").asLong()).isEqualTo(64 * 1024);
    }

    @Test
    void anUploadReachesTheManagerAsTheSameBytesUnderItsNameIsPendingUntilItEndsAndItsEndIsAuditedWithTheUser() throws Exception {
        deployments.hold = true;
        byte[] jar = unsignedJar();
        HttpResponse<String> r = admin.sendBytes("POST", "/api/bundles?name=plain-1.0.jar", jar, "application/java-archive");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"status\":\"pending\"").contains("\"target\":\"plain-1.0.jar\"");
        assertThat(deployments.uploads.get("plain-1.0.jar")).isEqualTo(jar);
        assertThat(bundles().get("requests").get(0).get("status").asText()).isEqualTo("pending");
        assertThat(server.gateway.audit.events).anySatisfy(e -> assertThat(e.message()).contains("admin (admin)")
                .contains("uploaded plain-1.0.jar (" + jar.length + " bytes, SHA-256 "));

        deployments.complete(deployments.held.get(0), "install", "plain-1.0.jar");

        JsonNode done = bundles().get("requests").get(0);
        assertThat(done.get("status").asText()).isEqualTo("done");
        assertThat(done.get("event").get("kind").asText()).isEqualTo("REFUSED");
        assertThat(done.get("event").get("rule").asText()).isEqualTo("unsigned");
        assertThat(bundles().get("history").get(0).get("detail").asText()).contains("is not signed");
        assertThat(server.gateway.audit.events).anySatisfy(e -> assertThat(e.message()).contains("admin (admin)")
                .contains("install of plain-1.0.jar ended: REFUSED [rule unsigned]"));
        assertThat(deployments.uploadPaths.get(0)).as("the temporary upload is deleted once the manager is done").doesNotExist();
    }

    @Test
    void anUploadOverTheConfiguredLimitIsRefusedWith413AndNeverReachesTheManager() throws Exception {
        HttpResponse<String> r = admin.sendBytes("POST", "/api/bundles?name=big.jar", new byte[64 * 1024 + 1], "application/java-archive");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("the limit is 65536 bytes").contains("[rule too-large]");
        assertThat(deployments.uploads).isEmpty();
        assertThat(bundles().get("requests")).isEmpty();
    }

    @Test
    void anUploadWithoutAJarNameOrEmptyIsRefusedWith400() throws Exception {
        HttpResponse<String> noName = admin.sendBytes("POST", "/api/bundles?name=../../etc/passwd", unsignedJar(), "application/java-archive");
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).contains("\"name\":\"must be a file name ending in .jar");
        HttpResponse<String> empty = admin.sendBytes("POST", "/api/bundles?name=empty.jar", new byte[0], "application/java-archive");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("is empty [rule empty]");
        assertThat(deployments.uploads).isEmpty();
    }

    @Test
    void anAutomaticRollbackIsShownWithItsRuleAndReasonInTheHistory() throws Exception {
        deployments.history.add(new DeploymentEvent(java.time.Instant.now(), DeploymentEvent.Kind.ROLLED_BACK, "org.example.plugin.jar",
                "org.example.plugin", "1.0.0", "cd".repeat(32), "CN=COOL Edge development", java.time.Duration.ofMillis(80),
                "activation-failed", "org.example.plugin 1.2.0 failed: component X failed to activate; rolled back to 1.0.0"));
        JsonNode e = bundles().get("history").get(0);
        assertThat(e.get("kind").asText()).isEqualTo("ROLLED_BACK");
        assertThat(e.get("rule").asText()).isEqualTo("activation-failed");
        assertThat(e.get("detail").asText()).contains("rolled back to 1.0.0");
    }

    @Test
    void uninstallAndRollbackAreHandedToTheManagerAndAuditedWithTheUser() throws Exception {
        assertThat(admin.send("POST", "/api/bundles/org.example.plugin/rollback", null).statusCode()).isEqualTo(202);
        assertThat(admin.send("DELETE", "/api/bundles/org.example.plugin", null).statusCode()).isEqualTo(202);
        assertThat(bundles().get("requests")).extracting(q -> q.get("action").asText() + " " + q.get("event").get("kind").asText())
                .containsExactly("uninstall UNINSTALLED", "rollback ROLLED_BACK");
        assertThat(server.gateway.audit.events).anySatisfy(e -> assertThat(e.message()).contains("admin (admin)")
                .contains("rollback of org.example.plugin ended: ROLLED_BACK [rule requested]"));
        assertThat(admin.send("DELETE", "/api/bundles/no%20such", null).statusCode()).as("a name with a space").isEqualTo(400);
    }

    @Test
    void withoutTheDeploymentManagerTheBundlesAreStillListedAndRequestsAnswer503() throws Exception {
        server.gateway.deployments = null;
        JsonNode list = bundles();
        assertThat(list.get("deployManager").asBoolean()).isFalse();
        assertThat(list.get("bundles")).hasSize(3);
        HttpResponse<String> r = admin.sendBytes("POST", "/api/bundles?name=a.jar", unsignedJar(), "application/java-archive");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("the deployment manager is not running");
    }

    @Test
    void aFeatureIsTurnedOnAndOffAndARefusalAnswers409WithTheRule() throws Exception {
        HttpResponse<String> on = admin.send("POST", "/api/features/market", "{\"enabled\":true}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(on.body()).contains("\"outcome\":\"ENABLED\"");
        assertThat(admin.get("/api/features").body()).contains("{\"name\":\"market\",\"description\":\"market feature\",\"enabled\":true");
        HttpResponse<String> core = admin.send("POST", "/api/features/core", "{\"enabled\":false}");
        assertThat(core.statusCode()).isEqualTo(409);
        assertThat(core.body()).contains("core cannot be turned off").contains("[rule required-feature]");
        assertThat(server.gateway.audit.events).anySatisfy(e -> assertThat(e.message()).contains("admin (admin)")
                .contains("turned feature market on: ENABLED"));
        HttpResponse<String> bad = admin.send("POST", "/api/features/market", "{\"enabled\":\"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    @Test
    void viewersAndInstallersGet403FromTheBundlesAndFeaturesApi() throws Exception {
        for (String role : new String[] {"viewer", "installer"}) {
            ConsoleServer.Client c = server.client();
            assertThat(c.login(role, ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
            for (String path : new String[] {"/api/bundles", "/api/features"}) {
                HttpResponse<String> r = c.get(path);
                assertThat(r.statusCode()).as(role + " " + path).isEqualTo(403);
                assertThat(r.body()).contains("role " + role + " may not GET");
            }
        }
    }
}
