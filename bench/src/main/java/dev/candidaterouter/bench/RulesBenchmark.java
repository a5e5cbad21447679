package dev.candidaterouter.bench;

import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.camel.drools.CompiledRules;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.candidate.CandidateProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.kie.api.KieBase;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.StatelessKieSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Issue 5: what the {@code drools:} endpoint costs per profile compared with the bare Drools API on the same
 * KieBase, and with a hand-written Camel {@code choice} route implementing the same policy. One benchmark
 * invocation evaluates every sample profile once, so the score (ops/s) is profiles per second. Run from the
 * project root (rules/ and samples/ are read relative to it); see bench/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RulesBenchmark {
    /** Profiles per invocation; {@link #setUp()} fails if the samples give a different number. */
    static final int PROFILES = 26;
    static final String DROOLS_URI =
            "drools:bench?rulesDir=rules&reload=false&resultType=dev.candidaterouter.assessment.AssessmentDecision";

    private List<CandidateProfile> profiles;
    private CamelContext camel;
    private ProducerTemplate template;
    /** Resolved once, as a route's {@code to} resolves its endpoint once when the route starts. */
    private Endpoint droolsEndpoint;
    private Endpoint choiceEndpoint;
    private KieBase kieBase;
    private CompiledRules compiled;
    private Path attachments;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        attachments = Files.createTempDirectory("bench-attachments");
        profiles = BenchProfiles.load(Path.of("samples/knit"), attachments);
        if (profiles.size() != PROFILES) {
            throw new IllegalStateException("expected " + PROFILES + " sample profiles, found " + profiles.size()
                    + ": update RulesBenchmark.PROFILES so the score stays profiles/s");
        }
        camel = new DefaultCamelContext();
        camel.addRoutes(new ChoiceRoutePolicy());
        camel.start();
        template = camel.createProducerTemplate();
        droolsEndpoint = camel.getEndpoint(DROOLS_URI);
        choiceEndpoint = camel.getEndpoint(ChoiceRoutePolicy.URI);
        compiled = RuleBook.compile(Path.of("rules"), "*.drl", Clock.systemUTC());
        kieBase = compiled.kieBase();
        // Not a timing check: the three ways must decide the same, or comparing their speed means nothing.
        for (CandidateProfile p : profiles) {
            String viaEndpoint = describe(template.requestBody(droolsEndpoint, p, AssessmentDecision.class));
            String viaSession = describe(evaluate(kieBase.newStatelessKieSession(), p));
            String viaPooled = describe(evaluate(compiled.newSession(), p));
            String viaChoice = describe(template.requestBody(choiceEndpoint, p, AssessmentDecision.class));
            if (!viaEndpoint.equals(viaSession) || !viaEndpoint.equals(viaPooled) || !viaEndpoint.equals(viaChoice)) {
                throw new IllegalStateException("decisions differ for " + p.getCandidateId() + ": drools: " + viaEndpoint
                        + ", session " + viaSession + ", pooled session " + viaPooled + ", choice route " + viaChoice);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        camel.close();
        try (var files = Files.walk(attachments)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** (a) Through Camel: the endpoint the app's route uses, resolved once as a route resolves it; exchange and headers included. */
    @Benchmark
    @OperationsPerInvocation(PROFILES)
    public void droolsEndpoint(Blackhole bh) {
        for (CandidateProfile p : profiles) {
            bh.consume(template.requestBody(droolsEndpoint, p));
        }
    }

    /**
     * (a') The same, the endpoint looked up from its URI string on every call ({@code requestBody(String, ...)}
     * normalises the URI and searches the endpoint registry each time): what a caller pays that does not keep the
     * endpoint, e.g. a {@code toD}. Round 4 measured the endpoint this way.
     */
    @Benchmark
    @OperationsPerInvocation(PROFILES)
    public void droolsEndpointByUri(Blackhole bh) {
        for (CandidateProfile p : profiles) {
            bh.consume(template.requestBody(DROOLS_URI, p));
        }
    }

    /**
     * (b) The same work with the bare Drools API, a new session each time ({@code KieBase.newStatelessKieSession}):
     * what {@code DroolsProducer} did minus Camel until round 11.
     */
    @Benchmark
    @OperationsPerInvocation(PROFILES)
    public void statelessSession(Blackhole bh) {
        for (CandidateProfile p : profiles) {
            bh.consume(evaluate(kieBase.newStatelessKieSession(), p));
        }
    }

    /** (b') The bare Drools API with the session's working memory from Drools' pool: what {@code DroolsProducer} does minus Camel. */
    @Benchmark
    @OperationsPerInvocation(PROFILES)
    public void pooledSession(Blackhole bh) {
        for (CandidateProfile p : profiles) {
            bh.consume(evaluate(compiled.newSession(), p));
        }
    }

    /** (c) The policy as a Camel route of choice blocks, no rule engine. */
    @Benchmark
    @OperationsPerInvocation(PROFILES)
    public void choiceRoute(Blackhole bh) {
        for (CandidateProfile p : profiles) {
            bh.consume(template.requestBody(choiceEndpoint, p));
        }
    }

    /**
     * Mirrors {@code DroolsProducer#process} on the given session: a listener recording fired rule names, a listener
     * collecting the AssessmentDecision facts inserted and not deleted.
     */
    static AssessmentDecision evaluate(StatelessKieSession session, CandidateProfile profile) {
        List<String> fired = new ArrayList<>();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
            }
        });
        Map<Object, Boolean> live = new IdentityHashMap<>();
        List<AssessmentDecision> order = new ArrayList<>(1);
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                if (event.getObject() instanceof AssessmentDecision d && live.put(d, Boolean.TRUE) == null) {
                    order.add(d);
                }
            }

            @Override
            public void objectDeleted(ObjectDeletedEvent event) {
                live.remove(event.getOldObject());
            }
        });
        session.execute(List.of(profile));
        AssessmentDecision result = null;
        for (AssessmentDecision d : order) {
            if (live.containsKey(d)) {
                if (result != null) {
                    throw new IllegalStateException("more than one decision for " + profile.getCandidateId());
                }
                result = d;
            }
        }
        if (result != null) {
            result.setReasons(fired);
        }
        return result;
    }

    private static String describe(AssessmentDecision d) {
        return d == null ? "none" : d.getAssessmentId() + " " + (d.isUnreachable() ? "unreachable" : d.getChannels());
    }
}
