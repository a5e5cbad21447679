package dev.candidaterouter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table gauges: the numbers a scrape shows, and what a scrape costs the database. */
class RouterMetricsTest {
    @TempDir
    Path dir;

    @Test
    void aScrapeShowsEveryChannelAndStatusFromTwoQueries() throws Exception {
        try (Database database = TestDatabases.open("h2", dir)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            insert(jdbc, 1, "SMS", "dead", 5);
            insert(jdbc, 2, "SMS", "dead", 3);
            insert(jdbc, 3, "SMS", "sent", 1);
            insert(jdbc, 4, "EMAIL", "pending", 0);
            jdbc.update("INSERT INTO inbox_event (integration_id, event_id, body, body_sha256, status, received_at)"
                    + " VALUES ('int', 'e-1', '{}', 'sha', 'received', ?)", Instant.now());
            AtomicInteger statements = new AtomicInteger();
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new RouterMetrics(registry, counting(database.dataSource(), statements), List.of("ASSESSMENT", "EMAIL", "SMS"));

            String scrape = registry.scrape();

            assertThat(scrape)
                    .contains("candidate_router_dispatches{channel=\"sms\",status=\"dead\"} 2.0")
                    .contains("candidate_router_dispatches{channel=\"sms\",status=\"sent\"} 1.0")
                    .contains("candidate_router_dispatches{channel=\"email\",status=\"pending\"} 1.0")
                    .contains("candidate_router_dispatches{channel=\"assessment\",status=\"review\"} 0.0")
                    .contains("candidate_router_dispatch_retries{channel=\"sms\"} 6.0") // 4 + 2; the sent one had no retry
                    .contains("candidate_router_dispatch_retries{channel=\"email\"} 0.0") // 0 attempts is not -1 retries
                    .contains("candidate_router_inbox_backlog 1.0");
            // 3 channels x 7 statuses + 3 retry gauges + the backlog = 25 gauges: the counts, the retries, the backlog.
            assertThat(statements).hasValue(3);
        }
    }

    @Test
    void theOpenSendsAreReadWithEveryScrapeTheSendsDoneAndRetriesOncePerTheirMaxAge() throws Exception {
        try (Database database = TestDatabases.open("h2", dir)) {
            Jdbc jdbc = new Jdbc(database.dataSource());
            insert(jdbc, 1, "SMS", "dead", 5);
            insert(jdbc, 2, "SMS", "sent", 1);
            AtomicInteger statements = new AtomicInteger();
            TableCounts counts = new TableCounts(counting(database.dataSource(), statements), Duration.ZERO, Duration.ofHours(1));
            assertThat(counts.retries("SMS")).isEqualTo(4.0);
            assertThat(counts.dispatches("SMS", "sent")).isEqualTo(1.0);

            insert(jdbc, 3, "SMS", "dead", 3);
            insert(jdbc, 4, "SMS", "sent", 1);
            insert(jdbc, 5, "SMS", "pending", 0);
            assertThat(counts.dispatches("SMS", "dead")).as("open: read again").isEqualTo(2.0);
            assertThat(counts.dispatches("SMS", "pending")).as("open: read again").isEqualTo(1.0);
            assertThat(counts.dispatches("SMS", "sent")).as("done: the reading of the last hour").isEqualTo(1.0);
            assertThat(counts.retries("SMS")).as("the retries: the reading of the last hour").isEqualTo(4.0);
            // The totals once; the open sends with the backlog for each of the two open readings (maxAge zero).
            assertThat(statements).as("one totals reading, two readings of the open sends").hasValue(1 + 2 * 2);
        }
    }

