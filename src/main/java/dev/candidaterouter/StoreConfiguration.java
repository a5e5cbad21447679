package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.logging.SecretValues;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.DatabaseHealthCheck;
import dev.candidaterouter.store.RouteTransactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyConfiguration;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.model.errorhandler.SpringTransactionErrorHandlerDefinition;
import org.apache.camel.spi.Registry;
import org.apache.camel.spring.spi.SpringTransactionPolicy;

/**
 * What every stage uses: the database (migrated when opened), the clock, this process's id, the JSON mapper and the
 * metrics. Later configuration classes take these beans as parameters, found in the registry by type.
 */
public class StoreConfiguration implements CamelConfiguration {

    @BindToRegistry("clock")
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** Who holds a claimed row: several processes may share the database. */
    @BindToRegistry("instanceId")
    public String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    @BindToRegistry("jsonMapper")
    public ObjectMapper jsonMapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Opened (and migrated) at start-up; closed once the routes have stopped. */
    @BindToRegistry("database")
    public Database database(CamelContext context, @PropertyInject("db.url") String url, @PropertyInject("db.user") String user,
            @PropertyInject("db.password") String password, @PropertyInject("db.pool-size") int poolSize) throws Exception {
        SecretValues.rememberPasswordIn(url);
        EarlierH2Store.refuseToStartBesideIt(url);
        Database database = Database.open(url, user, password, poolSize);
        context.addService(new Closer("database", database));
        return database;
    }

    @BindToRegistry("dataSource")
    public DataSource dataSource(Database database) {
        return database.dataSource();
    }

    /** The unit of work a route declares with {@code transacted} (candidate-pipeline.yaml: one per inbox event). */
    @BindToRegistry(RouteTransactions.REQUIRED)
    public SpringTransactionPolicy transaction(Database database) {
        return RouteTransactions.required(database.dataSource());
    }

    /**
     * An inbox event's unit of work (candidate-pipeline.yaml): inside its chunk's transaction a savepoint, so that one
     * event's failure rolls back only that event; else a transaction of its own, on PostgreSQL committed without
     * waiting for its flush unless INBOX_ASYNC_COMMIT=false (StoreTransactions.forInboxEvents says why that is safe).
     */
    @BindToRegistry(RouteTransactions.INBOX_EVENT)
    public SpringTransactionPolicy inboxEventTransaction(Database database,
            @PropertyInject("inbox.async-commit") boolean asyncCommit) {
        return RouteTransactions.inboxEvent(database.dataSource(), asyncCommit);
    }

    /**
     * The error handler of an inbox event's unit of work (routeConfiguration event-unit): it rolls back to the event's
     * savepoint. Camel takes a transacted route's transaction from its error handler when that handler is a
     * transaction one, so the savepoint needs a handler of its own.
     */
    @BindToRegistry(value = "rollbackEventAndRethrow", lazy = true)
    public SpringTransactionErrorHandlerDefinition rollbackEventAndRethrow(
            @BeanInject(RouteTransactions.INBOX_EVENT) SpringTransactionPolicy transaction) {
        return RouteTransactions.rollbackAndRethrow(transaction);
    }

    /** The transacted route's error handler (routeConfiguration event-transaction). Lazy: built from a bean of this class. */
    @BindToRegistry(value = "rollbackAndRethrow", lazy = true)
    public SpringTransactionErrorHandlerDefinition rollbackAndRethrow(
            @BeanInject(RouteTransactions.REQUIRED) SpringTransactionPolicy transaction) {
        return RouteTransactions.rollbackAndRethrow(transaction);
    }

    @BindToRegistry("databaseHealth")
    public DatabaseHealthCheck databaseHealth(Database database) {
        return new DatabaseHealthCheck(database);
    }

    /** One registry for Camel's metrics (camel.metrics.*) and ours: one /observe/metrics for everything. */
    @BindToRegistry("metricsRegistry")
    public MeterRegistry metricsRegistry(Registry registry) {
        MeterRegistry existing = registry.lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return existing != null ? existing : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /**
     * Camel's per-route timers on the routes that say where the time goes (metrics.route-timers-exclude leaves out the
     * steps inside them); none with metrics.route-timers=false. Added to the context here: Camel Main looks for route
     * policy factories in the registry before this configuration's beans are bound.
     */
    @BindToRegistry("routeTimers")
    public MicrometerRoutePolicyFactory routeTimers(CamelContext context, MeterRegistry meters,
            @PropertyInject("metrics.route-timers") boolean on,
            @PropertyInject(value = "metrics.route-timers-exclude", defaultValue = "") String excluded) {
        if (!on) {
            return null;
        }
        MicrometerRoutePolicyConfiguration timed = new MicrometerRoutePolicyConfiguration();
        timed.setExcludePattern(excluded.isBlank() ? null : excluded.replaceAll("\\s+", ""));
        MicrometerRoutePolicyFactory factory = new MicrometerRoutePolicyFactory();
        factory.setCamelContext(context);
        factory.setMeterRegistry(meters);
        factory.setPolicyConfiguration(timed);
        context.addRoutePolicyFactory(factory);
        return factory;
    }

    /**
     * Our metrics (RouterMetrics), and the connection pools' own (HikariCP's meters, README Metrics): both need the
     * registry and the database, and only the running process measures its pools (tools that open the database do not).
     */
    @BindToRegistry("routerMetrics")
    public RouterMetrics routerMetrics(MeterRegistry meters, Database database) {
        database.measurePools(meters);
        return new RouterMetrics(meters, database.dataSource(), Arrays.stream(Channel.values()).map(Channel::name).toList());
    }
}
