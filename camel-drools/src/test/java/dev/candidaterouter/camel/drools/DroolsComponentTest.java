package dev.candidaterouter.camel.drools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PropertyBindingSupport;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drools: component on its own, with test facts and rule files in a temporary folder. */
class DroolsComponentTest {
    static final String DISCOUNT_RULES = """
            package test.orders;
            import dev.candidaterouter.camel.drools.Order;
            import dev.candidaterouter.camel.drools.Discount;

            rule "Big orders get ten percent"
            when
                $o : Order( total >= 100 )
            then
                insert(new Discount($o.getId(), 10));
            end

            rule "Every order gets one percent"
            when
                $o : Order()
            then
                insert(new Discount($o.getId(), 1));
            end
            """;

    static final String BIG_ORDER_ONLY = """
            package test.orders;
            import dev.candidaterouter.camel.drools.Order;
            import dev.candidaterouter.camel.drools.Discount;

            rule "Big orders get twenty percent"
            when
                $o : Order( total >= 100 )
            then
                insert(new Discount($o.getId(), 20));
            end
            """;

    @TempDir
    Path rules;

    CamelContext camel;
    ProducerTemplate template;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    private String uri(String options) {
        return "drools:orders?rulesDir=" + rules.toAbsolutePath() + (options.isEmpty() ? "" : "&" + options);
    }

    private void write(String name, String drl) throws Exception {
        Path file = rules.resolve(name);
        Files.writeString(file, drl);
        // Make each write visible to the watcher even within one file-system timestamp tick.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(AtomicCounter.next())));
    }

    /** Strictly increasing offsets for modification times. */
    static final class AtomicCounter {
        private static final AtomicInteger N = new AtomicInteger();

        static int next() {
            return N.incrementAndGet();
        }
    }

