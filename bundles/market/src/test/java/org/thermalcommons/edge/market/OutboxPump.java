package org.thermalcommons.edge.market;

import java.nio.file.Path;

/** A gateway's outbox and link in their own JVM, to be killed with SIGKILL by {@link KillRestartTest}. */
public final class OutboxPump {
    private OutboxPump() {
    }

    public static void main(String[] args) throws Exception {
        MarketDb db = new MarketDb(Path.of(args[0]));
        Outbox outbox = new Outbox(db, Fixtures.CODEC, 1_000_000, 1L << 30);
        MqttLink link = Fixtures.link(args[1], args[2], outbox, Fixtures.quiet());
        link.start();
        System.out.println("pumping");
        Thread.sleep(Long.MAX_VALUE);
    }
}
