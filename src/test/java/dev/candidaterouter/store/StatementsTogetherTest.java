package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several reads or inserts in one statement sent to the database ({@link Jdbc#bothTogether},
 * {@link Jdbc#insertAllIfAbsent}): each finds or writes what it would alone, on every database; on PostgreSQL they
 * go as one prepared statement, one round trip to the server.
 */
class StatementsTogetherTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void twoReadsTogetherEachFindTheirOwnRows(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            createTables(jdbc);
            Jdbc.Both<String, String> both = Jdbc.bothTogether(
                    jdbc.read("SELECT v FROM pair_a WHERE k = ? ORDER BY v", rs -> rs.getString(1), "k1"),
                    jdbc.read("SELECT v FROM pair_b WHERE k = ? ORDER BY v DESC", rs -> rs.getString(1), "k1"));
            assertThat(both.first()).containsExactly("a1", "a2");
            assertThat(both.second()).containsExactly("b2", "b1");

            Jdbc.Both<String, String> secondEmpty = Jdbc.bothTogether(
                    jdbc.read("SELECT v FROM pair_a WHERE k = ?", rs -> rs.getString(1), "k2"),
                    jdbc.read("SELECT v FROM pair_b WHERE k = ?", rs -> rs.getString(1), "k2"));
            assertThat(secondEmpty.first()).containsExactly("a3");
            assertThat(secondEmpty.second()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "sqlite", "postgres"})
    void insertAllSkipsTheRowsThatExistAndSaysWhichItInserted(String db) throws Exception {
        try (Database database = TestDatabases.open(db, dir)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            createTables(jdbc);
            jdbc.update("INSERT INTO keyed (k, v) VALUES ('taken', 'first')");

            assertThat(jdbc.insertAllIfAbsent("keyed", "k, v", List.of(new Object[] {"new-1", "x"},
                    new Object[] {"taken", "second"}, new Object[] {"new-2", null})))
                    .containsExactlyInAnyOrder("new-1", "new-2");

            assertThat(jdbc.query("SELECT k, v FROM keyed ORDER BY k",
                    rs -> rs.getString(1) + "=" + rs.getString(2)))
                    .containsExactly("new-1=x", "new-2=null", "taken=first");
            assertThat(jdbc.insertAllIfAbsent("keyed", "k, v", List.of())).isEmpty();
        }
    }

    @Test
    void onPostgresqlTwoReadsAndARowsInsertAreOneStatementEach() throws Exception {
        try (Database database = TestDatabases.open("postgres", dir)) {
            List<String> prepared = new ArrayList<>();
            Jdbc jdbc = new Jdbc(counting(database.dataSource(), prepared));
            createTables(jdbc);
            prepared.clear();

            Jdbc.bothTogether(jdbc.read("SELECT v FROM pair_a WHERE k = ?", rs -> rs.getString(1), "k1"),
                    jdbc.read("SELECT v FROM pair_b WHERE k = ?", rs -> rs.getString(1), "k1"));
            jdbc.insertAllIfAbsent("keyed", "k, v", List.of(new Object[] {"n1", "x"}, new Object[] {"n2", "y"},
                    new Object[] {"n3", "z"}));

            assertThat(prepared).hasSize(2);
            assertThat(prepared.get(0)).contains("pair_a").contains("pair_b");
            assertThat(prepared.get(1)).startsWith("INSERT INTO keyed").contains("ON CONFLICT DO NOTHING");
        }
    }

    private static void createTables(Jdbc jdbc) {
        jdbc.update("CREATE TABLE pair_a (k VARCHAR(20), v VARCHAR(20))");
        jdbc.update("CREATE TABLE keyed (k VARCHAR(20) PRIMARY KEY, v VARCHAR(20))");
        jdbc.update("CREATE TABLE pair_b (k VARCHAR(20), v VARCHAR(20))");
        jdbc.update("INSERT INTO pair_a (k, v) VALUES ('k1', 'a2'), ('k1', 'a1'), ('k2', 'a3')");
        jdbc.update("INSERT INTO pair_b (k, v) VALUES ('k1', 'b1'), ('k1', 'b2')");
    }

    /** The pool, noting the SQL of every statement prepared on its connections. */
    private static DataSource counting(DataSource pool, List<String> prepared) {
        return (DataSource) Proxy.newProxyInstance(StatementsTogetherTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(pool, method, args);
                    if (!(result instanceof Connection connection)) {
                        return result;
                    }
                    return Proxy.newProxyInstance(StatementsTogetherTest.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("prepareStatement")) {
                                    prepared.add((String) a[0]);
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
