package org.thermalcommons.edge.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Positional arguments and rows as arrays of column values, for statements the caller prepared (and closes, or keeps
 * for reuse).
 */
public final class Rows {
    private Rows() {
    }

    /** Sets {@code args} as the statement's parameters 1, 2, ... ({@code setObject}). */
    public static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
    }

    /** Binds {@code args}, runs the query and returns every row, each as its column values in order. */
    public static List<Object[]> query(PreparedStatement p, Object... args) throws SQLException {
        bind(p, args);
        List<Object[]> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                Object[] row = new Object[n];
                for (int k = 0; k < n; k++) {
                    row[k] = r.getObject(k + 1);
                }
                out.add(row);
            }
        }
        return out;
    }

    /** Binds {@code args} and runs the update; returns the rows it changed. */
    public static int update(PreparedStatement p, Object... args) throws SQLException {
        bind(p, args);
        return p.executeUpdate();
    }

    /** The first column of the first row as a number (a count, a sum, an id); 0 when there is no row or it is NULL. */
    public static long firstLong(List<Object[]> rows) {
        return rows.isEmpty() || rows.get(0)[0] == null ? 0 : ((Number) rows.get(0)[0]).longValue();
    }
}