    /** On SQLite the one writer's use is served: turns, waits, time held, commits (WriterLock). */
    @Test
    void onSqliteTheWritersUseIsServed() throws Exception {
        try (Database database = TestDatabases.open("sqlite", dir)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new RouterMetrics(registry, database.dataSource(), List.of("SMS"));
            double turnsBefore = value(registry, "candidate_router_store_writer_turns_total");
            double commitsBefore = value(registry, "candidate_router_store_commits_total");
            Jdbc jdbc = new Jdbc(database.dataSource());

            insert(jdbc, 1, "SMS", "sent", 1);
            jdbc.inTransaction(() -> {
                insert(jdbc, 2, "SMS", "sent", 1);
                insert(jdbc, 3, "SMS", "sent", 1);
                return null;
            });

            assertThat(value(registry, "candidate_router_store_writer_turns_total") - turnsBefore)
                    .as("one statement on its own, one transaction of two").isEqualTo(2.0);
            assertThat(value(registry, "candidate_router_store_commits_total") - commitsBefore).isEqualTo(1.0);
            assertThat(value(registry, "candidate_router_store_writer_held_seconds_total")).isPositive();
            assertThat(value(registry, "candidate_router_store_commit_seconds_total")).isPositive();
            assertThat(registry.scrape()).contains("candidate_router_store_writer_wait_seconds_total");
        }
    }

    @Test
    void otherDatabasesHaveNoWriterMetrics() throws Exception {
        try (Database database = TestDatabases.open("h2", dir)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new RouterMetrics(registry, database.dataSource(), List.of("SMS"));

            assertThat(registry.scrape()).doesNotContain("candidate_router_store_");
        }
    }

    /** A counter's value as a scrape shows it. */
    private static double value(PrometheusMeterRegistry registry, String name) {
        return registry.scrape().lines().filter(line -> line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(name.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in the scrape"));
    }

    /**
     * The open sends' counts come from ix_dispatch_due_channel's ranges alone: a scrape must not read the table, which
     * only grows.
     */
    @Test
    void onSqliteTheCountsAreReadFromAnIndexNotTheTable() throws Exception {
        try (Database database = TestDatabases.open("sqlite", dir)) {
            List<String> plan = new Jdbc(database.dataSource()).query("EXPLAIN QUERY PLAN " + TableCounts.OPEN_DISPATCHES,
                    rs -> rs.getString("detail"));
            assertThat(plan).anyMatch(step -> step.contains("COVERING INDEX ix_dispatch_due_channel"))
                    .noneMatch(step -> step.contains("TEMP B-TREE"));
        }
    }

    @Test
    void aDatabaseThatCannotBeReadShowsNotANumberAndIsAskedOncePerReadingPerScrape() throws Exception {
        Database database = TestDatabases.open("h2", dir);
        AtomicInteger statements = new AtomicInteger();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new RouterMetrics(registry, counting(database.dataSource(), statements), List.of("SMS"));
        database.close();

        assertThat(registry.scrape()).contains("candidate_router_dispatches{channel=\"sms\",status=\"dead\"} NaN")
                .contains("candidate_router_dispatch_retries{channel=\"sms\"} NaN")
                .contains("candidate_router_inbox_backlog NaN");
        // Once for the counts, once for the retries: not once per gauge.
        assertThat(statements).hasValueLessThanOrEqualTo(2);
    }

    private static void insert(Jdbc jdbc, int candidate, String channel, String status, int attempts) {
        Instant now = Instant.now();
        jdbc.update("""
                INSERT INTO dispatch (dispatch_key, integration_id, candidate_id, assessment_id, channel, decision_id,
                                      status, attempts, next_attempt_at, created_at, updated_at)
                VALUES (?, 'int', ?, 'a-1', ?, 1, ?, ?, ?, ?, ?)""",
                "k-" + candidate, "c-" + candidate, channel, status, attempts, now, now, now);
    }

    /** The data source, counting every statement prepared on its connections (or every connection that failed). */
    private static DataSource counting(DataSource dataSource, AtomicInteger statements) {
        return (DataSource) Proxy.newProxyInstance(RouterMetricsTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("getConnection")) {
                        return invoke(method, dataSource, args);
                    }
                    Connection connection;
                    try {
                        connection = (Connection) invoke(method, dataSource, args);
                    } catch (Exception notConnected) {
                        statements.incrementAndGet();
                        throw notConnected;
                    }
                    return Proxy.newProxyInstance(RouterMetricsTest.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("prepareStatement") || m.getName().equals("createStatement")) {
                                    statements.incrementAndGet();
                                }
                                return invoke(m, connection, a);
                            });
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Exception {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
