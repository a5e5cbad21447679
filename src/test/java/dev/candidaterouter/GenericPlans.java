package dev.candidaterouter;

import dev.candidaterouter.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's plan of a query as the server plans a statement the driver runs often: once for any parameters (a
 * generic plan), where a bound value tells the planner nothing — not how rare a state is, nor that a row is in a
 * partial index.
 */
public final class GenericPlans {
    private GenericPlans() {
    }

    /**
     * The generic plan of {@code sql} (JDBC placeholders) with {@code arguments} (SQL literals, one per placeholder), as
     * {@code EXPLAIN} prints it.
     */
    public static String of(Database postgres, String sql, String... arguments) throws Exception {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        List<String> plan = new ArrayList<>();
        try (Connection c = postgres.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE generic_plan_query AS " + numbered);
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE generic_plan_query(" + String.join(", ", arguments) + ")")) {
                while (rs.next()) {
                    plan.add(rs.getString(1));
                }
            } finally {
                s.execute("DEALLOCATE generic_plan_query");
                s.execute("RESET plan_cache_mode");
            }
        }
        return String.join("\n", plan);
    }
}
