package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of Knit's {@code info.emails}. Knit names the address sub-field {@code email}; the name is
 * unconfirmed, so {@code address} and {@code value} are read too.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmailAddress(String type, @JsonAlias({"address", "value"}) String email) {
    @Override
    public String toString() {
        // Addresses are personal data and records end up in logs.
        return "EmailAddress[" + type + ", ***]";
    }
}
