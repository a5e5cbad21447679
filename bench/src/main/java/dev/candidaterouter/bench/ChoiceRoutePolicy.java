package dev.candidaterouter.bench;

import dev.candidaterouter.assessment.AssessmentDecision;
import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.candidate.Proficiency;
import dev.candidaterouter.candidate.RankedSkill;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.support.ExpressionAdapter;

/**
 * The routing policy of rules/assessment-routing.drl written as a plain Camel route of {@code choice} blocks: the
 * reference the {@code drools:} endpoint is compared against. Track from the strongest skill that belongs to a
 * track, base level in the DRL's salience order, one step up for a senior title, then the channels. Predicates
 * are Java lambdas, the fastest form a route can have, so the comparison is against the best a hand-written route
 * would do. The result body is an {@link AssessmentDecision}, as the drools: endpoint gives.
 */
final class ChoiceRoutePolicy extends RouteBuilder {
    static final String URI = "direct:choice-policy";

    /** The track catalogue of the DRL's first rule, skill keys in lower case. */
    private static final Map<String, List<String>> TRACKS = Map.of(
            "backend-jvm", List.of("java", "kotlin", "scala", "spring", "spring boot"),
            "backend-python", List.of("python", "django", "flask", "fastapi"),
            "frontend-web", List.of("javascript", "typescript", "react", "angular", "vue", "node.js"),
            "data-engineering", List.of("sql", "spark", "pandas", "dbt", "airflow"),
            "systems", List.of("go", "golang", "rust", "c", "c++"));
    private static final Set<String> SENIOR_WORDS = Set.of("senior", "staff", "principal", "lead");
    private static final String SKILL = "trackSkill";
    private static final String TRACK = "track";
    private static final String LEVEL = "level";

    @Override
    public void configure() {
        from(URI)
                .setProperty("profile", body())
                .setProperty(SKILL, computed(exchange -> strongestMappedSkill(profile(exchange))))
                .choice()
                    .when(skillIn("backend-jvm")).setProperty(TRACK, constant("backend-jvm"))
                    .when(skillIn("backend-python")).setProperty(TRACK, constant("backend-python"))
                    .when(skillIn("frontend-web")).setProperty(TRACK, constant("frontend-web"))
                    .when(skillIn("data-engineering")).setProperty(TRACK, constant("data-engineering"))
                    .when(skillIn("systems")).setProperty(TRACK, constant("systems"))
                    .otherwise().setProperty(TRACK, constant("general-aptitude"))
                .end()
                .choice()
                    .when(skillProficiency(Proficiency.EXPERT)).setProperty(LEVEL, constant("advanced"))
                    .when(e -> profile(e).getYearsOfExperience() >= 8).setProperty(LEVEL, constant("advanced"))
                    .when(skillProficiency(Proficiency.ADVANCED)).setProperty(LEVEL, constant("intermediate"))
                    .when(e -> profile(e).getYearsOfExperience() >= 3).setProperty(LEVEL, constant("intermediate"))
                    .when(e -> profile(e).isCurrentlyStudying() && profile(e).getYearsOfExperience() < 1)
                        .setProperty(LEVEL, constant("graduate"))
                    .otherwise().setProperty(LEVEL, constant("foundation"))
                .end()
                .choice()
                    .when(e -> seniorTitle(profile(e)) && levelIs(e, "foundation", "graduate"))
                        .setProperty(LEVEL, constant("intermediate"))
                    .when(e -> seniorTitle(profile(e)) && levelIs(e, "intermediate"))
                        .setProperty(LEVEL, constant("advanced"))
                .end()
                .setBody(computed(ChoiceRoutePolicy::decision))
                .choice()
                    .when(e -> email(e) == null && phone(e) == null)
                        .process(e -> decisionOf(e).setUnreachable(true))
                    .otherwise()
                        .process(e -> decisionOf(e).addChannel(Channel.ASSESSMENT))
                        .choice()
                            .when(e -> email(e) != null).process(e -> decisionOf(e).addChannel(Channel.EMAIL))
                            .otherwise().process(e -> decisionOf(e).addChannel(Channel.SMS))
                        .end()
                        .filter(e -> phone(e) != null && "advanced".equals(decisionOf(e).getLevel()))
                            .process(e -> decisionOf(e).addChannel(Channel.SMS))
                        .end()
                .end();
    }

    /** A Camel expression computed by Java code. */
    private static Expression computed(Function<Exchange, Object> function) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return function.apply(exchange);
            }
        };
    }

    private static CandidateProfile profile(Exchange exchange) {
        return exchange.getProperty("profile", CandidateProfile.class);
    }

    private static AssessmentDecision decisionOf(Exchange exchange) {
        return exchange.getMessage().getBody(AssessmentDecision.class);
    }

    private static String email(Exchange exchange) {
        return profile(exchange).getPreferredEmail();
    }

    private static String phone(Exchange exchange) {
        return profile(exchange).getPreferredPhone();
    }

    /** Skills are ranked strongest first, so the first one in any track decides. */
    private static RankedSkill strongestMappedSkill(CandidateProfile profile) {
        for (RankedSkill skill : profile.getSkills()) {
            for (List<String> keys : TRACKS.values()) {
                if (keys.contains(skill.getKey())) {
                    return skill;
                }
            }
        }
        return null;
    }

    private static Predicate skillIn(String track) {
        List<String> keys = TRACKS.get(track);
        return e -> {
            RankedSkill skill = e.getProperty(SKILL, RankedSkill.class);
            return skill != null && keys.contains(skill.getKey());
        };
    }

    private static Predicate skillProficiency(Proficiency proficiency) {
        return e -> {
            RankedSkill skill = e.getProperty(SKILL, RankedSkill.class);
            return skill != null && skill.getProficiency() == proficiency;
        };
    }

    private static boolean seniorTitle(CandidateProfile profile) {
        return profile.getTitleWords().stream().anyMatch(SENIOR_WORDS::contains);
    }

    private static boolean levelIs(Exchange exchange, String... levels) {
        String level = exchange.getProperty(LEVEL, String.class);
        for (String l : levels) {
            if (l.equals(level)) {
                return true;
            }
        }
        return false;
    }

    private static AssessmentDecision decision(Exchange exchange) {
        String track = exchange.getProperty(TRACK, String.class);
        String level = exchange.getProperty(LEVEL, String.class);
        AssessmentDecision decision = new AssessmentDecision(profile(exchange).getCandidateId());
        decision.setTrack(track);
        decision.setLevel(level);
        decision.setAssessmentId(track + "-" + level);
        return decision;
    }
}
