package org.thermalcommons.edge.api.config;

/** The value type of a configuration attribute, as its metatype declares it. */
public enum AttributeType {
    STRING, INTEGER, LONG, DOUBLE, FLOAT, BOOLEAN, CHAR, SHORT, BYTE,
    /** A secret: never returned, only shown as set or unset. */
    PASSWORD
}
