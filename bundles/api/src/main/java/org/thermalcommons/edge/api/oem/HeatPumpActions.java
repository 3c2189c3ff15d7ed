package org.thermalcommons.edge.api.oem;

/** The generic heat-pump actions every heat-pump adapter understands (family {@value #FAMILY}). */
public interface HeatPumpActions {
    String FAMILY = "heatpump";
    /** Run harder now (SG-Ready state 3 "recommendation": use surplus, raise the tank setpoint). */
    String BOOST = "boost";
    /** Normal operation (SG-Ready state 2). */
    String NORMAL = "normal";
    /** Reduced operation to relieve the grid (lower setpoints; SG-Ready has no reduced state, adapters map it). */
    String ECO = "eco";
    /** Utility lock / off (SG-Ready state 1), bounded in time by the device itself. */
    String OFF = "off";
    /** Optional parameter of any action: the domestic hot water setpoint. */
    String DHW_SETPOINT_CELSIUS = "dhwSetpointCelsius";
}
