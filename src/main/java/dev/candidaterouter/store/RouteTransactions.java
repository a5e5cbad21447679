package dev.candidaterouter.store;

import javax.sql.DataSource;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.model.errorhandler.SpringTransactionErrorHandlerDefinition;
import org.apache.camel.spring.spi.SpringTransactionPolicy;

/**
 * The transaction a route opens with {@code transacted}: Camel's Spring transaction policy over a transaction
 * manager for the connection pool. Everything the route's steps write through {@link Jdbc} joins it; it commits
 * when the route ends and rolls back when an exception leaves the route.
 */
public final class RouteTransactions {
    /** The registry name Camel looks for when a route says {@code transacted} without naming a policy. */
    public static final String REQUIRED = "PROPAGATION_REQUIRED";

    /** The registry name of {@link #inboxEvent}. */
    public static final String INBOX_EVENT = "inboxEventUnit";

    private RouteTransactions() {
    }

    /**
     * An inbox event's unit of work: inside the transaction already active on the thread, under a savepoint of its
     * own (a failure rolls back only what this unit wrote, and the transaction goes on); with none active, a
     * transaction of its own, which on PostgreSQL with {@code asyncCommit} commits without waiting for its flush
     * ({@link StoreTransactions#forInboxEvents}).
     */
    public static SpringTransactionPolicy inboxEvent(DataSource dataSource, boolean asyncCommit) {
        SpringTransactionPolicy policy =
                new SpringTransactionPolicy(StoreTransactions.forInboxEvents(dataSource, asyncCommit));
        policy.setPropagationBehaviorName("PROPAGATION_NESTED");
        return policy;
    }

    /** Joins the transaction already active on the thread, or begins one. */
    public static SpringTransactionPolicy required(DataSource dataSource) {
        SpringTransactionPolicy policy = new SpringTransactionPolicy(StoreTransactions.manager(dataSource));
        policy.setPropagationBehaviorName(REQUIRED);
        return policy;
    }

    /**
     * The error handler of a transacted route whose caller handles failures: it rolls the transaction back and
     * passes the exception on, without redelivering it and without logging it. The caller logs the outcome, masked;
     * Camel's error handler would log the exception's text (at ERROR, and the rollback at WARN), which can quote
     * the personal data that could not be read.
     *
     * <p>Made here rather than written in the route: Camel 4.18's YAML DSL reads {@code springTransactionErrorHandler}
     * as the JTA error handler (its ErrorHandlerDeserializer maps both names to JtaTransactionErrorHandlerDefinition), so the route refers to this one by name.
     */
    public static SpringTransactionErrorHandlerDefinition rollbackAndRethrow(SpringTransactionPolicy policy) {
        SpringTransactionErrorHandlerDefinition handler = new SpringTransactionErrorHandlerDefinition();
        handler.setTransactedPolicy(policy);
        handler.setLevel("OFF");
        handler.setRollbackLoggingLevel("OFF");
        handler.setRedeliveryPolicy(new RedeliveryPolicyDefinition().maximumRedeliveries(0));
        return handler;
    }
}
