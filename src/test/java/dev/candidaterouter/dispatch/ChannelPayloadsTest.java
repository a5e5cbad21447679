package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.assessment.Channel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What each channel sends, built from the profile stored with the decision: only a few of its fields are read, the
 * rest (education, experiences, applications ...) must not leak into a payload.
 */
class ChannelPayloadsTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ChannelPayloads payloads = new ChannelPayloads(mapper, "assessments@example.com", "+15550001111",
            new MessageTemplates(Path.of("templates")));

    /** A stored profile as CandidateProfile writes it, with the parts the channels do not use. */
    private static final String PROFILE = """
            {"candidateId":"c-1","firstName":"Ada","lastName":"Lovelace","preferredEmail":"ada@example.com",
             "preferredPhone":"+15550002222","currentTitle":null,"currentCompany":"Analytical Engines",
             "yearsOfExperience":7.25,
             "skills":[{"name":"Java","proficiency":"EXPERT"},{"name":"SQL"}],
             "education":[{"institution":"University of London","degree":{"name":"Mathematics","level":["x",{"y":1}]}}],
             "experiences":[{"company":"Babbage & Co","title":"Programmer","description":"first program"}],
             "applications":[{"id":"app-1","stage":{"id":"s1","name":"Assessment"}}],
             "resume":{"url":"https://files.example.com/ada.pdf","name":"ada.pdf"},
             "consent":{"smsOptedOut":false}}
            """;

    private static DispatchJob job(Channel channel, String profileJson) {
        return new DispatchJob(7, "key-7", "int-1", "c-1", "backend-jvm-advanced", channel, 0, 42, "advanced",
                "Java expert\nSeven years", profileJson, "https://tests.example.com/t/1", DispatchJob.INVITATION);
    }

    @Test
    void theInvitationCarriesTheProfilesContactSkillsAndExperienceOnly() {
        JsonNode body = payloads.invitation(job(Channel.ASSESSMENT, PROFILE));

        // As text: the years are a decimal with one place (7.3, not 7.25), which a tree of the expected JSON
        // would hold as a double.
        assertThat(body.toString()).isEqualTo("""
                {"candidateId":"c-1","assessmentId":"backend-jvm-advanced","level":"advanced",\
                "firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","phone":"+15550002222",\
                "skills":[{"name":"Java","proficiency":"Expert"},{"name":"SQL","proficiency":"Unknown"}],\
                "yearsOfExperience":7.3,"currentTitle":null,"currentCompany":"Analytical Engines",\
                "resumeUrl":"https://files.example.com/ada.pdf","reasons":["Java expert","Seven years"]}""");
    }

    @Test
    void fieldsTheProfileLacksAreNullInTheInvitation() {
        JsonNode body = payloads.invitation(job(Channel.ASSESSMENT, "{\"candidateId\":\"c-1\"}"));

        assertThat(body.toString()).isEqualTo("""
                {"candidateId":"c-1","assessmentId":"backend-jvm-advanced","level":"advanced",\
                "firstName":null,"lastName":null,"email":null,"phone":null,"skills":[],"yearsOfExperience":0.0,\
                "currentTitle":null,"currentCompany":null,"resumeUrl":null,"reasons":["Java expert","Seven years"]}""");
    }

    @Test
    void theEmailAndTheSmsAreAddressedAndPersonalisedFromTheProfile() {
        ChannelPayloads.EmailMessage email = payloads.email(job(Channel.EMAIL, PROFILE));
        assertThat(email.to()).isEqualTo("ada@example.com");
        assertThat(email.subject()).isEqualTo("Your Backend JVM (advanced) assessment");
        assertThat(email.text()).contains("Ada").contains("https://tests.example.com/t/1");
        assertThat(email.messageId()).isEqualTo("<key-7@candidate-router>");
        assertThat(payloads.emailAddress(job(Channel.EMAIL, PROFILE))).isEqualTo("ada@example.com");

        assertThat(payloads.sms(job(Channel.SMS, PROFILE))).containsEntry("To", "+15550002222")
                .containsEntry("From", "+15550001111")
                .containsEntry("Body", "Hi Ada, your Backend JVM (advanced) assessment: https://tests.example.com/t/1");
    }

    @Test
    void aProfileWithoutANameOrAddressGreetsGenerallyAndHasNoAddress() {
        String profile = "{\"candidateId\":\"c-1\",\"firstName\":\"  \",\"preferredEmail\":null}";
        assertThat(payloads.emailAddress(job(Channel.EMAIL, profile))).isNull();
        assertThat(payloads.sms(job(Channel.SMS, profile)).get("Body")).startsWith("Hi there,");
    }

    @Test
    void aStoredProfileThatIsNotJsonFailsForGoodWithoutQuotingIt() {
        assertThatThrownBy(() -> payloads.invitation(job(Channel.ASSESSMENT, "{\"firstName\":\"Ada\"")))
                .isInstanceOf(PermanentDispatchFailure.class)
                .hasMessageStartingWith("stored profile of decision 42 is not JSON (")
                .hasMessageNotContaining("Ada");
    }
}
