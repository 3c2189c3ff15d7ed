package org.thermalcommons.edge.console;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.thermalcommons.edge.console.auth.UserStore;

/**
 * The console's production servlets in an embedded Jetty 12 (the engine Felix HTTP embeds) on a free loopback port,
 * with a fake gateway; PBKDF2 at a low iteration count so a test can sign in many times.
 */
final class ConsoleServer implements AutoCloseable {
    static final String PASSWORD = "correct-horse-battery";

    final FakeGateway gateway = new FakeGateway();
    final UserStore users;
    final Console console;
    final Server server;
    final URI base;

    ConsoleServer(Path dataDir) throws Exception {
        this(dataDir, Clock.systemUTC());
    }

    ConsoleServer(Path dataDir, Clock clock) throws Exception {
        this(dataDir, clock, ConsoleSettings.UPLOAD_LIMIT_BYTES);
    }

    ConsoleServer(Path dataDir, Clock clock, long uploadLimitBytes) throws Exception {
        ConsoleSettings s = new ConsoleSettings(Duration.ofMinutes(30), Duration.ofHours(12), 5, Duration.ofMinutes(15), 1_000,
                16 * 1024, 64, Duration.ofHours(24), 1_000, Set.of("cycle", "store"), uploadLimitBytes);
        users = UserStore.open(dataDir);
        console = new Console(s, gateway, users, clock, Console.class.getClassLoader());
        server = new Server();
        ServerConnector http = new ServerConnector(server);
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        ServletContextHandler ctx = new ServletContextHandler("/");
        for (Map.Entry<String, jakarta.servlet.http.HttpServlet> e : console.servlets().entrySet()) {
            ServletHolder h = new ServletHolder(e.getValue());
            h.setAsyncSupported(Console.async(e.getKey()));
            ctx.addServlet(h, e.getKey());
        }
        server.setHandler(ctx);
        server.start();
        base = URI.create("http://127.0.0.1:" + http.getLocalPort());
    }

    @Override
    public void close() throws Exception {
        server.stop();
        console.close();
        users.close();
    }

    /**
     * A browser-like client: its own cookie jar, the CSRF token it was given at sign-in, and HTTP/1.1 as a browser speaks
     * it over plain http (the JDK client's default offers an h2c upgrade on each new connection, which no browser does).
     */
    final class Client {
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        String csrf;

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> send(String method, String path, String json, boolean withCsrf) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                b.header("Content-Type", "application/json");
            }
            if (withCsrf && csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        /** A raw body (a jar upload) with the CSRF token. */
        HttpResponse<String> sendBytes(String method, String path, byte[] body, String contentType) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
            if (csrf != null) {
                b.header("X-CSRF-Token", csrf);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            return send(method, path, json, true);
        }

        HttpResponse<String> login(String user, String password) throws Exception {
            HttpResponse<String> r = send("POST", "/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
            if (r.statusCode() == 200) {
                csrf = r.body().replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
            }
            return r;
        }

        HttpResponse<String> setup(String token, String user, String password) throws Exception {
            HttpResponse<String> r = send("POST", "/api/setup", "{\"token\":\"" + token + "\",\"username\":\"" + user
                    + "\",\"password\":\"" + password + "\"}");
            if (r.statusCode() == 200) {
                csrf = r.body().replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
            }
            return r;
        }
    }

    Client client() {
        return new Client();
    }

    /** Sets up the first admin and adds an installer and a viewer; returns the admin's client. */
    Client withUsers() throws Exception {
        String token = console.issueSetupToken().orElseThrow();
        Client admin = client();
        if (admin.setup(token, "admin", PASSWORD).statusCode() != 200) {
            throw new IllegalStateException("setup failed");
        }
        for (String role : new String[] {"installer", "viewer"}) {
            HttpResponse<String> r = admin.send("POST", "/api/users",
                    "{\"username\":\"" + role + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("creating " + role + ": " + r.statusCode() + " " + r.body());
            }
        }
        return admin;
    }
}
