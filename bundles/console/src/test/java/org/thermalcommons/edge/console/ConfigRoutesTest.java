package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration routes over HTTP against the production servlets, with an in-memory editor behind them. */
class ConfigRoutesTest {
    @TempDir
    Path dir;
    ConsoleServer server;
    ConsoleServer.Client installer;
    FakeConfigEditor editor;

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(dir);
        server.withUsers();
        editor = (FakeConfigEditor) server.gateway.configuration;
        installer = server.client();
        installer.login("installer", ConsoleServer.PASSWORD);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void anInstallerGetsTheMetatypeAndTheValuesButNeverASecret() throws Exception {
        HttpResponse<String> all = installer.get("/api/config");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.body()).contains("\"pid\":\"org.x.Cycle\"").contains("\"min\":\"10\",\"max\":\"60000\"")
                .contains("\"type\":\"password\"").contains("\"secrets\":{\".token\":true}").contains("\"stage\":\"applied\"")
                .doesNotContain(FakeConfigEditor.SECRET);
        HttpResponse<String> one = installer.get("/api/config/org.x.Device-pump");
        assertThat(one.body()).contains("\"factory\":true").contains("\"host\":\"127.0.0.1\"").doesNotContain(FakeConfigEditor.SECRET);
        assertThat(installer.get("/api/config/org.none.Thing").statusCode()).isEqualTo(404);
    }

    @Test
    void aRefusedSaveAnswers400WithEachKeysRuleAndChangesNothing() throws Exception {
        HttpResponse<String> r = installer.send("PUT", "/api/config/org.x.Cycle", "{\"values\":{\"periodMs\":\"5\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("\"fields\":{\"periodMs\":\"org.x.Cycle: key 'periodMs': value '5' is invalid: Value is less"
                + " than the minimum 10 [rule range]\"}");
        assertThat(editor.files.get("org.x.Cycle")).containsEntry("periodMs", "1000");
        HttpResponse<String> v = installer.send("POST", "/api/config/org.x.Cycle/validate", "{\"values\":{\"periodMs\":\"5\"}}");
        assertThat(v.statusCode()).isEqualTo(200);
        assertThat(v.body()).contains("\"valid\":false").contains("\"rule\":\"range\"");
        assertThat(installer.send("PUT", "/api/config/org.x.Cycle", "{\"values\":{\"periodMs\":{\"x\":1}}}").body())
                .contains("\"periodMs\":\"must be a string, number or boolean\"");
        assertThat(installer.send("POST", "/api/config/org.x.Cycle/rollback", null).statusCode()).as("nothing to roll back").isEqualTo(404);
    }

    @Test
    void aSaveThenRollbackGoesThroughTheEditorWithWhoDidIt() throws Exception {
        HttpResponse<String> s = installer.send("PUT", "/api/config/org.x.Cycle", "{\"values\":{\"periodMs\":500}}");
        assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
        assertThat(s.body()).contains("\"accepted\":true").contains("\"periodMs\":\"500\"").contains("\"previousVersions\":1");
        assertThat(installer.send("POST", "/api/config/org.x.Cycle/rollback", null).statusCode()).isEqualTo(200);
        assertThat(editor.files.get("org.x.Cycle")).containsEntry("periodMs", "1000");
        assertThat(editor.changes).containsExactly("installer (installer) saved org.x.Cycle", "installer (installer) rolled back org.x.Cycle");
    }

    @Test
    void aViewerIsRefusedEvenTheReadsAndWithoutTheEditorTheRoutesAnswer503() throws Exception {
        ConsoleServer.Client viewer = server.client();
        viewer.login("viewer", ConsoleServer.PASSWORD);
        HttpResponse<String> r = viewer.get("/api/config");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("role viewer may not GET /config");
        server.gateway.configuration = null;
        HttpResponse<String> none = installer.get("/api/config");
        assertThat(none.statusCode()).isEqualTo(503);
        assertThat(none.body()).contains("configuration editor (config bundle) is not running");
    }
}
