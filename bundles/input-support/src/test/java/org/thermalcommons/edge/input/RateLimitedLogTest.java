package org.thermalcommons.edge.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    final RecordingLogger logger = new RecordingLogger();
    final AtomicLong now = new AtomicLong(1_000);
    final RateLimitedLog log = new RateLimitedLog(logger, 60_000, now::get);

    @Test
    void aRepeatedRejectionIsLoggedOncePerWindowThenWithTheSuppressedCount() {
        for (int i = 0; i < 2_000; i++) {
            log.warn("bad-datagram", "malformed datagram from {}", "127.0.0.1:47808");
        }
        assertThat(logger.lines).containsExactly("WARN malformed datagram from 127.0.0.1:47808");

        now.addAndGet(60_000);
        assertThat(log.warn("bad-datagram", "malformed datagram from {}", "127.0.0.1:47808")).isTrue();
        assertThat(logger.lines).hasSize(2);
        assertThat(logger.lines.get(1))
                .isEqualTo("WARN malformed datagram from 127.0.0.1:47808 (1999 more like this suppressed in the last 60 s)");
        assertThat(logger.throwables).isZero();
    }

    @Test
    void differentKeysAreLoggedIndependently() {
        assertThat(log.warn("a", "one")).isTrue();
        assertThat(log.warn("b", "two")).isTrue();
        assertThat(log.warn("a", "one again")).isFalse();
        assertThat(logger.lines).containsExactly("WARN one", "WARN two");
    }

    @Test
    void theNumberOfRememberedKeysIsBounded() {
        // An attacker choosing a new key per packet gets at most one line per key, and the memory stays bounded:
        // after 10,000 keys the first one has been forgotten and logs again.
        for (int i = 0; i < 10_000; i++) {
            log.warn("key-" + i, "k{}", i);
        }
        assertThat(logger.lines).hasSize(10_000);
        assertThat(log.warn("key-0", "again")).isTrue();
        assertThat(log.warn("key-9999", "again")).isFalse();
    }
}
