package org.thermalcommons.edge.market;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.Controller;
import org.thermalcommons.edge.api.control.CycleContext;
import org.thermalcommons.edge.api.control.WritePriority;
import org.thermalcommons.edge.api.flex.Commitment;
import org.thermalcommons.edge.api.flex.CommitmentBook;
import org.thermalcommons.edge.api.flex.FlexibilityProvider;
import org.thermalcommons.edge.api.health.Health;
import org.thermalcommons.edge.api.health.HealthIndicator;
import org.thermalcommons.edge.api.market.MarketActivity;
import org.thermalcommons.edge.api.metrics.MetricsCollector;
import org.thermalcommons.edge.api.metrics.MetricsSource;
import org.thermalcommons.edge.api.point.PointDefinition;
import org.thermalcommons.edge.api.point.PointId;
import org.thermalcommons.edge.api.point.PointSource;
import org.thermalcommons.edge.api.point.PointValue;
import org.thermalcommons.edge.api.time.EdgeClock;
import org.thermalcommons.edge.market.protocol.Envelope;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;
import org.thermalcommons.edge.market.protocol.Status;
import org.thermalcommons.edge.market.protocol.Topics;

/**
 * The market link on the gateway (docs/market.md). Wires the database, outbox, inbox, MQTT link and session, and
 * offers: the commitment book, the delivery controller (market-commitment priority), the market's points (grid stress
 * from the signal, carbon avoided), metrics and health (DEGRADED while autonomous). Nothing here blocks the cycle.
 */
@Component(service = {CommitmentBook.class, Controller.class, PointSource.class, MetricsSource.class,
        HealthIndicator.class, MarketActivity.class}, configurationPid = MarketComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MarketComponent.Config.class)