    @Test
    void listResultHoldsEveryResultFactAndHeadersNameTheFiredRules() throws Exception {
        write("discounts.drl", DISCOUNT_RULES);
        Exchange out = template.send(uri("resultType=" + Discount.class.getName() + "&resultMode=list&reload=false"),
                ex -> ex.getMessage().setBody(new Order("o-1", 150)));
        assertThat(out.getException()).isNull();
        @SuppressWarnings("unchecked")
        List<Discount> discounts = out.getMessage().getBody(List.class);
        assertThat(discounts).extracting(Discount::getPercent).containsExactlyInAnyOrder(10, 1);
        assertThat(out.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class))
                .containsExactlyInAnyOrder("Big orders get ten percent", "Every order gets one percent");
        assertThat(out.getMessage().getHeader(DroolsConstants.RULESET_VERSION, String.class)).hasSize(12);
        assertThat(out.getMessage().getHeader(DroolsConstants.RULESET, String.class)).isEqualTo("orders");
    }

    @Test
    void singleResultIsTheBodyAndNoResultIsNull() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        String uri = uri("resultType=" + Discount.class.getName() + "&reload=false");
        Object big = template.requestBody(uri, new Order("o-1", 150));
        assertThat(big).isInstanceOf(Discount.class);
        assertThat(((Discount) big).getPercent()).isEqualTo(20);
        Exchange small = template.send(uri, ex -> ex.getMessage().setBody(new Order("o-2", 5)));
        assertThat(small.getMessage().getBody()).isNull();
        assertThat(small.getMessage().getHeader(DroolsConstants.FIRED_RULES, List.class)).isEmpty();
    }

    @Test
    void severalResultsInSingleModeAreAnError() throws Exception {
        write("discounts.drl", DISCOUNT_RULES);
        Exchange out = template.send(uri("resultType=" + Discount.class.getName() + "&reload=false"),
                ex -> ex.getMessage().setBody(new Order("o-1", 150)));
        assertThat(out.getException()).hasMessageContaining("produced 2 Discount facts");
    }

    @Test
    void withoutResultTypeTheBodyIsTheInsertedObjectAsRulesLeftIt() throws Exception {
        write("notes.drl", """
                package test.orders;
                import dev.candidaterouter.camel.drools.Order;
                rule "Notes big orders"
                when
                    $o : Order( total > 10, note == null )
                then
                    modify($o) { setNote("big") }
                end
                """);
        Object out = template.requestBody(uri("reload=false"), new Order("o-1", 50));
        assertThat(out).isInstanceOf(Order.class);
        assertThat(((Order) out).getNote()).isEqualTo("big");
    }

    @Test
    void iterableBodyAndHeaderFactsAreInsertedItemByItem() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        Exchange out = template.send(uri("resultType=" + Discount.class.getName() + "&resultMode=list&factsHeader=moreOrders&reload=false"),
                ex -> {
                    ex.getMessage().setBody(List.of(new Order("a", 100), new Order("b", 1)));
                    ex.getMessage().setHeader("moreOrders", List.of(new Order("c", 300)));
                });
        @SuppressWarnings("unchecked")
        List<Discount> discounts = out.getMessage().getBody(List.class);
        assertThat(discounts).extracting(Discount::getOrderId).containsExactlyInAnyOrder("a", "c");
    }

    /**
     * Sessions are reused between evaluations (a pool per rule generation): neither a fact nor a global of one
     * evaluation may reach the next, on the same endpoint or on another endpoint of the same rules.
     */
    @Test
    void nothingOfOneEvaluationReachesTheNext() throws Exception {
        write("count.drl", """
                package test.orders;
                import dev.candidaterouter.camel.drools.Order;
                import dev.candidaterouter.camel.drools.Discount;
                global java.lang.Integer threshold;
                rule "Count the orders"
                when
                    $n : Number() from accumulate( Order(), count() )
                then
                    insert(new Discount("count", $n.intValue()));
                end
                rule "A threshold was given"
                when
                    eval( threshold != null )
                then
                    insert(new Discount("threshold", threshold));
                end
                rule "An order that breaks the rules"
                when
                    Order( id == "boom" )
                then
                    throw new IllegalStateException("boom");
                end
                """);
        camel.getRegistry().bind("ruleGlobals", Map.of("threshold", 40));
        String withGlobals = uri("resultType=" + Discount.class.getName() + "&resultMode=list&globals=#ruleGlobals&reload=false");
        String without = uri("resultType=" + Discount.class.getName() + "&resultMode=list&reload=false");
        for (int round = 0; round < 3; round++) {
            assertThat(discounts(withGlobals, List.of(new Order("a", 1), new Order("b", 2), new Order("c", 3))))
                    .containsExactlyInAnyOrder("count=3", "threshold=40");
            // An evaluation that fails half-way leaves nothing behind either.
            assertThatThrownBy(() -> discounts(without, List.of(new Order("x", 5), new Order("boom", 6))))
                    .hasRootCauseMessage("boom");
            assertThat(discounts(without, List.of(new Order("d", 4))))
                    .as("one order and no threshold: nothing left from the evaluation before")
                    .containsExactly("count=1");
        }
    }

    private List<String> discounts(String endpointUri, List<Order> orders) {
        @SuppressWarnings("unchecked")
        List<Discount> found = template.requestBody(endpointUri, orders, List.class);
        return found.stream().map(d -> d.getOrderId() + "=" + d.getPercent()).toList();
    }

    @Test
    void globalsAreAvailableToTheRules() throws Exception {
        write("threshold.drl", """
                package test.orders;
                import dev.candidaterouter.camel.drools.Order;
                import dev.candidaterouter.camel.drools.Discount;
                global java.lang.Integer threshold;
                rule "Orders above the threshold get five percent"
                when
                    $o : Order( total > threshold )
                then
                    insert(new Discount($o.getId(), 5));
                end
                """);
        camel.getRegistry().bind("ruleGlobals", Map.of("threshold", 40));
        Object out = template.requestBody(uri("resultType=" + Discount.class.getName() + "&globals=#ruleGlobals&reload=false"),
                new Order("o", 50));
        assertThat(out).isInstanceOf(Discount.class);
    }

    @Test
    void aDecisionTableCompilesAndFires() throws Exception {
        Files.writeString(rules.resolve("discounts.csv"), """
                RuleSet,test.orders
                Import,"dev.candidaterouter.camel.drools.Order, dev.candidaterouter.camel.drools.Discount"
                RuleTable Discounts by total
                CONDITION,ACTION
                $o : Order,
                total >= $param,"insert(new Discount($o.getId(), $param));"
                Minimum total,Percent
                1000,15
                """);
        Object out = template.requestBody(uri("resultType=" + Discount.class.getName() + "&reload=false"), new Order("o", 2000));
        assertThat(out).isInstanceOf(Discount.class);
        assertThat(((Discount) out).getPercent()).isEqualTo(15);
    }

    @Test
    void brokenRulesStopStartUpWithFileLineAndColumn() throws Exception {
        write("broken.drl", """
                package test.orders;
                import dev.candidaterouter.camel.drools.Order;
                rule "Broken"
                when
                    $o : Order( totl > 10 )
                then
                end
                """);
        CamelContext other = new DefaultCamelContext();
        other.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("direct:in").to(uri("reload=false"));
            }
        });
        assertThatThrownBy(other::start).hasStackTraceContaining(rules.resolve("broken.drl") + ":5:");
        assertThat(RuleBook.check(rules, "*.drl")).singleElement()
                .satisfies(p -> {
                    assertThat(p.file()).isEqualTo(rules.resolve("broken.drl").toString());
                    assertThat(p.line()).isEqualTo(5);
                    assertThat(p.message()).contains("totl");
                });
    }

    @Test
    void changedRulesAreReloadedAndTheVersionChanges() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        String uri = uri("resultType=" + Discount.class.getName() + "&reloadDelay=100");
        Exchange before = template.send(uri, ex -> ex.getMessage().setBody(new Order("o", 150)));
        assertThat(before.getMessage().getBody(Discount.class).getPercent()).isEqualTo(20);

        write("discounts.drl", BIG_ORDER_ONLY.replace("twenty", "thirty").replace(", 20)", ", 30)"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Exchange after = template.send(uri, ex -> ex.getMessage().setBody(new Order("o", 150)));
            assertThat(after.getMessage().getBody(Discount.class).getPercent()).isEqualTo(30);
            assertThat(after.getMessage().getHeader(DroolsConstants.RULESET_VERSION))
                    .isNotEqualTo(before.getMessage().getHeader(DroolsConstants.RULESET_VERSION));
        });
    }

    @Test
    void anEndpointThatDoesNotReloadKeepsItsRulesWhileAnotherOnTheSameFolderReloads() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        String fixed = uri("resultType=" + Discount.class.getName() + "&reload=false");
        String watching = uri("resultType=" + Discount.class.getName() + "&reloadDelay=100");
        assertThat(template.requestBody(fixed, new Order("o", 150), Discount.class).getPercent()).isEqualTo(20);
        assertThat(template.requestBody(watching, new Order("o", 150), Discount.class).getPercent()).isEqualTo(20);

        write("discounts.drl", BIG_ORDER_ONLY.replace("twenty", "thirty").replace(", 20)", ", 30)"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(template.requestBody(watching, new Order("o", 150), Discount.class).getPercent()).isEqualTo(30));
        assertThat(template.requestBody(fixed, new Order("o", 150), Discount.class).getPercent()).isEqualTo(20);
        assertThat(camel.getComponent("drools", DroolsComponent.class).getRuleBooks()).hasSize(2);
    }

    @Test
    void twoRuleSetsInOneContextHaveTheirOwnVersionAndReloadIndependently(@TempDir Path otherRules) throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        Files.writeString(otherRules.resolve("discounts.drl"), DISCOUNT_RULES);
        String orders = uri("resultType=" + Discount.class.getName() + "&reloadDelay=50");
        String returns = "drools:returns?rulesDir=" + otherRules.toAbsolutePath() + "&resultType=" + Discount.class.getName()
                + "&resultMode=list&reloadDelay=50";
        Exchange ordersBefore = template.send(orders, ex -> ex.getMessage().setBody(new Order("o", 150)));
        Exchange returnsBefore = template.send(returns, ex -> ex.getMessage().setBody(new Order("r", 150)));
        String returnsVersion = returnsBefore.getMessage().getHeader(DroolsConstants.RULESET_VERSION, String.class);
        assertThat(ordersBefore.getMessage().getHeader(DroolsConstants.RULESET_VERSION)).isNotEqualTo(returnsVersion);
        assertThat(camel.getComponent("drools", DroolsComponent.class).getRuleSets()).containsOnlyKeys("orders", "returns");

        write("discounts.drl", BIG_ORDER_ONLY.replace("twenty", "thirty").replace(", 20)", ", 30)"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(template.requestBody(orders, new Order("o", 150), Discount.class).getPercent()).isEqualTo(30));
        Exchange returnsAfter = template.send(returns, ex -> ex.getMessage().setBody(new Order("r", 150)));
        assertThat(returnsAfter.getMessage().getHeader(DroolsConstants.RULESET_VERSION)).isEqualTo(returnsVersion);
        assertThat(returnsAfter.getMessage().getBody(List.class)).hasSize(2);
        assertThat(camel.getComponent("drools", DroolsComponent.class).getRuleSets().get("returns").status().version())
                .isEqualTo(returnsVersion);
    }

    @Test
    void theFolderIsWatchedOnACamelThreadThatStopsWithTheContext() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        template.requestBody(uri("resultType=" + Discount.class.getName() + "&reloadDelay=50"), new Order("o", 150));
        assertThat(watchThreads()).hasSize(1);

        camel.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> watchThreads().isEmpty());
    }

    /** This test's context's watcher threads (Camel names them "Camel (camel-N) thread #M - DroolsWatch"). */
    private List<String> watchThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("Camel (" + camel.getName() + ")") && name.contains("DroolsWatch"))
                .toList();
    }

    @Test
    void componentOptionsAreEveryEndpointsDefaultsAndAnEndpointOptionWins() throws Exception {
        write("discounts.drl", DISCOUNT_RULES);
        // As Camel Main binds camel.component.drools.resultMode=list and camel.component.drools.reload=false.
        DroolsComponent component = camel.getComponent("drools", DroolsComponent.class);
        PropertyBindingSupport.build().bind(camel, component, new HashMap<>(Map.of("resultMode", "list", "reload", "false")));

        Object list = template.requestBody(uri("resultType=" + Discount.class.getName()), new Order("o", 150));
        assertThat(list).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(2);
        Exchange single = template.send(uri("resultType=" + Discount.class.getName() + "&resultMode=single"),
                ex -> ex.getMessage().setBody(new Order("o", 150)));
        assertThat(single.getException()).hasMessageContaining("produced 2 Discount facts");
        DroolsEndpoint endpoint = camel.getEndpoint(uri("resultType=" + Discount.class.getName()), DroolsEndpoint.class);
        assertThat(endpoint.isReload()).isFalse();
        assertThat(endpoint.getResultMode()).isEqualTo(DroolsResultMode.list);
    }

    @Test
    void brokenChangeIsRejectedAndTheOldRulesKeepAnswering() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        String uri = uri("resultType=" + Discount.class.getName() + "&reloadDelay=100");
        template.requestBody(uri, new Order("o", 150));
        RuleBook book = ((DroolsComponent) camel.getComponent("drools")).getRuleBooks().iterator().next();

        write("discounts.drl", BIG_ORDER_ONLY.replace("total >= 100", "total >= "));
        await().atMost(Duration.ofSeconds(30)).until(() -> book.status().isDegraded());
        assertThat(book.status().lastError()).contains(rules.resolve("discounts.drl") + ":");
        Discount stillServed = template.requestBody(uri, new Order("o", 150), Discount.class);
        assertThat(stillServed.getPercent()).isEqualTo(20);

        write("discounts.drl", BIG_ORDER_ONLY);
        await().atMost(Duration.ofSeconds(30)).until(() -> !book.status().isDegraded());
    }

    @Test
    void concurrentExchangesAllGetTheirOwnResult() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        String uri = uri("resultType=" + Discount.class.getName() + "&reload=false");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String id = "o-" + i;
                int total = i % 2 == 0 ? 150 : 5;
                results.add(pool.submit(() -> {
                    Object out = template.requestBody(uri, new Order(id, total));
                    return total >= 100 ? out instanceof Discount d && d.getOrderId().equals(id) : out == null;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noExchangeFailsWhileRulesAreSwappedUnderASteadyStream() throws Exception {
        write("discounts.drl", BIG_ORDER_ONLY);
        String uri = uri("resultType=" + Discount.class.getName() + "&reloadDelay=50");
        template.requestBody(uri, new Order("warm-up", 150));
        RuleBook book = ((DroolsComponent) camel.getComponent("drools")).getRuleBooks().iterator().next();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Thread stream = new Thread(() -> {
            while (running.get()) {
                Exchange out = template.send(uri, ex -> ex.getMessage().setBody(new Order("s", 150)));
                sent.incrementAndGet();
                if (out.getException() != null || out.getMessage().getBody(Discount.class) == null) {
                    failures.incrementAndGet();
                }
            }
        });
        stream.start();
        try {
            for (int round = 1; round <= 3; round++) {
                String before = book.status().version();
                long started = System.nanoTime();
                write("discounts.drl", BIG_ORDER_ONLY.replace(", 20)", ", " + (20 + round) + ")"));
                await().atMost(Duration.ofSeconds(30)).until(() -> !book.status().version().equals(before));
                System.out.printf("reload %d took %d ms (including the watcher's settle time)%n", round,
                        (System.nanoTime() - started) / 1_000_000);
            }
        } finally {
            running.set(false);
            stream.join();
        }
        assertThat(sent.get()).isPositive();
        assertThat(failures.get()).isZero();
    }
}
