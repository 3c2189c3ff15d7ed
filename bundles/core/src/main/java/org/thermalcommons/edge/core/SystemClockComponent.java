package org.thermalcommons.edge.core;

import java.time.Instant;
import org.osgi.service.component.annotations.Component;
import org.thermalcommons.edge.api.time.EdgeClock;

/** The real-time UTC clock, ranked lowest so a simulation's clock replaces it when present. */
@Component(service = EdgeClock.class, property = {"service.ranking:Integer=-1000", "clock=system"})
public class SystemClockComponent implements EdgeClock {
    @Override
    public Instant now() {
        return Instant.now();
    }
}
