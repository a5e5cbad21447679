package dev.candidaterouter.assessment;

import dev.candidaterouter.candidate.CandidateProfile;
import dev.candidaterouter.masking.ContactMask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a changed rule set would do to the stored candidates, compared with the live rules: counts per assessment
 * before and after, who moves where (the transition matrix, without its unchanged diagonal), channels gained or
 * lost, who is newly invited or no longer, the rules that fire more or less often, and a sample of the candidates
 * whose decision changes, with names masked. Serialised as the answer of {@code POST /rules/backtest}; {@link #toText}
 * is what {@code rules backtest} prints.
 */
public record BacktestReport(int candidates, String liveVersion, String changedVersion, int changedDecisions,
        List<AssessmentCount> assessments, List<Transition> transitions, List<ChannelCount> channels, Invited invited,
        List<RuleCount> rules, List<MovedCandidate> moved) {

    /** The assessment label of a candidate the rules do not invite (no decision, no assessment, or unreachable). */
    public static final String NOT_INVITED = "not invited";

    public record AssessmentCount(String assessment, int before, int after, int change) {
    }

    public record Transition(String from, String to, int candidates) {
    }

    public record ChannelCount(Channel channel, int before, int after, int change) {
    }

    public record Invited(int before, int after, int newlyInvited, int noLongerInvited) {
    }

    public record RuleCount(String rule, int before, int after, int change) {
    }

    /** One candidate whose decision changes; the name shows initials only. */
    public record MovedCandidate(String integrationId, String candidateId, String name, String from, Set<Channel> channelsBefore,
            String to, Set<Channel> channelsAfter) {
    }

    /** One rule set's decision for one candidate, as the backtest compares them. */
    public record Outcome(String assessment, Set<Channel> channels, List<String> fired) {
        static Outcome of(AssessmentDecision decision, List<String> fired) {
            boolean invited = decision != null && decision.isInvited() && decision.getAssessmentId() != null
                    && !decision.isUnreachable();
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            if (invited) {
                channels.addAll(decision.getChannels());
            }
            return new Outcome(invited ? decision.getAssessmentId() : NOT_INVITED, channels, List.copyOf(fired));
        }

        boolean invited() {
            return !NOT_INVITED.equals(assessment);
        }
    }

    /** Counts outcomes one candidate at a time, so a backtest holds counts, not candidates. */
    static final class Tally {
        private final int sampleSize;
        private int candidates;
        private int changedDecisions;
        private final Map<String, int[]> assessments = new TreeMap<>();
        private final Map<List<String>, Integer> transitions = new HashMap<>();
        private final Map<Channel, int[]> channels = new EnumMap<>(Channel.class);
        private final Map<String, int[]> rules = new TreeMap<>();
        private final int[] invited = new int[2];
        private int newlyInvited;
        private int noLongerInvited;
        private final List<MovedCandidate> moved = new ArrayList<>();

        Tally(int sampleSize) {
            this.sampleSize = sampleSize;
        }

        void add(CandidateProfile profile, Outcome before, Outcome after) {
            candidates++;
            assessments.computeIfAbsent(before.assessment(), k -> new int[2])[0]++;
            assessments.computeIfAbsent(after.assessment(), k -> new int[2])[1]++;
            before.channels().forEach(c -> channels.computeIfAbsent(c, k -> new int[2])[0]++);
            after.channels().forEach(c -> channels.computeIfAbsent(c, k -> new int[2])[1]++);
            before.fired().forEach(r -> rules.computeIfAbsent(r, k -> new int[2])[0]++);
            after.fired().forEach(r -> rules.computeIfAbsent(r, k -> new int[2])[1]++);
            invited[0] += before.invited() ? 1 : 0;
            invited[1] += after.invited() ? 1 : 0;
            newlyInvited += !before.invited() && after.invited() ? 1 : 0;
            noLongerInvited += before.invited() && !after.invited() ? 1 : 0;
            if (!before.assessment().equals(after.assessment())) {
                transitions.merge(List.of(before.assessment(), after.assessment()), 1, Integer::sum);
            }
            if (!before.assessment().equals(after.assessment()) || !before.channels().equals(after.channels())) {
                changedDecisions++;
                if (moved.size() < sampleSize) {
                    moved.add(new MovedCandidate(profile.getIntegrationId(), profile.getCandidateId(),
                            ContactMask.name(profile.getFirstName(), profile.getLastName()), before.assessment(),
                            before.channels(), after.assessment(), after.channels()));
                }
            }
        }

        BacktestReport report(String liveVersion, String changedVersion) {
            List<AssessmentCount> perAssessment = assessments.entrySet().stream()
                    .map(e -> new AssessmentCount(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[1] - e.getValue()[0]))
                    .toList();
            List<Transition> moves = transitions.entrySet().stream()
                    .map(e -> new Transition(e.getKey().get(0), e.getKey().get(1), e.getValue()))
                    .sorted(Comparator.comparingInt(Transition::candidates).reversed()
                            .thenComparing(Transition::from).thenComparing(Transition::to))
                    .toList();
            List<ChannelCount> perChannel = channels.entrySet().stream()
                    .map(e -> new ChannelCount(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[1] - e.getValue()[0]))
                    .toList();
            List<RuleCount> changedRules = rules.entrySet().stream()
                    .filter(e -> e.getValue()[0] != e.getValue()[1])
                    .map(e -> new RuleCount(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[1] - e.getValue()[0]))
                    .toList();
            return new BacktestReport(candidates, liveVersion, changedVersion, changedDecisions, perAssessment, moves,
                    perChannel, new Invited(invited[0], invited[1], newlyInvited, noLongerInvited), changedRules,
                    List.copyOf(moved));
        }
    }

    /** The report as the command line prints it. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%,d candidates; live rules %s, changed rules %s; %,d decision(s) change%n",
                candidates, liveVersion, changedVersion, changedDecisions));
        out.append(String.format("%n%-44s %8s %8s %8s%n", "ASSESSMENT", "BEFORE", "AFTER", "CHANGE"));
        for (AssessmentCount a : assessments) {
            out.append(String.format("%-44s %8d %8d %8s%n", a.assessment(), a.before(), a.after(), signed(a.change())));
        }
        out.append(String.format("%nTRANSITIONS (before -> after)%n"));
        if (transitions.isEmpty()) {
            out.append("  none\n");
        }
        for (Transition t : transitions) {
            out.append(String.format("  %s -> %s: %d%n", t.from(), t.to(), t.candidates()));
        }
        out.append(String.format("%nCHANNELS%n"));
        for (ChannelCount c : channels) {
            out.append(String.format("  %-10s %6d -> %6d  (%s %s)%n", c.channel(), c.before(), c.after(), c.channel(),
                    signed(c.change())));
        }
        out.append(String.format("%nINVITED %d -> %d (newly invited %d, no longer invited %d)%n", invited.before(),
                invited.after(), invited.newlyInvited(), invited.noLongerInvited()));
        out.append(String.format("%nRULES FIRING MORE OR LESS OFTEN%n"));
        if (rules.isEmpty()) {
            out.append("  none\n");
        }
        for (RuleCount r : rules) {
            out.append(String.format("  \"%s\": %d -> %d (%s)%n", r.rule(), r.before(), r.after(), signed(r.change())));
        }
        out.append(String.format("%nSAMPLE OF CHANGED DECISIONS (%d of %d)%n", moved.size(), changedDecisions));
        for (MovedCandidate m : moved) {
            out.append(String.format("  %s/%s %s: %s %s -> %s %s%n", m.integrationId(), m.candidateId(), m.name(), m.from(),
                    m.channelsBefore(), m.to(), m.channelsAfter()));
        }
        return out.toString();
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : String.valueOf(n);
    }
}
