package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/** One entry of Knit's {@code candidate_experiences} model; the title is {@code jobTitle}, also read from {@code title}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Experience(
        String company,
        @JsonAlias("title") String jobTitle,
        LocalDate startDate,
        LocalDate endDate,
        Boolean currentlyWorking,
        String description) {

    /** True when the job is still going: flagged as current, or without an end date. */
    public boolean isCurrent() {
        return Boolean.TRUE.equals(currentlyWorking) || endDate == null;
    }
}
