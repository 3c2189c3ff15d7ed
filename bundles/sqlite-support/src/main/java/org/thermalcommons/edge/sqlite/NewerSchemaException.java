package org.thermalcommons.edge.sqlite;

import java.sql.SQLException;

/** The file was written by a newer version of its owner: this one must not touch it. */
public final class NewerSchemaException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final int found;
    private final int known;

    NewerSchemaException(int found, int known, String message) {
        super(message);
        this.found = found;
        this.known = known;
    }

    /** The file's version. */
    public int found() {
        return found;
    }

    /** The newest version this code knows. */
    public int known() {
        return known;
    }
}
