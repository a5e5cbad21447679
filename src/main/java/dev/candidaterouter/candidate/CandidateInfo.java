package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/** Knit's {@code candidate_info} model ({@code eventData.info}). Every field may be null; lists are never null. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CandidateInfo(
        String id,
        String firstName,
        String lastName,
        List<EmailAddress> emails,
        List<PhoneNumber> phones,
        List<String> links,
        List<String> tags,
        String title,
        String company,
        Instant createdAt,
        Instant updatedAt,
        List<String> applications) {

    public CandidateInfo {
        emails = NonNullList.copy(emails);
        phones = NonNullList.copy(phones);
        links = NonNullList.copy(links);
        tags = NonNullList.copy(tags);
        applications = NonNullList.copy(applications);
    }

    /** An info with no field set, standing in when Knit sent none. */
    public static CandidateInfo empty() {
        return new CandidateInfo(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public String toString() {
        // Names and contact data are personal data and records end up in logs.
        return "CandidateInfo[" + id + ", emails=" + emails.size() + ", phones=" + phones.size() + "]";
    }
}
