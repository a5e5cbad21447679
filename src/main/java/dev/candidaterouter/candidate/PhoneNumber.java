package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of Knit's {@code info.phones}: a type ({@code WORK}, {@code PERSONAL}, {@code MOBILE},
 * {@code SKYPE}, {@code NOT_SPECIFIED}) and the number as the ATS holds it (also read from {@code number} or
 * {@code value}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PhoneNumber(String type, @JsonAlias({"number", "value"}) String phoneNumber) {
    @Override
    public String toString() {
        // Numbers are personal data and records end up in logs.
        return "PhoneNumber[" + type + ", ***]";
    }
}
