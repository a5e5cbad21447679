package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of Knit's {@code candidate_locations} model; {@code addressType} is e.g. {@code HOME} or {@code WORK}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Location(
        String addressLine1,
        String addressLine2,
        String city,
        String state,
        String country,
        String zipCode,
        String addressType) {

    @Override
    public String toString() {
        // Street addresses are personal data and records end up in logs.
        return "Location[" + addressType + ", " + country + "]";
    }
}
