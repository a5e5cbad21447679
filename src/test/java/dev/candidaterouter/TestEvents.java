package dev.candidaterouter;

import dev.candidaterouter.knit.KnitSignature;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** Knit webhook bodies for tests, signed as Knit signs them. */
public final class TestEvents {
    /** The embedded sandbox's signing key in tests (RunningApp.defaults sets it; a real start generates one). */
    public static final String API_KEY = "test-sandbox-signing-key";
    public static final String INTEGRATION = KnitConnection.SANDBOX_INTEGRATION_ID;

    private TestEvents() {
    }

    /** A candidate with one skill; {@code updatedAt} decides which of two versions is newer. */
    public static String candidate(String eventType, String eventId, String candidateId, String skill, String proficiency,
            String updatedAt) {
        return """
                {"eventId":"%s","eventType":"%s","syncType":"delta_sync","syncDataType":"ats_candidates",
                 "syncJobId":"job-1","syncRunId":"run-1","recordId":"%s",
                 "eventData":{
                   "info":{"id":"%s","firstName":"Zoë","lastName":"Ångström","title":"Software Engineer",
                           "emails":[{"type":"PERSONAL","email":"zoe.angstrom@example.com"}],
                           "phones":[{"type":"MOBILE","phoneNumber":"+46 70 123 45 67"}],
                           "updatedAt":"%s"},
                   "skills":[{"skillName":"%s","proficiency":"%s"}],
                   "experiences":[{"company":"Acme","jobTitle":"Engineer","startDate":"2020-01-01","currentlyWorking":true}]
                 }}""".formatted(eventId, eventType, candidateId, candidateId, updatedAt, skill, proficiency);
    }

    public static String deleted(String eventId, String candidateId) {
        return """
                {"eventId":"%s","eventType":"record.deleted","syncType":"delta_sync","syncDataType":"ats_candidates",
                 "syncJobId":"job-1","syncRunId":"run-1","recordId":"%s","eventData":{"id":"%s"}}"""
                .formatted(eventId, candidateId, candidateId);
    }

    /**
     * An application of {@code candidateId} to job-1 with a status and current stage; {@code updatedAt} decides which
     * of two versions is newer.
     */
    public static String application(String eventType, String eventId, String applicationId, String candidateId,
            String status, String stage, String updatedAt) {
        return """
                {"eventId":"%s","eventType":"%s","syncType":"delta_sync","syncDataType":"ats_applications",
                 "syncJobId":"job-1","syncRunId":"run-1","recordId":"%s",
                 "eventData":{
                   "info":{"id":"%s","status":"%s","candidate":{"id":"%s"},"jobId":"job-1",
                           "appliedAt":"2026-01-01T00:00:00Z","updatedAt":"%s"},
                   "currentStage":{"id":"stage-%s","name":"%s"},
                   "rejection":null
                 }}""".formatted(eventId, eventType, applicationId, applicationId, status, candidateId, updatedAt,
                stage.strip().replace(' ', '-'), stage);
    }

    /**
     * An order from the ATS as Knit's docs show it: record.new with eventData.candidateAssessment (no syncDataType),
     * for {@code packageId}, the candidate given by id, name and email.
     */
    public static String order(String eventId, String orderId, String candidateId, String packageId, String email) {
        return """
                {"eventId":"%s","eventType":"record.new","recordId":"%s",
                 "eventData":{"candidateAssessment":{"id":"%s","applicationId":"app-1","jobId":null,
                   "assessmentPackage":{"id":"%s","name":"Take-home","type":"CODING_CHALLENGE"},
                   "callbackUrl":"https://app.greenhouse.io/integrations/testing_partners/take_home_tests/12345",
                   "candidate":{"id":"%s","firstName":"Ada","lastName":"Lovelace","emails":[{"type":"PERSONAL","email":"%s"}]},
                   "status":"PENDING","originData":{},"metaData":null}}}""".formatted(eventId, orderId, orderId, packageId,
                candidateId, email);
    }

    public static String applicationDeleted(String eventId, String applicationId, String candidateId) {
        return """
                {"eventId":"%s","eventType":"record.deleted","syncType":"delta_sync","syncDataType":"ats_applications",
                 "syncJobId":"job-1","syncRunId":"run-1","recordId":"%s",
                 "eventData":{"applicationId":"%s","candidateId":"%s","jobId":"job-1"}}"""
                .formatted(eventId, applicationId, applicationId, candidateId);
    }

    /** Job job-1 with a title and three stages, the second one the assessment. */
    public static String job(String eventId, String title) {
        return """
                {"eventId":"%s","eventType":"record.new","syncType":"initial_sync","syncDataType":"ats_jobs",
                 "syncJobId":"job-1","syncRunId":"run-1","recordId":"job-1",
                 "eventData":{"info":{"id":"job-1","title":"%s","department":"Engineering"},
                   "stages":[{"id":"stage-Phone-Screen","name":"Phone Screen"},
                             {"id":"stage-Technical-Assessment","name":"Technical Assessment"},
                             {"id":"stage-Offer","name":"Offer"}]}}""".formatted(eventId, title);
    }

    /** The smallest valid envelope: a record.new with empty eventData, for inbox and storage tests. */
    public static byte[] minimal(String eventId) {
        return bytes("{\"eventId\":\"" + eventId + "\",\"eventType\":\"record.new\",\"eventData\":{}}");
    }

    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Headers Knit sends with a webhook call, signed with the sandbox key. */
    public static Map<String, String> signedHeaders(byte[] body) {
        return Map.of("Content-Type", "application/json",
                KnitSignature.HEADER, new KnitSignature(API_KEY).sign(body),
                "X-Knit-Integration-Id", INTEGRATION);
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
