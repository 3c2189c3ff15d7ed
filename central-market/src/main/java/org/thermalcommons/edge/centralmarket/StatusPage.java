package org.thermalcommons.edge.centralmarket;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The market's status page on a plain Jetty 12 server in the market's JVM, bound to 127.0.0.1: the district map
 * (SVG drawn from the configured coordinates, no tile server), each site's state, load and flexibility, the open
 * order book, clearing prices over time and the trade log. GET only; the page refreshes itself every 5 s.
 */
final class StatusPage implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    private final Server server;
    private final Supplier<MarketView> view;

    StatusPage(int port, Supplier<MarketView> view) {
        this.view = view;
        server = new Server(new InetSocketAddress("127.0.0.1", port));
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                return serve(request, response, callback);
            }
        });
    }

    void start() throws Exception {
        server.start();
    }

    int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private boolean serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!"GET".equals(request.getMethod())) {
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        if (!"/".equals(path)) {
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            return true;
        }
        String html;
        try {
            html = render(view.get());
        } catch (RuntimeException e) {
            LOG.warn("status page: {}", e.getMessage());
            Response.writeError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, html, callback);
        return true;
    }

    static String render(MarketView v) {
        StringBuilder b = new StringBuilder(16_384);
        b.append("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"5\">")
                .append("<title>COOL central market</title><style>body{font-family:sans-serif;margin:1.5em}")
                .append("table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;")
                .append("padding:2px 8px;text-align:right}th{background:#eee}td.l{text-align:left}</style></head><body>")
                .append("<h1>COOL central market</h1><p>Market time ").append(v.now()).append(" · messages received ")
                .append(v.received()).append(", duplicates dropped ").append(v.duplicates()).append(", rejected ")
                .append(esc(v.rejected().toString())).append(" · outbox ").append(v.outboxDepth()).append("</p>");
        b.append("<h2>District</h2>").append(DistrictMap.svg(v.sites()));
        b.append("<h2>Sites</h2><table><tr><th>site</th><th>state</th><th>mode</th><th>load kW</th>")
                .append("<th>flex up kW</th><th>flex down kW</th><th>SOC %</th><th>last heard</th></tr>");
        for (MarketView.SiteRow s : v.sites()) {
            b.append("<tr><td class=l>").append(esc(s.info().name())).append("</td><td class=l>").append(esc(s.state()))
                    .append("</td><td class=l>").append(esc(s.mode())).append("</td><td>").append(f(s.loadKw()))
                    .append("</td><td>").append(f(s.flexUp())).append("</td><td>").append(f(s.flexDown()))
                    .append("</td><td>").append(f(s.soc())).append("</td><td>")
                    .append(s.seen() == null ? "" : Instant.ofEpochSecond(s.seen())).append("</td></tr>");
        }
        b.append("</table><h2>Open order book</h2><table><tr><th>interval</th><th>site</th><th>side</th>")
                .append("<th>steps kW@price</th><th>source</th></tr>");
        for (Object[] r : v.openBids()) {
            b.append("<tr><td>").append(t(r[0])).append("</td><td class=l>").append(esc(r[1])).append("</td><td>")
                    .append(esc(r[2])).append("</td><td class=l>").append(esc(r[3])).append("</td><td>")
                    .append(esc(r[4])).append("</td></tr>");
        }
        b.append("</table><h2>Clearing prices</h2>").append(PriceChart.svg(v.clearings()));
        b.append("<table><tr><th>interval</th><th>stress</th><th>price/kWh</th><th>volume kW</th></tr>");
        for (Object[] r : v.clearings().subList(0, Math.min(12, v.clearings().size()))) {
            b.append("<tr><td>").append(t(r[0])).append("</td><td>").append(esc(r[3])).append("</td><td>")
                    .append(r[1] == null ? "no cross" : f4(r[1])).append("</td><td>").append(f(r[2]))
                    .append("</td></tr>");
        }
        b.append("</table><h2>Trades</h2><table><tr><th>interval</th><th>site</th><th>side</th><th>kW</th>")
                .append("<th>price/kWh</th><th>acked</th></tr>");
        for (Object[] r : v.trades()) {
            b.append("<tr><td>").append(t(r[0])).append("</td><td class=l>").append(esc(r[1])).append("</td><td>")
                    .append(esc(r[2])).append("</td><td>").append(f(r[3])).append("</td><td>").append(f4(r[4]))
                    .append("</td><td>").append(((Number) r[5]).intValue() == 1 ? "yes" : "no").append("</td></tr>");
        }
        b.append("</table><h2>Delivery reports</h2><table><tr><th>interval</th><th>site</th><th>committed kW</th>")
                .append("<th>delivered kW</th><th>baseline kW</th></tr>");
        for (Object[] r : v.deliveries()) {
            b.append("<tr><td>").append(t(r[0])).append("</td><td class=l>").append(esc(r[1])).append("</td><td>")
                    .append(f(r[2])).append("</td><td>").append(f(r[3])).append("</td><td>").append(f(r[4]))
                    .append("</td></tr>");
        }
        return b.append("</table></body></html>").toString();
    }

    static String esc(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String f(Object o) {
        return o == null ? "" : String.format(Locale.ROOT, "%.1f", ((Number) o).doubleValue());
    }

    private static String f4(Object o) {
        return o == null ? "" : String.format(Locale.ROOT, "%.4f", ((Number) o).doubleValue());
    }

    private static String t(Object epochSeconds) {
        return Instant.ofEpochSecond(((Number) epochSeconds).longValue()).toString();
    }

    static List<Object[]> oldestFirst(List<Object[]> rows) {
        List<Object[]> copy = new java.util.ArrayList<>(rows);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
