package org.thermalcommons.edge.api.commissioning;

import java.util.List;
import java.util.Objects;

/** A draft profile: identity and mapped points. {@code protocol} is {@code bacnet} or {@code modbus}. */
public record DraftRequest(String id, String protocol, String vendor, String model, String description, List<DraftPoint> points) {
    public DraftRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(protocol, "protocol");
        vendor = vendor == null ? "" : vendor;
        model = model == null ? "" : model;
        description = description == null ? "" : description;
        points = List.copyOf(points);
    }
}
