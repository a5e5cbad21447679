package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/**
 * One entry of Knit's {@code candidate_education} model. Knit's reference names {@code degree} and
 * {@code institute}; the seed document says {@code degreeName} and {@code institution}: both are read.
 * {@code score} is text because ATSs send a GPA, a percentage or a number.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Education(
        String id,
        @JsonAlias("degreeName") String degree,
        @JsonAlias("institution") String institute,
        String major,
        String minor,
        String score,
        LocalDate fromDate,
        LocalDate toDate,
        Boolean currentlyPursuing,
        String description) {
}
