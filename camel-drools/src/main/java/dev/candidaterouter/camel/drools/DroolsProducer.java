package dev.candidaterouter.camel.drools;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.StatelessKieSession;

/**
 * Evaluates one exchange: a stateless session on the current rules, the body and header facts inserted,
 * all rules fired, the result facts collected, the fired rules recorded in a header.
 */
public class DroolsProducer extends DefaultProducer {
    private final DroolsEndpoint endpoint;

    public DroolsProducer(DroolsEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        // One read of the current rules: a reload during this evaluation does not affect it.
        CompiledRules rules = endpoint.ruleBook().current();
        // A stateless session per exchange: nothing (facts, listeners, globals) is shared between evaluations; its
        // working memory is a pooled one, reset after the evaluation before another takes it.
        StatelessKieSession session = rules.newSession();
        List<String> fired = new ArrayList<>();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        });
        Class<?> resultClass = endpoint.resultClass();
        ResultCollector results = new ResultCollector(resultClass);
        if (resultClass != null) {
            session.addEventListener(results);
        }
        Map<String, Object> globals = endpoint.getGlobals();
        if (globals != null) {
            globals.forEach(session::setGlobal);
        }
        List<Object> facts = new ArrayList<>();
        addFacts(facts, in.getBody());
        if (endpoint.getFactsHeader() != null) {
            addFacts(facts, in.getHeader(endpoint.getFactsHeader()));
        }
        session.execute(facts);

        if (resultClass != null) {
            List<Object> found = results.found();
            if (endpoint.getResultMode() == DroolsResultMode.list) {
                in.setBody(found);
            } else if (found.size() > 1) {
                throw new IllegalStateException("rules " + endpoint.getName() + " produced " + found.size() + " "
                        + resultClass.getSimpleName() + " facts where one was expected (rules fired: " + fired + ")");
            } else {
                in.setBody(found.isEmpty() ? null : found.get(0));
            }
        }
        in.setHeader(DroolsConstants.FIRED_RULES, fired);
        in.setHeader(DroolsConstants.RULESET_VERSION, rules.version());
        in.setHeader(DroolsConstants.RULESET, endpoint.getName());
    }

    /**
     * Collects the facts of the result type that are in working memory when the rules are done: those inserted
     * (by us or by rules) and not deleted. Working-memory events give this without Drools' command API.
     */
    private static final class ResultCollector extends DefaultRuleRuntimeEventListener {
        private final Class<?> type;
        private final Map<Object, Boolean> live = new IdentityHashMap<>();
        private final List<Object> order = new ArrayList<>();

        ResultCollector(Class<?> type) {
            this.type = type;
        }

        @Override
        public void objectInserted(ObjectInsertedEvent event) {
            Object o = event.getObject();
            if (type.isInstance(o) && live.put(o, Boolean.TRUE) == null) {
                order.add(o);
            }
        }

        @Override
        public void objectDeleted(ObjectDeletedEvent event) {
            live.remove(event.getOldObject());
        }

        List<Object> found() {
            return order.stream().filter(live::containsKey).toList();
        }
    }

    private static void addFacts(List<Object> facts, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Iterable<?> items && !(value instanceof Map)) {
            items.forEach(item -> {
                if (item != null) {
                    facts.add(item);
                }
            });
        } else {
            facts.add(value);
        }
    }
}
