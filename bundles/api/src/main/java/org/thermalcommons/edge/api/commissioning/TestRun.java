package org.thermalcommons.edge.api.commissioning;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A test of one configured device's points.
 *
 * @param id       run id
 * @param device   device id as configured
 * @param by       who ran it
 * @param started  start
 * @param finished end, once every point is done
 * @param points   per-point results
 */
public record TestRun(String id, String device, String by, Instant started, Optional<Instant> finished, List<PointTest> points) {
    public TestRun {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(started, "started");
        finished = finished == null ? Optional.empty() : finished;
        points = List.copyOf(points);
    }
}
