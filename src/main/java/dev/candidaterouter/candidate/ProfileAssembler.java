package dev.candidaterouter.candidate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.candidaterouter.consent.SmsConsent;
import dev.candidaterouter.knit.KnitEvent;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link CandidateProfile} the rules see from one candidate's Knit models, computing every derived
 * fact once: years of experience, current title and company, ranked skills, highest degree, studying, country,
 * preferred email and phone, resume. Problems met on the way join the models' own {@link DataIssue}s on the
 * profile; only a failure to store an attachment throws ({@link AttachmentStorageException}).
 *
 * <p>In the pipeline the models arrive already read and collected ({@link #assemble(String, String, KnitModels)});
 * tools and tests can start from the event's JSON ({@link #assemble(String, String, JsonNode)}).
 */
public class ProfileAssembler {
    private final Clock clock;
    private final ResumeLocator resumeLocator;
    private final SmsConsent smsConsent;
    private final ModelReader reader = new ModelReader();

    /** For tools that assemble without the consent table (rule scenarios, evaluation): nobody opted out. */
    public ProfileAssembler(Clock clock, ResumeLocator resumeLocator) {
        this(clock, resumeLocator, phone -> false);
    }

    /**
     * @param clock         gives "today", the end of current jobs
     * @param resumeLocator decides where the resume is and stores inline ones
     * @param smsConsent    whether the preferred phone opted out of SMS
     */
    public ProfileAssembler(Clock clock, ResumeLocator resumeLocator, SmsConsent smsConsent) {
        this.clock = clock;
        this.resumeLocator = resumeLocator;
        this.smsConsent = smsConsent;
    }

    /**
     * A stored profile, decided again (its applications changed), with its SMS consent as it is now: a STOP or START
     * that arrived since the profile was stored counts.
     */
    public CandidateProfile withCurrentConsent(CandidateProfile stored) {
        return stored.toBuilder().smsOptedOut(smsConsent.isOptedOut(stored.getPreferredPhone())).build();
    }

    /**
     * @param integrationId the Knit integration the event came from
     * @param recordId      the event's {@code recordId}, the candidate id when {@code info.id} is missing
     * @param models        the collected models; null counts as none
     */
    public CandidateProfile assemble(String integrationId, String recordId, KnitModels models) {
        KnitModels m = models == null ? KnitModels.empty() : models;
        CandidateInfo info = m.info() == null ? CandidateInfo.empty() : m.info();
        List<DataIssue> issues = new ArrayList<>(m.issues());
        String candidateId = firstText(info.id(), recordId);
        Optional<Experience> currentJob = WorkHistory.currentJob(m.experiences());
        String phone = ContactChoice.preferredPhone(info.phones(), issues);

        return CandidateProfile.builder()
                .integrationId(integrationId)
                .candidateId(candidateId)
                .firstName(stripped(info.firstName()))
                .lastName(stripped(info.lastName()))
                .currentTitle(firstText(info.title(), currentJob.map(Experience::jobTitle).orElse(null)))
                .currentCompany(firstText(info.company(), currentJob.map(Experience::company).orElse(null)))
                .yearsOfExperience(WorkHistory.yearsOfExperience(m.experiences(), LocalDate.now(clock), issues))
                .skills(SkillRanking.rank(m.skills(), issues))
                .highestDegree(DegreeLevel.highest(m.education()))
                .currentlyStudying(m.education().stream().anyMatch(e -> Boolean.TRUE.equals(e.currentlyPursuing())))
                .country(country(m.locations()))
                .preferredEmail(ContactChoice.preferredEmail(info.emails(), issues))
                .preferredPhone(phone)
                .smsOptedOut(smsConsent.isOptedOut(phone))
                .resume(resumeLocator.locate(integrationId, candidateId, m.attachments(), issues))
                .tags(info.tags().stream().map(TrimmedText::of).filter(t -> t != null).toList())
                .updatedAt(info.updatedAt())
                .dataIssues(issues)
                .build();
    }

    /** {@link #assembleCollected} for a candidate record's event: its integration and record id. */
    public CandidateProfile assembleRecord(KnitEvent event, Object collected) {
        return assembleCollected(event.integrationId(), event.recordId(), collected);
    }

    /**
     * The pipeline's call (candidate-pipeline.yaml). After the split the body is the collected {@link KnitModels},
     * or still the event's {@code eventData} when that held no model (absent, not an object, no known model).
     * It has a name of its own because Camel's bean binding cannot choose between the two {@code assemble}
     * overloads when {@code recordId} is null (an event without a {@code recordId}): that call failed with
     * AmbiguousMethodCallException and the candidate was never decided.
     */
    public CandidateProfile assembleCollected(String integrationId, String recordId, Object collected) {
        if (collected instanceof KnitModels models) {
            return assemble(integrationId, recordId, models);
        }
        return assemble(integrationId, recordId, collected instanceof JsonNode eventData ? eventData : null);
    }

    /** Reads and collects the models of an event's {@code eventData} as the pipeline would, then assembles. */
    public CandidateProfile assemble(String integrationId, String recordId, JsonNode eventData) {
        KnitModels models = KnitModels.empty();
        List<ModelPart> parts = ModelPart.of(eventData);
        for (ModelPart part : parts) {
            models = models.with(reader.read(part));
        }
        if (parts.isEmpty()) {
            // Decided all the same (unreachable: nothing to send to), but the analyst sees why the profile is empty.
            models = models.with(new ParsedModel(null, null, List.of(new DataIssue("eventData", withoutModels(eventData)))));
        }
        return assemble(integrationId, recordId, models);
    }

    private static String withoutModels(JsonNode eventData) {
        if (eventData == null || eventData.isMissingNode() || eventData.isNull()) {
            return "missing: the record carries no candidate data";
        }
        if (!eventData.isObject()) {
            return "expected an object with the candidate's models, was " + eventData.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
        return "none of Knit's candidate models (" + String.join(", ", ModelPart.MODELS) + ") is present";
    }

    /** The HOME address's country, else the first country given. */
    private static String country(List<Location> locations) {
        for (Location l : locations) {
            if ("HOME".equalsIgnoreCase(stripped(l.addressType()))
                    && stripped(l.country()) != null) {
                return stripped(l.country());
            }
        }
        return locations.stream().map(l -> stripped(l.country())).filter(c -> c != null).findFirst().orElse(null);
    }

    /** The first text that is not blank, trimmed; null when none. */
    private static String firstText(String preferred, String fallback) {
        String first = stripped(preferred);
        return first != null ? first : stripped(fallback);
    }

    private static String stripped(String text) {
        return TrimmedText.of(text);
    }
}
