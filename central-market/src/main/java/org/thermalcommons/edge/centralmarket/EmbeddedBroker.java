package org.thermalcommons.edge.centralmarket;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ CE embedded in the market's JVM (the demo's broker): a plain TCP listener on 127.0.0.1, anonymous usage
 * statistics off, its data in the market's data directory (sessions and queued QoS 1 messages survive a restart).
 * Receive Maximum 100 (HiveMQ's default is 10): the in-flight window of every client, the market's answers too.
 */
final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;

    EmbeddedBroker(Path dir, int port) throws IOException {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path data = Files.createDirectories(dir.resolve("data"));
        Path ext = Files.createDirectories(dir.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <session-expiry><max-interval>604800</max-interval></session-expiry>
                        <receive-maximum><server-receive-maximum>100</server-receive-maximum></receive-maximum>
                    </mqtt>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port), StandardCharsets.UTF_8);
        try (var in = EmbeddedBroker.class.getResourceAsStream("/" + CentralMarket.LOGGING)) {
            Files.write(conf.resolve("logback.xml"), in.readAllBytes());
        }
        hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf).withDataFolder(data)
                .withExtensionsFolder(ext).build();
    }

    void start() throws Exception {
        hivemq.start().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        hivemq.stop().get(30, TimeUnit.SECONDS);
        hivemq.close();
    }
}
