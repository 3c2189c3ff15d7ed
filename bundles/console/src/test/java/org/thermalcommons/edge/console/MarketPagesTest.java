package org.thermalcommons.edge.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview's market block, the market page, the battery additions and the daily energy bars over REST. */
class MarketPagesTest {
    @TempDir
    Path dir;
    ConsoleServer server;
    ConsoleServer.Client viewer;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        server = new ConsoleServer(dir);
        server.gateway.store = new YearStore();
        server.gateway.withMarketAndDispatcher(Instant.now());
        server.withUsers();
        viewer = server.client();
        assertThat(viewer.login("viewer", ConsoleServer.PASSWORD).statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private JsonNode get(String path) throws Exception {
        var r = viewer.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    @Test
    void theOverviewShowsTheLinkTheOutboxCarbonTodayAndInTotalAndTheTradeLog() throws Exception {
        JsonNode m = get("/api/overview").get("market");
        assertThat(m.get("present").asBoolean()).isTrue();
        assertThat(m.get("link").asText()).isEqualTo("market");
        assertThat(m.get("outboxDepth").asLong()).isZero();
        assertThat(m.get("carbon").get("totalKg").asDouble()).isEqualTo(812.5);
        assertThat(m.get("carbon").get("todayKg").asDouble()).isCloseTo(12.5, within(1e-9));
        assertThat(m.get("trades")).hasSize(10);

        ((FakeMarket) server.gateway.market).up = false;
        m = get("/api/overview").get("market");
        assertThat(m.get("link").asText()).isEqualTo("autonomous");
        assertThat(m.get("outboxDepth").asLong()).isEqualTo(42);

        server.gateway.market = null;
        assertThat(get("/api/overview").get("market").get("link").asText()).as("points without the service").isEqualTo("offline");
    }

    @Test
    void theMarketPageHasBidsResultsTradesClearingsDeliveriesAndTheSuccessRate() throws Exception {
        JsonNode m = get("/api/market");
        FakeMarket fake = (FakeMarket) server.gateway.market;
        assertThat(m.get("bids").size()).isEqualTo(fake.bids.size());
        assertThat(m.get("trades").size()).isEqualTo(fake.trades.size());
        assertThat(m.get("clearings").size()).isEqualTo(fake.clearings.size());
        assertThat(m.get("deliveries").size()).isEqualTo(fake.deliveries.size());
        long decided = fake.bids.stream().filter(b -> !b.intervalStart().isAfter(Instant.now())).count();
        java.util.Set<String> traded = new java.util.HashSet<>();
        fake.trades.forEach(t -> traded.add(t.bidId()));
        long won = fake.bids.stream().filter(b -> !b.intervalStart().isAfter(Instant.now()) && traded.contains(b.id())).count();
        assertThat(won).as("every third decided bid won").isBetween(decided / 3 - 1, decided / 3 + 1);
        assertThat(m.get("success").get("decided").asLong()).isEqualTo(decided);
        assertThat(m.get("success").get("won").asLong()).isEqualTo(won);
        assertThat(m.get("success").get("rate").asDouble()).isCloseTo((double) won / decided, within(1e-9));
    }

    @Test
    void theBatteryPageHasModeMarginalValueCycleBudgetAndThePriceForecast() throws Exception {
        JsonNode b = get("/api/battery");
        assertThat(b.get("mode").asText()).isEqualTo("LP");
        assertThat(b.get("marginalValue").asDouble()).isEqualTo(0.142);
        assertThat(b.get("cycleBudgetUsedPercent").asDouble()).isEqualTo(37.5);
        assertThat(b.get("priceForecast")).hasSize(96);
        assertThat(DataRoutes.modeName(3)).isEqualTo("template T2");
    }

    @Test
    void dailyEnergyBarsComeFromTheCountersByDifference() throws Exception {
        JsonNode e = get("/api/energy?days=7");
        assertThat(e.get("days")).hasSize(7);
        assertThat(e.get("meters")).hasSize(2);
        JsonNode imp = e.get("meters").get(0);
        assertThat(imp.get("direction").asText()).isEqualTo("import");
        assertThat(imp.get("kind").asText()).isEqualTo("COUNTER");
        assertThat(imp.get("kwh").get(0).asDouble()).isCloseTo(450, within(1e-9));
        assertThat(e.get("meters").get(1).get("direction").asText()).isEqualTo("export");
        assertThat(viewer.get("/api/energy?days=0").statusCode()).isEqualTo(400);
    }
}
