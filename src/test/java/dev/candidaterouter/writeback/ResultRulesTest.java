package dev.candidaterouter.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.candidate.JobStage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The result rules' facts and what keeps the two rule sets in step: both list the same assessment stages (each rule
 * set has its own table, since a rule set sees only its own folder).
 */
class ResultRulesTest {
    private static final Pattern STAGE = Pattern.compile("new AssessmentStage\\(\"([^\"]+)\"\\)");

    private static TreeSet<String> stages(Path drl) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Matcher m = STAGE.matcher(Files.readString(drl));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void bothRuleSetsListTheSameAssessmentStages() throws IOException {
        TreeSet<String> routing = stages(Path.of("rules/assessment-routing.drl"));
        assertThat(routing).isNotEmpty();
        assertThat(stages(Path.of("rules/results/result-actions.drl"))).isEqualTo(routing);
    }

    @Test
    void theNextStageFollowsTheJobsOrderByIdElseByName() {
        List<JobStage> stages = List.of(new JobStage("s1", "Phone Screen"), new JobStage("s2", "Technical Assessment"),
                new JobStage("s3", "Onsite"));
        assertThat(new ResultApplication("a", "j", "ACTIVE", "Technical Assessment", "s2", stages).getNextStage())
                .isEqualTo(new JobStage("s3", "Onsite"));
        assertThat(new ResultApplication("a", "j", "ACTIVE", " technical assessment ", null, stages).getNextStage())
                .isEqualTo(new JobStage("s3", "Onsite"));
        assertThat(new ResultApplication("a", "j", "ACTIVE", "Onsite", "s3", stages).getNextStage()).isNull();
        assertThat(new ResultApplication("a", "j", "ACTIVE", "Technical Assessment", "s2", List.of()).getNextStage()).isNull();
    }

    @Test
    void aPercentageIsTakenFromScoreAndMaximumWhenThePlatformGaveNone() {
        AssessmentResult r = new AssessmentResult(1, "c", "a", "t", "l", 35.0, 50.0, null, "completed", null, null, List.of(), false);
        assertThat(r.getPercentage()).isEqualTo(70.0);
        assertThat(new AssessmentResult(1, "c", "a", "t", "l", 35.0, null, null, "completed", null, null, List.of(), false)
                .getPercentage()).isNull();
    }

    @Test
    void theReportsExtensionComesFromItsLink() {
        assertThat(AtsWrites.extension("https://r.example.com/x/report.PDF?sig=1")).isEqualTo("pdf");
        assertThat(AtsWrites.extension("https://r.example.com/x/report.html")).isEqualTo("html");
        assertThat(AtsWrites.extension("https://r.example.com/report/123")).isEqualTo("");
    }
}
