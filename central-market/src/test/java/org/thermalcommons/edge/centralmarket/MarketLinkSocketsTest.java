package org.thermalcommons.edge.centralmarket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thermalcommons.edge.market.protocol.ProtocolCodec;

/**
 * The market's link answers every bid with a small packet: its sockets send each one at once ({@code TCP_NODELAY};
 * Paho's default left Nagle's algorithm on and the bid round trip's p99 at 100 ms, docs/market.md).
 */
class MarketLinkSocketsTest {
    @TempDir
    Path dir;

    @Test
    void theMarketsSocketsSendEachPacketAtOnceOverTcpAndTls() throws Exception {
        Properties p = new Properties();
        p.setProperty("sites", "site-1");
        MarketConfig cfg = MarketConfig.from(p, dir);
        try (MarketStore store = new MarketStore(dir.resolve("market.db"));
             ServerSocket server = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            MarketEngine engine = new MarketEngine(cfg, store, new ProtocolCodec(), Instant::now,
                    new StressScenario(42, cfg.localOffset()),
                    new Aggregator(cfg.demandKw(), cfg.absorbKw(), cfg.basePricePerKwh()), () -> { });
            for (String url : new String[] {"tcp://127.0.0.1:1883", "ssl://127.0.0.1:8883"}) {
                MarketLink link = new MarketLink(cfg, store, engine, url);
                try (Socket s = link.options().getSocketFactory().createSocket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
                    assertThat(s.getTcpNoDelay()).as(url).isTrue();
                    assertThat(link.options().getSocketFactory() instanceof SSLSocketFactory).as(url)
                            .isEqualTo(url.startsWith("ssl:"));
                } finally {
                    link.close();
                }
            }
        }
    }
}
