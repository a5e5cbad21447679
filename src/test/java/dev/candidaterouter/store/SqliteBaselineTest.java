package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite starts from its own baseline (db/migration-sqlite) instead of replaying db/migration: both must lead to the
 * same tables, columns, indexes and unique keys. A migration added to one folder and not the other fails here (for
 * the indexes, PostgreSQL's folder as well).
 */
class SqliteBaselineTest {
    @TempDir
    Path dir;

    @Test
    void theSqliteBaselineHasTheTablesColumnsIndexesAndUniqueKeysTheMigrationsLeadTo() throws Exception {
        try (Database h2 = TestDatabases.open("h2", dir.resolve("h2")); Database sqlite = TestDatabases.open("sqlite", dir.resolve("sqlite"))) {
            Jdbc h2Jdbc = new Jdbc(h2.dataSource());
            Jdbc sqliteJdbc = new Jdbc(sqlite.dataSource());

            Map<String, Set<String>> h2Columns = new TreeMap<>();
            h2Jdbc.query("SELECT TABLE_NAME, COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = 'PUBLIC'"
                    + " AND TABLE_NAME <> 'flyway_schema_history'", rs -> h2Columns
                    .computeIfAbsent(lower(rs.getString(1)), t -> new TreeSet<>()).add(lower(rs.getString(2))));
            Map<String, Set<String>> sqliteColumns = new TreeMap<>();
            sqliteJdbc.query("SELECT m.name, c.name FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table'"
                    + " AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'flyway_schema_history'", rs -> sqliteColumns
                    .computeIfAbsent(rs.getString(1), t -> new TreeSet<>()).add(rs.getString(2)));
            assertThat(sqliteColumns).isNotEmpty().isEqualTo(h2Columns);

            Set<String> h2Indexes = new TreeSet<>(h2Jdbc.query("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND INDEX_NAME LIKE 'IX\\_%'", rs -> lower(rs.getString(1))));
            Set<String> sqliteIndexes = new TreeSet<>(sqliteJdbc.query("SELECT name FROM sqlite_master WHERE type = 'index'"
                    + " AND sql IS NOT NULL AND tbl_name <> 'flyway_schema_history'", rs -> rs.getString(1)));
            assertThat(sqliteIndexes).isNotEmpty().isEqualTo(h2Indexes);
            // From V20 PostgreSQL and H2 each have a folder of their own too (Database.migrations): the same indexes.
            try (Database postgres = TestDatabases.open("postgres", dir.resolve("pg"))) {
                assertThat(new TreeSet<>(new Jdbc(postgres.dataSource()).query("SELECT indexname FROM pg_indexes"
                        + " WHERE schemaname = current_schema() AND indexname LIKE 'ix\\_%'", rs -> rs.getString(1))))
                        .isEqualTo(h2Indexes);
            }

            Set<String> h2Unique = new TreeSet<>(h2Jdbc.query("""
                    SELECT tc.TABLE_NAME || '(' || LISTAGG(k.COLUMN_NAME, ',') WITHIN GROUP (ORDER BY k.ORDINAL_POSITION) || ')'
                      FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
                      JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                       AND k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
                     WHERE tc.CONSTRAINT_SCHEMA = 'PUBLIC' AND tc.CONSTRAINT_TYPE IN ('UNIQUE', 'PRIMARY KEY')
                       AND tc.TABLE_NAME <> 'flyway_schema_history'
                     GROUP BY tc.TABLE_NAME, tc.CONSTRAINT_NAME""", rs -> lower(rs.getString(1))));
            Set<String> sqliteUnique = new TreeSet<>(sqliteJdbc.query("""
                    SELECT m.name || '(' || (SELECT group_concat(name, ',') FROM
                           (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)) || ')'
                      FROM sqlite_master m, pragma_index_list(m.name) l
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'flyway_schema_history'
                       AND l."unique" = 1
                    UNION
                    SELECT m.name || '(' || c.name || ')' FROM sqlite_master m, pragma_table_info(m.name) c
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'flyway_schema_history'
                       AND c.pk = 1 AND lower(c.type) = 'integer'""", rs -> rs.getString(1)));
            assertThat(sqliteUnique).isNotEmpty().isEqualTo(h2Unique);
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
