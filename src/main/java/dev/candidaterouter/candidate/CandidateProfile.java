package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the rules see about one candidate: Knit's six models reduced to plain, domain-worded facts.
 * Every derived fact is computed once by {@link ProfileAssembler}; rules only read them. Immutable; built with
 * {@link #builder()}. The JSON form of this class is stored with each decision so analysts can see what the
 * rules saw, and read back (through the builder) when an application change makes us decide the candidate again.
 */
@JsonDeserialize(builder = CandidateProfile.Builder.class)
public final class CandidateProfile {
    private final String integrationId;
    private final String candidateId;
    private final String firstName;
    private final String lastName;
    private final String currentTitle;
    private final Set<String> titleWords;
    private final String currentCompany;
    private final double yearsOfExperience;
    private final List<RankedSkill> skills;
    private final String highestDegree;
    private final boolean currentlyStudying;
    private final String country;
    private final String preferredEmail;
    private final String preferredPhone;
    private final boolean smsOptedOut;
    private final ResumeRef resume;
    private final List<String> tags;
    private final Instant updatedAt;
    private final List<DataIssue> dataIssues;
    private final List<CandidateApplication> applications;
    private final boolean applicationsTracked;

    private CandidateProfile(Builder b) {
        this.integrationId = b.integrationId;
        this.candidateId = b.candidateId;
        this.firstName = b.firstName;
        this.lastName = b.lastName;
        this.currentTitle = b.currentTitle;
        this.titleWords = wordsOf(b.currentTitle);
        this.currentCompany = b.currentCompany;
        this.yearsOfExperience = b.yearsOfExperience;
        this.skills = List.copyOf(b.skills);
        this.highestDegree = b.highestDegree;
        this.currentlyStudying = b.currentlyStudying;
        this.country = b.country;
        this.preferredEmail = b.preferredEmail;
        this.preferredPhone = b.preferredPhone;
        this.smsOptedOut = b.smsOptedOut;
        this.resume = b.resume;
        this.tags = List.copyOf(b.tags);
        this.updatedAt = b.updatedAt;
        this.dataIssues = List.copyOf(b.dataIssues);
        this.applications = List.copyOf(b.applications);
        this.applicationsTracked = b.applicationsTracked;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which customer's Knit integration the candidate came from. */
    public String getIntegrationId() {
        return integrationId;
    }

    /** The ATS candidate id ({@code info.id}, else the event's {@code recordId}). */
    public String getCandidateId() {
        return candidateId;
    }

    public String getFirstName() {
        return firstName;
    }

    public String getLastName() {
        return lastName;
    }

    /** {@code info.title}, else the job title of the current (or latest) experience; may be null. */
    public String getCurrentTitle() {
        return currentTitle;
    }

    /** The lower-case words of {@link #getCurrentTitle()}, so rules can ask {@code titleWords contains "senior"}. */
    public Set<String> getTitleWords() {
        return titleWords;
    }

    /** Computed once: the rules read it several times per evaluation. */
    private static Set<String> wordsOf(String title) {
        if (title == null) {
            return Set.of();
        }
        Set<String> words = new LinkedHashSet<>();
        for (String w : title.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}+#]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return Collections.unmodifiableSet(words);
    }

    public String getCurrentCompany() {
        return currentCompany;
    }

    /** Years in work: the union of all experience intervals, overlaps merged, days / 365.25. */
    public double getYearsOfExperience() {
        return yearsOfExperience;
    }

    /** Skills best-first: by proficiency, then in the order the ATS listed them. */
    public List<RankedSkill> getSkills() {
        return skills;
    }

    /** The first of {@link #getSkills()}, or null when the candidate lists no skill. */
    public RankedSkill getStrongestSkill() {
        return skills.isEmpty() ? null : skills.get(0);
    }

    /** The highest degree's name as the ATS spelt it, e.g. {@code "MSc Computer Science"}; may be null. */
    public String getHighestDegree() {
        return highestDegree;
    }

    /** True when any education entry is {@code currentlyPursuing}. */
    public boolean isCurrentlyStudying() {
        return currentlyStudying;
    }

    /** Country of the home address, else of the first address with a country; may be null. */
    public String getCountry() {
        return country;
    }

    /** The email to write to (personal before work before any); may be null. */
    public String getPreferredEmail() {
        return preferredEmail;
    }

    /** The phone to text, in E.164 (mobile/personal before work before any but Skype); may be null. */
    public String getPreferredPhone() {
        return preferredPhone;
    }

    /**
     * True when the preferred phone opted out of SMS (replied STOP, or Twilio refused a send with 21610) and has
     * not opted in again: no SMS may be chosen for it.
     */
    public boolean isSmsOptedOut() {
        return smsOptedOut;
    }

    public ResumeRef getResume() {
        return resume;
    }

    public List<String> getTags() {
        return tags;
    }

    /** {@code info.updatedAt}, used to ignore events older than what we already hold; may be null. */
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** Fields that could not be read, with the reason; the rest of the profile is still valid. */
    public List<DataIssue> getDataIssues() {
        return dataIssues;
    }

    /** The candidate's applications from Knit's ats_applications (not deleted), oldest first; empty when none is known. */
    public List<CandidateApplication> getApplications() {
        return applications;
    }

    /**
     * True when ats_applications is among the synced data types (KNIT_DATA_TYPES): then an empty
     * {@link #getApplications()} means "no application", not "we do not know".
     */
    public boolean isApplicationsTracked() {
        return applicationsTracked;
    }

    /** A builder holding every fact of this profile, to make a changed copy. */
    public Builder toBuilder() {
        return builder().integrationId(integrationId).candidateId(candidateId).firstName(firstName).lastName(lastName)
                .currentTitle(currentTitle).currentCompany(currentCompany).yearsOfExperience(yearsOfExperience)
                .skills(skills).highestDegree(highestDegree).currentlyStudying(currentlyStudying).country(country)
                .preferredEmail(preferredEmail).preferredPhone(preferredPhone).smsOptedOut(smsOptedOut).resume(resume).tags(tags)
                .updatedAt(updatedAt).dataIssues(dataIssues).applications(applications)
                .applicationsTracked(applicationsTracked);
    }

    @Override
    public String toString() {
        // Never print contact data: profiles end up in logs.
        return "CandidateProfile[" + candidateId + ", skills=" + skills + ", years=" + yearsOfExperience + "]";
    }

    /**
     * Collects the facts; {@link ProfileAssembler} is the only intended caller outside tests. Jackson uses it to read
     * a stored profile back; derived facts stored with it ({@code titleWords}, {@code strongestSkill}) are computed
     * again, not read.
     */
    @JsonPOJOBuilder(withPrefix = "")
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Builder {
        private String integrationId;
        private String candidateId;
        private String firstName;
        private String lastName;
        private String currentTitle;
        private String currentCompany;
        private double yearsOfExperience;
        private final List<RankedSkill> skills = new ArrayList<>();
        private String highestDegree;
        private boolean currentlyStudying;
        private String country;
        private String preferredEmail;
        private String preferredPhone;
        private boolean smsOptedOut;
        private ResumeRef resume;
        private final List<String> tags = new ArrayList<>();
        private Instant updatedAt;
        private final List<DataIssue> dataIssues = new ArrayList<>();
        private final List<CandidateApplication> applications = new ArrayList<>();
        private boolean applicationsTracked;

        public Builder integrationId(String v) { this.integrationId = v; return this; }
        public Builder candidateId(String v) { this.candidateId = v; return this; }
        public Builder firstName(String v) { this.firstName = v; return this; }
        public Builder lastName(String v) { this.lastName = v; return this; }
        public Builder currentTitle(String v) { this.currentTitle = v; return this; }
        public Builder currentCompany(String v) { this.currentCompany = v; return this; }
        public Builder yearsOfExperience(double v) { this.yearsOfExperience = v; return this; }
        public Builder skills(List<RankedSkill> v) { this.skills.clear(); this.skills.addAll(v); return this; }
        public Builder highestDegree(String v) { this.highestDegree = v; return this; }
        public Builder currentlyStudying(boolean v) { this.currentlyStudying = v; return this; }
        public Builder country(String v) { this.country = v; return this; }
        public Builder preferredEmail(String v) { this.preferredEmail = v; return this; }
        public Builder preferredPhone(String v) { this.preferredPhone = v; return this; }
        public Builder smsOptedOut(boolean v) { this.smsOptedOut = v; return this; }
        public Builder resume(ResumeRef v) { this.resume = v; return this; }
        public Builder tags(List<String> v) { this.tags.clear(); this.tags.addAll(v); return this; }
        public Builder updatedAt(Instant v) { this.updatedAt = v; return this; }
        public Builder dataIssues(List<DataIssue> v) { this.dataIssues.clear(); this.dataIssues.addAll(v); return this; }
        public Builder applications(List<CandidateApplication> v) { this.applications.clear(); this.applications.addAll(v); return this; }
        public Builder applicationsTracked(boolean v) { this.applicationsTracked = v; return this; }

        /** Convenience for tests and scenarios: skills in the given order, positions assigned. */

        public CandidateProfile build() {
            return new CandidateProfile(this);
        }
    }
}