public class MarketComponent implements CommitmentBook, Controller, PointSource, MetricsSource, HealthIndicator,
        MarketActivity {
    static final String PID = "org.thermalcommons.edge.market.Market";
    private static final Logger LOG = LoggerFactory.getLogger(MarketComponent.class);

    @ObjectClassDefinition(name = "COOL Edge market link", description = "MQTT 5 link to a central market")
    @interface Config {
        @AttributeDefinition(name = "Site id", description = "Topic-safe: letters, digits, _ and -")
        String site();

        @AttributeDefinition(name = "Broker URL", description = "tcp://host:port or ssl://host:port")
        String brokerUrl() default "tcp://127.0.0.1:18830";

        @AttributeDefinition(name = "Username (empty: none)")
        String username() default "";

        @AttributeDefinition(name = "Password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String password() default "";

        @AttributeDefinition(name = "TLS trust store (PKCS12 file, empty: the JVM's)")
        String trustStore() default "";

        @AttributeDefinition(name = "TLS trust store password",
                type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
        String trustStorePassword() default "";

        @AttributeDefinition(name = "Session expiry (s)", min = "60", max = "2592000")
        long sessionExpirySeconds() default 86_400;

        @AttributeDefinition(name = "Market interval (min), until the market's signal says", min = "1", max = "1440")
        int intervalMinutes() default 15;

        @AttributeDefinition(name = "Gate closure (s), until the market's signal says", min = "0", max = "86400")
        int gateClosureSeconds() default 300;

        @AttributeDefinition(name = "Bid this many intervals ahead", min = "1", max = "96")
        int bidLeadIntervals() default 2;

        @AttributeDefinition(name = "Position limit per interval and side (kW)", min = "0", max = "100000")
        double positionLimitKw() default 100;

        @AttributeDefinition(name = "Telemetry period (s of gateway time)", min = "10", max = "3600")
        int telemetrySeconds() default 60;

        @AttributeDefinition(name = "Carbon intensity without a signal (g/kWh)", min = "0", max = "5000")
        double carbonGPerKwh() default 400;

        @AttributeDefinition(name = "Outbox bound (messages)", min = "1000", max = "100000000")
        long outboxMaxMessages() default 600_000;

        @AttributeDefinition(name = "Outbox bound (MiB)", min = "1", max = "65536")
        long outboxMaxMegabytes() default 512;

        @AttributeDefinition(name = "Reconnect back-off, first (ms)", min = "10", max = "60000")
        long minBackoffMillis() default 500;

        @AttributeDefinition(name = "Reconnect back-off, longest (ms)", min = "100", max = "600000")
        long maxBackoffMillis() default 30_000;

        @AttributeDefinition(name = "Data directory", description = "Empty: the gateway's (framework property cool.edge.data)")
        String dataDir() default "";
    }

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EdgeClock clock;

    /**
     * The flexibility providers, as references looked up when the session asks: a provider (the battery dispatcher)
     * refers back to this component's commitment book, and injecting the service objects would make SCR resolve a
     * cycle at activation.
     */
    private final List<ServiceReference<FlexibilityProvider>> providers = new CopyOnWriteArrayList<>();
    private volatile ComponentContext components;
    private final TradeBook book = new TradeBook();
    private final DeliveryMeter meter = new DeliveryMeter();
    private final MarketPoints points = new MarketPoints();
    private final Telemetrist telemetrist = new Telemetrist();
    private final DeliveryController delivery = new DeliveryController(book, meter);
    private MarketDb db;
    private Outbox outbox;
    private Inbox inbox;
    private MarketSession session;
    private MarketLedger ledger;
    private MqttLink link;
    private ScheduledExecutorService thread;
    private volatile Instant downSince;

    @Reference(name = "provider", service = FlexibilityProvider.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void bindProvider(ServiceReference<FlexibilityProvider> p) {
        providers.add(p);
    }

    void unbindProvider(ServiceReference<FlexibilityProvider> p) {
        providers.remove(p);
    }

    private List<FlexibilityProvider> providers() {
        ComponentContext cc = components;
        List<FlexibilityProvider> out = new java.util.ArrayList<>();
        if (cc != null) {
            for (ServiceReference<FlexibilityProvider> r : providers) {
                FlexibilityProvider p = cc.locateService("provider", r);
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Activate
    void activate(ComponentContext cc, BundleContext context, Config c) throws Exception {
        components = cc;
        String dir = c.dataDir().isBlank()
                ? Optional.ofNullable(context.getProperty("cool.edge.data")).orElse("data") : c.dataDir();
        String version = context.getBundle().getVersion().toString();
        start(Path.of(dir), c, version);
    }

    void start(Path dir, Config c, String version) throws Exception {
        if (c.site() == null || !Envelope.SITE_ID.matcher(c.site()).matches()) {
            throw new IllegalArgumentException(PID + ": site must match " + Envelope.SITE_ID.pattern());
        }
        ProtocolCodec codec = new ProtocolCodec();
        db = new MarketDb(dir.resolve("market.db"));
        ledger = new MarketLedger(db);
        outbox = new Outbox(db, codec, c.outboxMaxMessages(), c.outboxMaxMegabytes() * 1024 * 1024);
        session = new MarketSession(new MarketSession.Settings(c.site(), version, Duration.ofMinutes(c.intervalMinutes()),
                Duration.ofSeconds(c.gateClosureSeconds()), c.bidLeadIntervals(), c.positionLimitKw(),
                Duration.ofSeconds(c.telemetrySeconds()), c.carbonGPerKwh()), db, outbox, codec, book, meter, points,
                telemetrist, this::providers, this::now);
        inbox = new Inbox(db, codec, c.site(), session, this::now);
        Properties ssl = MqttLink.trustStore(c.trustStore(), c.trustStorePassword());
        byte[] will = codec.encode(Envelope.of(c.site(), now(), session.status(Status.State.OFFLINE,
                Status.Mode.AUTONOMOUS)));
        downSince = now();
        link = new MqttLink(new MqttLink.Settings(c.brokerUrl(), "cool-edge-" + c.site(), c.username(), c.password(),
                c.sessionExpirySeconds(), Topics.SiteTopic.STATUS.topic(c.site()), will,
                List.of(Topics.SiteTopic.RESULTS.topic(c.site()), Topics.SIGNALS, Topics.CLEARING), ssl,
                c.minBackoffMillis(), c.maxBackoffMillis()), outbox, new MqttLink.Listener() {
                    @Override
                    public void onMessage(String topic, byte[] payload) throws Exception {
                        inbox.receive(topic, payload);
                        session.afterReceive();
                        link.wake();
                    }

                    @Override
                    public void onLink(boolean up) {
                        if (up) {
                            LOG.info("market: link up, mode market: bidding again; {} messages in the outbox to"
                                    + " send", outbox.depth());
                        } else {
                            LOG.warn("market: autonomous: the market link is down; delivering the {} commitments"
                                    + " already won, local objectives otherwise, messages kept in the outbox",
                                    book.all().size());
                        }
                        downSince = up ? null : now();
                        session.onLink(up);
                        link.wake();
                    }
                });
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "market-session");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, 200, 500, TimeUnit.MILLISECONDS);
        link.start();
        LOG.info("market: site {} via {} (outbox {} messages waiting)", c.site(), c.brokerUrl(), outbox.depth());
    }

    private void tick() {
        try {
            session.tick();
            link.wake();
        } catch (Exception e) {
            LOG.warn("market: {}", e.toString());
        }
    }

    Instant now() {
        EdgeClock c = clock;
        return c == null ? Instant.now() : c.now();
    }

    @Deactivate
    void deactivate() throws Exception {
        if (thread != null) {
            thread.shutdownNow();
            thread.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (link != null) {
            link.close();
        }
        if (db != null) {
            db.close();
        }
    }

    // Controller: delivery at market-commitment priority

    @Override
    public String id() {
        return DeliveryController.ID;
    }

    @Override
    public WritePriority priority() {
        return WritePriority.MARKET_COMMITMENT;
    }

    @Override
    public void run(CycleContext context) {
        telemetrist.snapshot(context.snapshot());
        delivery.run(context);
    }

    // CommitmentBook

    @Override
    public List<Commitment> commitments(String providerId, Instant from) {
        return book.commitments(providerId, from);
    }

    // PointSource

    @Override
    public String sourceId() {
        return points.sourceId();
    }

    @Override
    public List<PointDefinition> points() {
        return points.points();
    }

    @Override
    public Map<PointId, PointValue> latestValues() {
        return points.latestValues();
    }

    // MarketActivity: read-only, for displays

    @Override
    public boolean linkUp() {
        return link != null && link.isUp();
    }

    @Override
    public Optional<Instant> downSince() {
        return linkUp() ? Optional.empty() : Optional.ofNullable(downSince);
    }

    @Override
    public long outboxDepth() {
        return outbox.depth();
    }

    @Override
    public List<BidRecord> bids(Instant from, int limit) {
        return ledger.bids(from, limit);
    }

    @Override
    public List<TradeRecord> trades(Instant from, int limit) {
        return ledger.trades(from, limit);
    }

    @Override
    public List<ClearingRecord> clearings(Instant from, int limit) {
        return ledger.clearings(from, limit);
    }

    @Override
    public List<DeliveryRecord> deliveries(Instant from, int limit) {
        return ledger.deliveries(from, limit);
    }

    @Override
    public List<ForecastRecord> forecast() {
        return session.forecast().stream().map(f -> new ForecastRecord(f.start(), f.end(), f.pricePerKwh(),
                f.carbonGPerKwh())).toList();
    }

    // Metrics and health

    @Override
    public void collect(MetricsCollector out) {
        Map<String, String> none = Map.of();
        out.gauge("cool_edge_market_outbox_messages", "Messages waiting in the market outbox", none, outbox.depth());
        out.gauge("cool_edge_market_outbox_bytes", "Bytes waiting in the market outbox", none, outbox.bytes());
        out.counter("cool_edge_market_outbox_dropped_total", "Oldest telemetry dropped from a full outbox", none,
                outbox.dropped());
        out.counter("cool_edge_market_published_total", "Messages the broker acknowledged", none, link.published());
        out.counter("cool_edge_market_received_total", "Messages received from the market", none, inbox.received());
        out.counter("cool_edge_market_duplicates_total", "Received messages dropped as duplicates", none,
                inbox.duplicates());
        inbox.rejected().forEach((rule, n) -> out.counter("cool_edge_market_rejected_total",
                "Received messages rejected, by rule", Map.of("rule", rule), n.get()));
        out.counter("cool_edge_market_bids_total", "Bids sent", none, session.bidsSent());
        out.counter("cool_edge_market_trades_total", "Trades won", none, session.tradesWon());
        out.counter("cool_edge_market_risk_refusals_total", "Offers limited or refused by a risk check", none,
                session.riskRefusals());
        out.counter("cool_edge_market_reconnects_total", "Reconnect attempts", none, link.reconnects());
        out.gauge("cool_edge_market_autonomous", "1 while the market link is down", none, link.isUp() ? 0 : 1);
    }

    @Override
    public String component() {
        return "market";
    }

    @Override
    public Health health() {
        Instant since = downSince;
        return link != null && link.isUp() ? Health.up()
                : Health.degraded("autonomous: market link down" + (since == null ? "" : " since " + since)
                + ", delivering commitments already won");
    }

}
