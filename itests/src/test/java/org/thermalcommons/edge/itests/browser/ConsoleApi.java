package org.thermalcommons.edge.itests.browser;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's REST API as a signed-in user sees it (its own cookie jar and CSRF token): for a browser test to
 * prepare accounts and to check at the API what the page showed.
 */
public final class ConsoleApi {
    private static final Pattern CSRF = Pattern.compile("\"csrf\":\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private String csrf;

    private ConsoleApi(URI base) {
        this.base = base;
    }

    /** Signs {@code user} in; fails naming the answer when the console refuses. */
    public static ConsoleApi signIn(URI console, String user, String password) throws Exception {
        ConsoleApi api = new ConsoleApi(console);
        HttpResponse<String> r = api.send("POST", "/api/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 200) {
            throw new AssertionError("sign-in of " + user + " refused: " + r.statusCode() + " " + r.body());
        }
        Matcher m = CSRF.matcher(r.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF token in " + r.body());
        }
        api.csrf = m.group(1);
        return api;
    }

    /** As an admin: adds an account with {@link Browser#PASSWORD} and the given role. */
    public void createUser(String user, String role) throws Exception {
        HttpResponse<String> r = send("POST", "/api/users", "{\"username\":\"" + user + "\",\"password\":\"" + Browser.PASSWORD
                + "\",\"role\":\"" + role + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("creating " + user + " refused: " + r.statusCode() + " " + r.body());
        }
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A request with a JSON body (or none) and the CSRF token. */
    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
