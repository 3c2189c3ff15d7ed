package org.thermalcommons.edge.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.thermalcommons.edge.api.command.CommandRegistry;
import org.thermalcommons.edge.api.control.ControlCycle;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.market.protocol.Ack;
import org.thermalcommons.edge.market.protocol.Delivery;
import org.thermalcommons.edge.market.protocol.Interval;
import org.thermalcommons.edge.market.protocol.Side;
import org.thermalcommons.edge.market.protocol.Signal;
import org.thermalcommons.edge.market.protocol.Topics;
import org.thermalcommons.edge.market.protocol.Trade;

/**
 * The market link in the assembled gateway (core, store, the simulated building in-process at 600x, bess, market)
 * against Debian's mosquitto on a loopback port, started and stopped by the test, with {@link FakeMarket} as the
 * market: it answers every bid and sells into every {@code sell} bid, so the battery has commitments to deliver.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MarketIT {
    static final String SITE = "site-1";
    static final PointId AUTONOMOUS = PointId.parse("market/autonomous");
    static final PointId STRESS = PointId.parse("market/grid-stress");
    private static ItBroker broker;
    private static FakeMarket market;

    @Inject
    BundleContext context;
    @Inject
    ControlCycle cycle;

    @Configuration
    public Option[] config() throws Exception {
        int port = ItBroker.freePort();
        Path work = Path.of("target/itest-work/market").toAbsolutePath();
        if (Files.isDirectory(work)) {
            try (var old = Files.walk(work)) {
                old.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        List<Option> o = new ArrayList<>(List.of(EdgeOptions.gateway("market",
                List.of("core", "store", "sim", "bess", "market"), Map.of(
                "org.thermalcommons.edge.core.Cycle.cfg", "periodMs = 250\nmaxConsecutiveFailures = 3\n",
                "org.thermalcommons.edge.sim.SimulatedBuilding.cfg", "speed = 600\nseed = 7\n"
                        + "startTime = 2026-03-02T04:00:00Z\npvKwp = 300\ngridStressSchedule = false\n",
                "org.thermalcommons.edge.bess.Dispatch.cfg", "mode = lp\nhorizonIntervals = 32\n"
                        + "forecastMinHistoryHours = 0\n",
                "org.thermalcommons.edge.market.Market.cfg", "site = " + SITE + "\nbrokerUrl = tcp://127.0.0.1:"
                        + port + "\nminBackoffMillis = 100\nmaxBackoffMillis = 500\ntelemetrySeconds = 300\n"))));
        o.add(systemProperty("market.itest.port").value(Integer.toString(port)));
        o.add(systemProperty("market.itest.dir").value(work.resolve("broker").toString()));
        return o.toArray(new Option[0]);
    }

    @Before
    public void brokerAndMarket() throws Exception {
        synchronized (MarketIT.class) {
            if (broker == null) {
                broker = new ItBroker(Files.createDirectories(Path.of(System.getProperty("market.itest.dir"))),
                        Integer.getInteger("market.itest.port"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        broker.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            broker.start();
            if (market == null) {
                market = new FakeMarket(broker.url()).connect();
                // a long-lived signal: elevated stress until far in the simulated future
                Instant now = Instant.parse("2026-03-02T04:00:00Z");
                market.send(Topics.SIGNALS, new Signal(Signal.Stress.ELEVATED, 15, 300, List.of(),
                        now.plus(Duration.ofDays(30))), FakeMarket.ZONE);
            }
        }
        EdgeOptions.await("the market link up", 60_000, () -> marketHealth().status() == Health.Status.UP);
    }

    @Test
    public void aBrokerStopIsRiddenOutAutonomouslyAndNothingIsLostOrDuplicatedAfterwards() throws Exception {
        EdgeOptions.await("two delivery reports in normal operation", 120_000,
                () -> market.bodies(Delivery.class).size() >= 2);
        long missedBefore = cycle.statistics().missedCycles();
        long cyclesBefore = cycle.statistics().cycles();
        int tradesBefore = market.trades.size();
        broker.stop();
        EdgeOptions.await("the gateway autonomous", 10_000, () -> marketHealth().status() == Health.Status.DEGRADED
                && marketHealth().detail().contains("autonomous") && pointValue(AUTONOMOUS) == 1.0);
        // 4 s of outage = 40 simulated minutes: the trades won just before it are delivered during it
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        boolean delivering = false;
        while (System.nanoTime() < until) {
            delivering |= cycle.lastReport().map(r -> r.writes().stream().anyMatch(w -> w.priority()
                    == WritePriority.MARKET_COMMITMENT && w.origin().equals("market-delivery"))).orElse(false)
                    || commitmentHeld();
            Thread.sleep(20); // sampling the cycle during a fixed outage
        }
        assertTrue("a won trade delivered at market-commitment priority during the outage", delivering);
        assertEquals("the elevated signal holds while the market is away", 1.0, pointValue(STRESS), 0);
        assertEquals("no missed cycle during the outage", missedBefore, cycle.statistics().missedCycles());
        assertTrue("the cycle ran on", cycle.statistics().cycles() > cyclesBefore + 8);
        broker.start();
        market.reconnect();
        EdgeOptions.await("the link up again", 30_000, () -> marketHealth().status() == Health.Status.UP);
        EdgeOptions.await("the outbox flushed", 30_000, () -> metric("cool_edge_market_outbox_messages") == 0);
        // every trade won before and during the outage whose interval is over has exactly one delivery report
        EdgeOptions.await("delivery reports for every finished traded interval", 30_000,
                () -> missingReports().isEmpty());
        assertTrue("reports missing: " + missingReports(), missingReports().isEmpty());
        assertTrue("more trades after the outage (bidding resumed)", waitForMoreTrades(tradesBefore + 2));
        Map<String, List<String>> acks = market.idsBy(Ack.class, FakeMarket::ackTrade);
        for (Trade t : market.trades) {
            List<String> a = acks.getOrDefault(t.tradeId(), List.of());
            assertTrue("trade " + t.tradeId() + " acked at most once: " + a, a.size() <= 1);
        }
        assertTrue("every trade before the outage acked", market.trades.subList(0, tradesBefore).stream()
                .allMatch(t -> acks.containsKey(t.tradeId())));
        Map<String, List<String>> reports = market.idsBy(Delivery.class, FakeMarket::deliveryInterval);
        reports.forEach((interval, ids) -> assertEquals("one delivery report for " + interval, 1, ids.size()));
        long redelivered = market.wire.values().stream().filter(n -> n.get() > 1).count();
        assertTrue("wire redeliveries bounded by the in-flight window: " + redelivered, redelivered <= 20);
    }

    @Test
    public void malformedOversizedAndWrongSitePayloadsOnEverySubscribedTopicAreRejectedAndCounted()
            throws Exception {
        Map<String, Double> before = rejectedByRule();
        String results = Topics.SiteTopic.RESULTS.topic(SITE);
        byte[] malformed = "{\"v\":1,\"type\":".getBytes(StandardCharsets.UTF_8);
        byte[] oversized = ("{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        for (String topic : List.of(results, Topics.SIGNALS, Topics.CLEARING)) {
            market.publish(topic, malformed, false);
            market.publish(topic, oversized, false);
        }
        Instant t = Instant.parse("2026-03-02T05:00:00Z");
        // a trade for another site on this site's results topic; a trade on the signals topic
        market.send(results, new Trade("t-other", "b-other", new Interval(t, t.plusSeconds(900)), Side.SELL, 5, 0.2),
                "site-2");
        market.send(Topics.SIGNALS, new Trade("t-wrong", "b-wrong", new Interval(t, t.plusSeconds(900)), Side.SELL,
                5, 0.2), FakeMarket.ZONE);
        EdgeOptions.await("every bad payload rejected and counted", 20_000, () -> {
            Map<String, Double> now = rejectedByRule();
            return grew(before, now, "json") >= 3 && grew(before, now, "maxBytes") >= 3 && grew(before, now, "site") >= 1
                    && grew(before, now, "topic") >= 1;
        });
        assertEquals("the link stayed up", Health.Status.UP, marketHealth().status());
        long cycles = cycle.statistics().cycles();
        int trades = market.trades.size();
        EdgeOptions.await("the gateway runs on and trades", 60_000, () -> cycle.statistics().cycles() > cycles + 10
                && market.trades.size() > trades && market.bodies(Ack.class).stream()
                .anyMatch(a -> a.tradeId().equals(market.trades.get(market.trades.size() - 1).tradeId())));
    }

    private static double grew(Map<String, Double> before, Map<String, Double> now, String rule) {
        return now.getOrDefault(rule, 0.0) - before.getOrDefault(rule, 0.0);
    }

    private boolean waitForMoreTrades(int n) throws InterruptedException {
        EdgeOptions.await(n + " trades", 60_000, () -> market.trades.size() >= n);
        return true;
    }

    /** Intervals the fake market traded that are over on the gateway's clock but have no delivery report. */
    private List<String> missingReports() {
        Optional<Instant> now = cycle.lastReport().map(r -> r.snapshot().takenAt());
        Map<String, List<String>> reports = market.idsBy(Delivery.class, FakeMarket::deliveryInterval);
        return market.trades.stream().filter(t -> now.isPresent() && t.interval().end().plusSeconds(120)
                .isBefore(now.get())).map(t -> t.interval().start().toString()).filter(i -> !reports.containsKey(i))
                .distinct().collect(Collectors.toList());
    }

    /** The battery setpoint commanded by the delivery controller at market-commitment priority. */
    private boolean commitmentHeld() {
        return refs(CommandRegistry.class).stream().map(context::getService).anyMatch(c -> c.commands().stream()
                .anyMatch(s -> s.priority() == WritePriority.MARKET_COMMITMENT && s.origin().equals("market-delivery")));
    }

    private double pointValue(PointId id) {
        return cycle.lastReport().flatMap(r -> r.snapshot().goodValue(id)).map(v -> v.value()).orElse(Double.NaN);
    }

    private Health marketHealth() {
        for (ServiceReference<HealthIndicator> r : refs(HealthIndicator.class)) {
            HealthIndicator h = context.getService(r);
            if (h.component().equals("market")) {
                return h.health();
            }
        }
        return Health.down("no market component");
    }

    private double metric(String name) {
        double[] v = {Double.NaN};
        collect((n, labels, value) -> {
            if (n.equals(name)) {
                v[0] = value;
            }
        });
        return v[0];
    }

    private Map<String, Double> rejectedByRule() {
        Map<String, Double> out = new ConcurrentHashMap<>();
        collect((n, labels, value) -> {
            if (n.equals("cool_edge_market_rejected_total")) {
                out.put(labels.get("rule"), value);
            }
        });
        return out;
    }

    private interface Sample {
        void accept(String name, Map<String, String> labels, double value);
    }

    private void collect(Sample s) {
        for (ServiceReference<MetricsSource> r : refs(MetricsSource.class)) {
            MetricsSource m = context.getService(r);
            if (m.getClass().getName().startsWith("org.thermalcommons.edge.market.")) {
                m.collect(new MetricsCollector() {
                    @Override
                    public void counter(String name, String help, Map<String, String> labels, double value) {
                        s.accept(name, labels, value);
                    }

                    @Override
                    public void gauge(String name, String help, Map<String, String> labels, double value) {
                        s.accept(name, labels, value);
                    }
                });
            }
        }
    }

    private <T> List<ServiceReference<T>> refs(Class<T> type) {
        try {
            return new ArrayList<>(context.getServiceReferences(type, null));
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
