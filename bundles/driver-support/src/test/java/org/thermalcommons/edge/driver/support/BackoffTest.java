package org.thermalcommons.edge.driver.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final AtomicLong millis = new AtomicLong(1_000);
    private final Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(8), 3, millis::get);

    @Test
    void doublesUpToTheLimitAndSaysWhenToLogAndWhenToFault() {
        assertThat(b.due()).isTrue();
        Backoff.Failure f1 = b.failed();
        assertThat(f1).isEqualTo(new Backoff.Failure(1, true, false, Duration.ofSeconds(1)));
        assertThat(b.due()).isFalse();
        millis.addAndGet(999);
        assertThat(b.due()).isFalse();
        millis.addAndGet(1);
        assertThat(b.due()).isTrue();
        assertThat(b.failed()).isEqualTo(new Backoff.Failure(2, false, false, Duration.ofSeconds(2)));
        assertThat(b.failed()).isEqualTo(new Backoff.Failure(3, false, true, Duration.ofSeconds(4)));
        assertThat(b.failed().delay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.failed().delay()).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.succeeded()).isEqualTo(5);
        assertThat(b.due()).isTrue();
        assertThat(b.succeeded()).isZero();
    }

    @Test
    void rejectsAMinimumAboveTheMaximum() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(9), Duration.ofSeconds(1), 3, millis::get))
                .hasMessageContaining("minimum must not exceed");
    }
}
