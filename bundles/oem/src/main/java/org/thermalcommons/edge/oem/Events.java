package org.thermalcommons.edge.oem;

import org.thermalcommons.edge.api.oem.OemCommand;
import org.thermalcommons.edge.api.oem.OemCommandState;

/** What the lifecycle reports: every durable state change of a command, and every change of a device's breaker. */
interface Events {
    /** {@code command} is now durably in its state; {@code from} is empty for a new command. */
    void transition(OemCommand command, java.util.Optional<OemCommandState> from);

    void breaker(String device, Breaker.State from, Breaker.State to, String why);
}
