package org.thermalcommons.edge.api.command;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.thermalcommons.edge.api.point.PointId;

/** The core's commands, one per commanded point. A service; thread-safe and non-blocking. */
@ProviderType
public interface CommandRegistry {
    /** Every point that has been commanded since start, by point id. */
    List<CommandStatus> commands();

    /** The command on one point, if it has ever been commanded. */
    Optional<CommandStatus> command(PointId point);
}
