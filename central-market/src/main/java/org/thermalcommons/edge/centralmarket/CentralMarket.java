package org.thermalcommons.edge.centralmarket;

import java.nio.file.Path;
import java.time.Instant;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;

/**
 * The reference central market of one zone: {@code central-market --config FILE}. Starts its database, the embedded
 * broker unless {@code broker.url} is set, the MQTT link, the clearing ticker and the status page, and prints the
 * page's URL.
 */
public final class CentralMarket implements AutoCloseable {
    /** The market's logging configuration (also given to the embedded broker, which reconfigures logging). */
    static final String LOGGING = "central-market-logback.xml";
    private final MarketConfig cfg;
    private final Supplier<MarketClock> clocks;
    private MarketClock clock;
    private MarketStore store;
    private EmbeddedBroker broker;
    private MarketLink link;
    private StatusPage page;
    private MarketEngine engine;
    private ScheduledExecutorService ticker;

    /** @param clocks makes the market's clock once the broker is up (a demo clock starts when trading can) */
    public CentralMarket(MarketConfig cfg, Supplier<MarketClock> clocks) {
        this.cfg = cfg;
        this.clocks = clocks;
    }

    private static Logger log() {
        return LoggerFactory.getLogger(CentralMarket.class);
    }

    public void start() throws Exception {
        store = new MarketStore(cfg.dataDir().resolve("market.db"));
        String url = cfg.brokerUrl();
        if (url.isEmpty()) {
            broker = new EmbeddedBroker(cfg.dataDir().resolve("broker"), cfg.brokerPort());
            broker.start();
            url = "tcp://127.0.0.1:" + cfg.brokerPort();
            log().info("embedded MQTT 5 broker (HiveMQ CE) on {}", url);
        }
        clock = clocks.get();
        MarketLink[] l = new MarketLink[1];
        engine = new MarketEngine(cfg, store, new ProtocolCodec(), clock::now,
                new StressScenario(cfg.seed(), cfg.localOffset()),
                new Aggregator(cfg.demandKw(), cfg.absorbKw(), cfg.basePricePerKwh()), () -> {
                    if (l[0] != null) {
                        l[0].wake();
                    }
                });
        link = new MarketLink(cfg, store, engine, url);
        l[0] = link;
        link.start();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "market-clearing");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, 0, 250, TimeUnit.MILLISECONDS);
        page = new StatusPage(cfg.httpPort(), () -> {
            try {
                return MarketView.read(cfg, store, engine, clock.now());
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        page.start();
    }

    private void tick() {
        try {
            engine.tick();
        } catch (Exception e) {
            log().warn("clearing tick failed: {}", e.getMessage());
        }
    }

    public String statusUrl() {
        return "http://127.0.0.1:" + page.port() + "/";
    }

    public MarketEngine engine() {
        return engine;
    }

    @Override
    public void close() throws Exception {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (page != null) {
            page.close();
        }
        if (link != null) {
            link.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (store != null) {
            store.close();
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("logback.configurationFile", LOGGING);
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if ("--config".equals(args[i]) && i + 1 < args.length) {
                config = Path.of(args[++i]);
            } else {
                System.err.println("usage: central-market --config FILE");
                System.exit(2);
            }
        }
        if (config == null) {
            System.err.println("usage: central-market --config FILE");
            System.exit(2);
        }
        MarketConfig cfg;
        try {
            cfg = MarketConfig.load(config);
        } catch (IllegalArgumentException e) {
            System.err.println(config + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        CentralMarket market = new CentralMarket(cfg, () -> cfg.clockStart() == null ? MarketClock.system()
                : new MarketClock(MarketClock.joining(cfg.clockStart(), cfg.clockSpeed(), cfg.clockWallStart(),
                Instant.now()), cfg.clockSpeed(), System::nanoTime));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                market.close();
            } catch (Exception e) {
                log().warn("stop: {}", e.getMessage());
            }
        }, "market-stop"));
        market.start();
        System.out.println("Market status page: " + market.statusUrl() + " (zone " + cfg.zone() + ", market time "
                + market.clock.now() + ", " + cfg.sites().size() + " sites)");
    }
}
