package dev.trygr.capture;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Nullable columns: binding a Java null (or the proxy's 0 for "none") as SQL NULL, and reading NULL back. */
final class Columns {
    private Columns() {
    }

    static void setLongOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    /** Ports, statuses and times use 0 for "none"; the tables say NULL. */
    static void setPositiveOrNull(PreparedStatement ps, int index, long value) throws SQLException {
        if (value > 0) {
            ps.setLong(index, value);
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    static Long boxedLong(ResultSet rs, int index) throws SQLException {
        long v = rs.getLong(index);
        return rs.wasNull() ? null : v;
    }

    static Integer boxedInt(ResultSet rs, int index) throws SQLException {
        int v = rs.getInt(index);
        return rs.wasNull() ? null : v;
    }
}
