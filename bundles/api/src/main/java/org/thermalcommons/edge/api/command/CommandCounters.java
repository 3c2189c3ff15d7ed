package org.thermalcommons.edge.api.command;

/**
 * Counters of one point's commands since the gateway started.
 *
 * @param sent         writes handed to the driver (first sends and re-sends)
 * @param acknowledged writes the device accepted
 * @param verified     commands confirmed by read-back
 * @param refused      writes the device refused
 * @param failed       commands given up after their attempts
 * @param reasserted   re-sends of an unchanged value (read-back mismatch, device restart, heartbeat)
 */
public record CommandCounters(long sent, long acknowledged, long verified, long refused, long failed,
                              long reasserted) {
    public static final CommandCounters ZERO = new CommandCounters(0, 0, 0, 0, 0, 0);
}
