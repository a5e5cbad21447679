package dev.candidaterouter.metrics;

import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.store.SingleWriter;
import dev.candidaterouter.store.WriterLock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The product's own metrics, served with Camel's at {@code /observe/metrics} (Prometheus format). Counters count
 * what this process did; gauges read the shared tables, so they show the same totals on every instance (two grouped
 * queries per scrape, see {@link TableCounts}).
 */
public class RouterMetrics {
    /** One reading of the tables serves a whole scrape (see {@link TableCounts}); scrapes come seconds apart. */
    private static final Duration TABLE_READING_MAX_AGE = Duration.ofSeconds(1);
    /**
     * The sends done (sent, cancelled: nearly every row) and the retries (every row's attempts) need a pass over the
     * table: read together at most once a minute (TableCounts).
     */
    private static final Duration TOTALS_READING_MAX_AGE = Duration.ofMinutes(1);
    /** Every status a send can have: one gauge each, read as TableCounts reads it (open with every scrape, done less often). */
    private static final List<String> DISPATCH_STATES = Stream.concat(TableCounts.OPEN.stream(),
            TableCounts.DONE.stream()).toList();

    private final MeterRegistry registry;
    private final Timer endToEnd;
    /**
     * Counters by their tag values, registered on first use. Building a meter's id and finding it in the registry on
     * every count (ten rules fired per decision, inside the event's transaction) cost more than counting.
     */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    /**
     * @param channels the send channels' names as stored in {@code dispatch.channel} (the wiring passes {@code
     *     Channel.values()}: metrics sit below the assessment package and must not import it)
     */
    public RouterMetrics(MeterRegistry registry, DataSource dataSource, List<String> channels) {
        this.registry = registry;
        this.endToEnd = Timer.builder("candidate_router_event_to_decision")
                .description("Time from a webhook event's receipt to the recorded decision")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        TableCounts counts = new TableCounts(dataSource, TABLE_READING_MAX_AGE, TOTALS_READING_MAX_AGE);
        Gauge.builder("candidate_router_inbox_backlog", counts::inboxBacklog)
                .description("Webhook events stored and not yet processed")
                .register(registry);
        for (String channel : channels) {
            for (String state : DISPATCH_STATES) {
                Gauge.builder("candidate_router_dispatches", () -> counts.dispatches(channel, state))
                        .description("Sends by channel and status (from the dispatch table; sent and cancelled read"
                                + " at most once a minute)")
                        .tags("channel", channel.toLowerCase(), "status", state)
                        .register(registry);
            }
            Gauge.builder("candidate_router_dispatch_retries", () -> counts.retries(channel))
                    .description("Attempts beyond the first, by channel (from the dispatch table, read at most once a minute)")
                    .tags("channel", channel.toLowerCase())
                    .register(registry);
        }
        SingleWriter.of(dataSource).ifPresent(this::writerUsage);
    }

    /**
     * On SQLite, how the file's one writer is used (WriterLock): the share of time it is held is how busy the
     * process's writes keep it; waits summed over threads say how much they queue for it.
     */
    private void writerUsage(WriterLock writer) {
        FunctionCounter.builder("candidate_router_store_writer_turns", writer, w -> w.usage().turns())
                .description("Times a thread took the SQLite file's one writer (a transaction counts once)")
                .register(registry);
        FunctionCounter.builder("candidate_router_store_writer_wait_seconds", writer, w -> seconds(w.usage().waitedNanos()))
                .description("Time threads waited for the SQLite file's one writer, summed over threads")
                .register(registry);
        FunctionCounter.builder("candidate_router_store_writer_held_seconds", writer, w -> seconds(w.usage().heldNanos()))
                .description("Time the SQLite file's one writer was held; per second of wall time, how busy it is")
                .register(registry);
        FunctionCounter.builder("candidate_router_store_commits", writer, w -> w.usage().commits())
                .description("Transactions committed on the SQLite file")
                .register(registry);
        FunctionCounter.builder("candidate_router_store_commit_seconds", writer, w -> seconds(w.usage().commitNanos()))
                .description("Time the SQLite file's commits took (part of the writer's held time)")
                .register(registry);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** A webhook request stored ({@code stored}, {@code duplicate}, {@code quarantined}) or refused (its status). */
    public void webhookEvent(String eventType, String outcome) {
        counter("candidate_router_webhook_events_total", "Webhook requests by event type and outcome",
                "type", eventType == null ? "unknown" : eventType, "outcome", outcome).increment();
    }

    /**
     * An assessment result report: its source (webhook, poll, simulated), status (completed, expired; unreadable or
     * refused when it had none) and what became of it (stored, duplicate, pending, candidate_deleted, quarantined, or
     * the refusal).
     */
    public void assessmentResult(String source, String status, String outcome) {
        counter("candidate_router_assessment_results_total", "Assessment result reports by source, status and outcome",
                "source", source, "status", status, "outcome", outcome).increment();
    }

    /** A decision recorded, with the rules that made it and how long after the event's receipt. */
    public void decision(String assessmentId, List<String> firedRules, Duration sinceReceipt) {
        counter("candidate_router_decisions_total", "Decisions by assessment",
                "assessment", assessmentId == null ? "none" : assessmentId).increment();
        for (String rule : firedRules) {
            counter("candidate_router_rules_fired_total", "Rule firings by rule name", "rule", rule).increment();
        }
        if (sinceReceipt != null && !sinceReceipt.isNegative()) {
            endToEnd.record(sinceReceipt);
        }
    }

    /**
     * A send its provider accepted (recorded sent), by channel: what a dashboard's send rate reads, counted as it
     * happens by the process that sent it (the dispatch gauge's sent total is at most a minute old).
     */
    public void sent(String channel) {
        counter("candidate_router_sends_total", "Sends this process completed, by channel", "channel",
                channel.toLowerCase(Locale.ROOT)).increment();
    }

    /** The counter of this name and these tags (name, value, name, value, ...), registered on first use. */
    private Counter counter(String name, String description, String... tags) {
        List<String> key = new ArrayList<>(tags.length + 1);
        key.add(name);
        key.addAll(Arrays.asList(tags));
        return counters.computeIfAbsent(key, k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }

    /**
     * A rule set's reload state, for alerts: {@code candidate_router_rules_rejected} is 1 while the newest rule files
     * do not compile and older rules serve, 0 once a good change was accepted; {@code
     * candidate_router_rules_rejections_total} counts rejected changes, so one fixed before the next scrape still shows.
     */
    public void ruleSet(String name, RuleBook book) {
        Gauge.builder("candidate_router_rules_rejected", book, b -> b.status().isDegraded() ? 1 : 0)
                .description("1 while a change to the rule set's files was rejected and the previous rules serve")
                .tags("ruleset", name).strongReference(true).register(registry);
        FunctionCounter.builder("candidate_router_rules_rejections", book, b -> b.status().rejections())
                .description("Rule changes rejected because they did not compile")
                .tags("ruleset", name).register(registry); // weakly held: the drools component keeps its books
    }
}
