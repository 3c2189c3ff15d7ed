package org.thermalcommons.edge.oem.heatpump.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.thermalcommons.edge.api.oem.RateLimits;

class AdapterOptionsTest {
    private static AdapterOptions with(String device, String url, String token, double min, double max) {
        return new AdapterOptions(device, AdapterOptions.baseUri(url), token, RateLimits.unlimited(), Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(3), 4096, min, max, 0.25);
    }

    @Test
    void aValidConfigurationResolvesEndpointsUnderTheBaseWithoutItsTrailingSlash() {
        AdapterOptions o = with("heatpump-2", "http://127.0.0.1:8481/", "abcdefgh12345678", 35, 65);
        assertThat(o.resolve("/api/v1/state")).isEqualTo(URI.create("http://127.0.0.1:8481/api/v1/state"));
        assertThat(with("hp", "https://hp.local/vendor", "abcdefgh12345678==", 35, 65).resolve("/api/v1/mode"))
                .isEqualTo(URI.create("https://hp.local/vendor/api/v1/mode"));
    }

    @Test
    void eachInvalidKeyIsNamedAndTheTokenIsNeverQuoted() {
        assertThatThrownBy(() -> with("heat pump", "http://127.0.0.1:1", "abcdefgh12345678", 35, 65))
                .hasMessageContaining("deviceId");
        assertThatThrownBy(() -> with("hp", "ftp://127.0.0.1:1", "abcdefgh12345678", 35, 65)).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> with("hp", "http://127.0.0.1:1/?a=b", "abcdefgh12345678", 35, 65)).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> with("hp", "http://user:pw@127.0.0.1:1", "abcdefgh12345678", 35, 65)).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> with("hp", "http://[bad", "abcdefgh12345678", 35, 65)).hasMessageContaining("baseUrl");
        assertThatThrownBy(() -> with("hp", "http://127.0.0.1:1", "bad token with spaces", 35, 65))
                .hasMessageContaining("token must be").hasMessageNotContaining("bad token with spaces");
        assertThatThrownBy(() -> with("hp", "http://127.0.0.1:1", null, 35, 65)).hasMessageContaining("token must be");
        assertThatThrownBy(() -> with("hp", "http://127.0.0.1:1", "abcdefgh12345678", 65, 35))
                .hasMessageContaining("minSetpointCelsius");
    }
}
