package dev.candidaterouter.candidate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Orders skills best-first: used by {@link ProfileAssembler}, and by rule scenarios that list skills directly. */
public final class SkillRanking {
    private SkillRanking() {
    }

    private record Candidate(String name, Proficiency proficiency, int index) {
    }

    /**
     * Skills by proficiency (Expert first, unknown last), ties in the ATS's order. Names are trimmed; a skill
     * without a name is dropped and reported; the same name in another case counts once, at its strongest
     * (the stronger entry keeps its own place among equals).
     */
    public static List<RankedSkill> rank(List<Skill> skills, List<DataIssue> issues) {
        Map<String, Candidate> strongest = new LinkedHashMap<>();
        for (int i = 0; i < skills.size(); i++) {
            Skill skill = skills.get(i);
            String name = TrimmedText.of(skill.skillName());
            if (name == null) {
                issues.add(new DataIssue(ModelPart.SKILLS + "[" + i + "]", "skill without a name; left out"));
                continue;
            }
            Proficiency level = skill.proficiency() == null ? Proficiency.UNKNOWN : skill.proficiency();
            Candidate seen = strongest.get(name.toLowerCase(Locale.ROOT));
            if (seen == null || level.ordinal() < seen.proficiency().ordinal()) {
                strongest.put(name.toLowerCase(Locale.ROOT), new Candidate(name, level, i));
            }
        }
        List<Candidate> ordered = new ArrayList<>(strongest.values());
        ordered.sort(Comparator.comparing(Candidate::proficiency).thenComparingInt(Candidate::index));
        List<RankedSkill> ranked = new ArrayList<>(ordered.size());
        for (Candidate c : ordered) {
            ranked.add(new RankedSkill(c.name(), c.proficiency(), ranked.size()));
        }
        return ranked;
    }
}
