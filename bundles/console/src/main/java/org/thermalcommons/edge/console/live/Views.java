package org.thermalcommons.edge.console.live;

import java.util.LinkedHashMap;
import java.util.Map;
import org.thermalcommons.edge.api.command.CommandStatus;
import org.thermalcommons.edge.api.point.PointValue;

/** JSON shapes of values and commands, the same in REST answers and the live stream. */
public final class Views {
    private Views() {
    }

    public static Map<String, Object> value(PointValue v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id().toString());
        m.put("v", v.value());
        m.put("q", v.quality().name());
        m.put("t", v.timestamp().toEpochMilli());
        return m;
    }

    public static Map<String, Object> command(CommandStatus c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("point", c.point().toString());
        m.put("state", c.state().name());
        m.put("value", c.value().isPresent() ? c.value().getAsDouble() : null);
        m.put("priority", c.priority().name());
        m.put("origin", c.origin());
        m.put("since", c.since().toEpochMilli());
        m.put("attempts", c.attempts());
        m.put("reason", c.reason().orElse(null));
        return m;
    }
}
