package org.thermalcommons.edge.core;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thermalcommons.edge.api.control.CycleListener;
import org.thermalcommons.edge.api.control.CycleReport;

/**
 * Logs a one-line site status (zone temperatures, load, PV, battery, grid stress) once per interval of gateway-clock
 * time. Enabled by its configuration file (the demo ships one).
 */
@Component(service = CycleListener.class, configurationPid = StatusLineComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = StatusLineComponent.Config.class)
public class StatusLineComponent implements CycleListener {
    static final String PID = "org.thermalcommons.edge.core.StatusLine";
    private static final Logger LOG = LoggerFactory.getLogger("cool.edge.status");

    @ObjectClassDefinition(name = "COOL Edge status line", description = "Periodic one-line site status in the log")
    @interface Config {
        @AttributeDefinition(name = "Interval (s)", min = "1", max = "86400", description = "Seconds of gateway-clock time between status lines")
        int intervalSeconds() default 60;
    }

    private volatile long intervalMillis = 60_000;
    private long lastBucket = Long.MIN_VALUE;

    @Activate
    @Modified
    void configure(Config c) {
        intervalMillis = c.intervalSeconds() * 1000L;
    }

    @Override
    public void cycleCompleted(CycleReport report) {
        long bucket = report.snapshot().takenAt().toEpochMilli() / intervalMillis;
        if (bucket != lastBucket) {
            lastBucket = bucket;
            LOG.info(StatusLine.format(report.snapshot()));
        }
    }
}
