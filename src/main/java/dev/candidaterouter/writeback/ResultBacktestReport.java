package dev.candidaterouter.writeback;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What changed result rules would write to the ATS for the stored results, compared with the live result rules:
 * the verdicts (passed, failed, not scored) and the writes per kind before and after, the results whose writes
 * change (a sample by id: no names, no scores), and the rules that fire more or less often. Serialised as the answer
 * of {@code POST /rules/backtest} with {@code "ruleset": "result-actions"}; {@link #toText} is what
 * {@code rules backtest} prints.
 *
 * <p>A result's verdict is the one its writes carry (the rules' {@code Verdict} is a working fact, not an output):
 * a result the rules write nothing for, or only an EXPIRED order status, counts as {@value #NO_VERDICT}.
 */
public record ResultBacktestReport(String ruleset, int results, int skipped, String liveVersion, String changedVersion,
        int changedResults, List<Count> verdicts, List<Count> actions, List<RuleCount> rules, List<ChangedResult> changed) {

    public static final String RULESET = "result-actions";
    /** The verdict of a result whose writes carry none. */
    public static final String NO_VERDICT = "no verdict";
    /** The verdicts the shipped rules give, listed (with zero counts) in this order. */
    private static final List<String> VERDICTS = List.of("passed", "failed", "not scored");
    /** The kinds of write, by {@link AtsAction#getType()}, as the report names them. */
    private static final Map<String, String> KINDS = kinds();

    public record Count(String name, int before, int after, int change) {
    }

    public record RuleCount(String rule, int before, int after, int change) {
    }

    /** One result whose writes change: ids, verdicts and the writes (application ids and stage names only). */
    public record ChangedResult(long resultId, String integrationId, String candidateId, String assessmentId,
            String verdictBefore, List<String> actionsBefore, String verdictAfter, List<String> actionsAfter) {
    }

    /** One rule set's decision on one result. */
    record Outcome(List<AtsAction> actions, List<String> fired) {
        String verdict() {
            return actions.stream().map(AtsAction::getVerdict).filter(Objects::nonNull).sorted().findFirst().orElse(NO_VERDICT);
        }

        List<String> described() {
            return actions.stream().map(String::valueOf).sorted().toList();
        }

        boolean sameWritesAs(Outcome other) {
            Comparator<AtsAction> order = Comparator.comparing(String::valueOf);
            return actions.stream().sorted(order).toList().equals(other.actions.stream().sorted(order).toList());
        }
    }

    private static Map<String, String> kinds() {
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put(AtsAction.ATTACHMENT, "attachment");
        kinds.put(AtsAction.STAGE_MOVE, "stage move");
        kinds.put(AtsAction.ORDER_STATUS, "order update");
        kinds.put(AtsAction.NOTE, "note");
        return kinds;
    }

    /** Counts outcomes one result at a time, so a backtest holds counts, not results. */
    static final class Tally {
        private final int sampleSize;
        private int results;
        private int skipped;
        private int changedResults;
        private final Map<String, int[]> verdicts = new LinkedHashMap<>();
        private final Map<String, int[]> actions = new LinkedHashMap<>();
        private final Map<String, int[]> rules = new TreeMap<>();
        private final List<ChangedResult> changed = new ArrayList<>();

        Tally(int sampleSize) {
            this.sampleSize = sampleSize;
            VERDICTS.forEach(v -> verdicts.put(v, new int[2]));
            KINDS.values().forEach(k -> actions.put(k, new int[2]));
        }

        void skip() {
            skipped++;
        }

        void add(String integrationId, AssessmentResult result, Outcome before, Outcome after) {
            results++;
            verdicts.computeIfAbsent(before.verdict(), k -> new int[2])[0]++;
            verdicts.computeIfAbsent(after.verdict(), k -> new int[2])[1]++;
            before.actions().forEach(a -> actions.computeIfAbsent(kind(a), k -> new int[2])[0]++);
            after.actions().forEach(a -> actions.computeIfAbsent(kind(a), k -> new int[2])[1]++);
            before.fired().forEach(r -> rules.computeIfAbsent(r, k -> new int[2])[0]++);
            after.fired().forEach(r -> rules.computeIfAbsent(r, k -> new int[2])[1]++);
            if (!before.sameWritesAs(after)) {
                changedResults++;
                if (changed.size() < sampleSize) {
                    changed.add(new ChangedResult(result.getResultId(), integrationId, result.getCandidateId(),
                            result.getAssessmentId(), before.verdict(), before.described(), after.verdict(), after.described()));
                }
            }
        }

        private static String kind(AtsAction action) {
            return KINDS.getOrDefault(action.getType(), String.valueOf(action.getType()).toLowerCase(java.util.Locale.ROOT));
        }

        ResultBacktestReport report(String liveVersion, String changedVersion) {
            // The verdicts the shipped rules know first, then any other a changed rule gives, "no verdict" last.
            int[] none = verdicts.remove(NO_VERDICT);
            verdicts.put(NO_VERDICT, none == null ? new int[2] : none);
            return new ResultBacktestReport(RULESET, results, skipped, liveVersion, changedVersion, changedResults,
                    counts(verdicts), counts(actions), rules.entrySet().stream()
                            .filter(e -> e.getValue()[0] != e.getValue()[1])
                            .map(e -> new RuleCount(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[1] - e.getValue()[0]))
                            .toList(),
                    List.copyOf(changed));
        }

        private static List<Count> counts(Map<String, int[]> counts) {
            return counts.entrySet().stream()
                    .map(e -> new Count(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[1] - e.getValue()[0]))
                    .toList();
        }
    }

    /** The count of {@code name} in {@code counts} (zero when absent): for readers of the report. */
    public static Count find(List<Count> counts, String name) {
        return counts.stream().filter(c -> c.name().equals(name)).findFirst().orElse(new Count(name, 0, 0, 0));
    }

    /** The report as the command line prints it. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%,d results; live result rules %s, changed result rules %s; %,d result(s) would write "
                + "differently to the ATS%n", results, liveVersion, changedVersion, changedResults));
        if (skipped > 0) {
            out.append(String.format("%,d result(s) skipped: their invitation is no longer stored%n", skipped));
        }
        out.append(String.format("%n%-44s %8s %8s %8s%n", "VERDICT", "BEFORE", "AFTER", "CHANGE"));
        verdicts.forEach(c -> out.append(line(c)));
        out.append(String.format("%n%-44s %8s %8s %8s%n", "WRITES TO THE ATS", "BEFORE", "AFTER", "CHANGE"));
        actions.forEach(c -> out.append(line(c)));
        out.append(String.format("%nRULES FIRING MORE OR LESS OFTEN%n"));
        if (rules.isEmpty()) {
            out.append("  none\n");
        }
        for (RuleCount r : rules) {
            out.append(String.format("  \"%s\": %d -> %d (%s)%n", r.rule(), r.before(), r.after(), signed(r.change())));
        }
        out.append(String.format("%nSAMPLE OF CHANGED RESULTS (%d of %d)%n", changed.size(), changedResults));
        for (ChangedResult c : changed) {
            out.append(String.format("  result %d %s/%s %s: %s %s -> %s %s%n", c.resultId(), c.integrationId(), c.candidateId(),
                    c.assessmentId(), c.verdictBefore(), c.actionsBefore(), c.verdictAfter(), c.actionsAfter()));
        }
        return out.toString();
    }

    private static String line(Count c) {
        return String.format("%-44s %8d %8d %8s%n", c.name(), c.before(), c.after(), signed(c.change()));
    }

    private static String signed(int n) {
        return n > 0 ? "+" + n : String.valueOf(n);
    }
}
