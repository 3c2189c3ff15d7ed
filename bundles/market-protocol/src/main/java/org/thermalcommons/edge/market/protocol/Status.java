package org.thermalcommons.edge.market.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/** A site's retained status: its birth message ({@code online}) and its MQTT will ({@code offline}). */
public record Status(State state, String version, List<BundleInfo> bundles, Mode mode) implements Body {
    public enum State { @JsonProperty("online") ONLINE, @JsonProperty("offline") OFFLINE }

    public enum Mode { @JsonProperty("market") MARKET, @JsonProperty("autonomous") AUTONOMOUS }

    public record BundleInfo(String name, String version, String state) {
        public BundleInfo {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(state, "state");
        }
    }

    public Status {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(mode, "mode");
        bundles = List.copyOf(bundles);
    }
}
