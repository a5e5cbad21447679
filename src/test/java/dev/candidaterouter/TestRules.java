package dev.candidaterouter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** Rule files for tests that change a running app's rules folder. */
public final class TestRules {
    private TestRules() {
    }

    /**
     * Drops a rule an analyst is still typing (it does not compile) into {@code rulesDir}, dated in the future so the
     * reload sees a change at once; returns its path, to delete it again.
     */
    public static Path dropHalfWrittenRule(Path rulesDir) throws IOException {
        Path broken = rulesDir.resolve("new-rule-in-progress.drl");
        Files.writeString(broken, """
                package dev.candidaterouter.rules
                import dev.candidaterouter.candidate.CandidateProfile
                rule "Half-written rule"
                when
                    CandidateProfile( yearsOfExperience >
                then
                end
                """);
        Files.setLastModifiedTime(broken, FileTime.from(Instant.now().plusSeconds(5)));
        return broken;
    }
}
