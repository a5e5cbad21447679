package dev.candidaterouter.candidate;

import static dev.candidaterouter.candidate.Events.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelReaderTest {
    private final ModelReader reader = new ModelReader();

    private ParsedModel read(String model, String json) {
        return reader.read(new ModelPart(model, json(json)));
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> items(ParsedModel parsed) {
        return (List<T>) parsed.value();
    }

    @Test
    void splitsEventDataIntoOnePartPerPresentModelIgnoringOtherKeys() {
        JsonNode eventData = json("{'skills': [], 'info': {}, 'attachments': null, 'surprise': [1]}");

        assertThat(ModelPart.of(eventData)).extracting(ModelPart::model)
                .containsExactly("info", "skills", "attachments");
        assertThat(ModelPart.of(null)).isEmpty();
        assertThat(ModelPart.of(json("[1, 2]"))).isEmpty();
    }

    @Test
    void readsBothSpellingsOfFieldsKnitNamesTwoWays() {
        Education education = this.<Education>items(read("education",
                "[{'degreeName': 'MSc', 'institution': 'ETH'}]")).get(0);
        Skill skill = this.<Skill>items(read("skills", "[{'name': 'Rust', 'proficiency': 'EXPERT'}]")).get(0);
        Experience job = this.<Experience>items(read("experiences", "[{'title': 'CTO'}]")).get(0);
        CandidateInfo info = (CandidateInfo) read("info", "{'emails': [{'type': 'WORK', 'address': 'a@b.c'},"
                + " {'type': 'PERSONAL', 'value': 'd@e.f'}], 'phones': [{'type': 'WORK', 'number': '+4930123456'},"
                + " {'type': 'MOBILE', 'value': '+4915123456'}]}").value();

        assertThat(education.degree()).isEqualTo("MSc");
        assertThat(education.institute()).isEqualTo("ETH");
        assertThat(skill.skillName()).isEqualTo("Rust");
        assertThat(skill.proficiency()).isEqualTo(Proficiency.EXPERT);
        assertThat(job.jobTitle()).isEqualTo("CTO");
        assertThat(info.emails()).extracting(EmailAddress::email).containsExactly("a@b.c", "d@e.f");
        assertThat(info.phones()).extracting(PhoneNumber::phoneNumber).containsExactly("+4930123456", "+4915123456");
    }

    @Test
    void missingOrNullListsAreEmptyAndUnknownFieldsAreIgnored() {
        CandidateInfo info = (CandidateInfo) read("info", "{'id': 'c1', 'emails': null, 'shoeSize': 44}").value();
        ParsedModel skills = read("skills", "null");

        assertThat(info.id()).isEqualTo("c1");
        assertThat(info.emails()).isEmpty();
        assertThat(info.phones()).isEmpty();
        assertThat(info.tags()).isEmpty();
        assertThat(skills.value()).isEqualTo(List.of());
        assertThat(skills.issues()).isEmpty();
    }

    @Test
    void unparsableDateIsEmptyAndReportedWhileTheRestOfTheEntryFlows() {
        ParsedModel parsed = read("experiences", "[{'company': 'A'}, {'company': 'B', 'startDate': '2020-02-30',"
                + " 'endDate': 'last spring', 'jobTitle': 'Dev'}]");

        Experience job = this.<Experience>items(parsed).get(1);
        assertThat(job.startDate()).isNull();
        assertThat(job.endDate()).isNull();
        assertThat(job.company()).isEqualTo("B");
        assertThat(job.jobTitle()).isEqualTo("Dev");
        assertThat(parsed.issues()).extracting(DataIssue::field)
                .containsExactly("experiences[1].startDate", "experiences[1].endDate");
        assertThat(parsed.issues().get(1).problem()).contains("'last spring'").contains("not a date");
    }

    @Test
    void datesAcceptFullTimestampsTakingTheDatePartAsWritten() {
        Experience job = this.<Experience>items(read("experiences",
                "[{'startDate': '2019-04-01T23:30:00-05:00', 'endDate': '2020-01-31T10:00:00Z'}]")).get(0);

        assertThat(job.startDate()).isEqualTo(LocalDate.of(2019, 4, 1));
        assertThat(job.endDate()).isEqualTo(LocalDate.of(2020, 1, 31));
    }

    @Test
    void timestampsAcceptZuluOffsetsAndPlainDates() {
        CandidateInfo zulu = (CandidateInfo) read("info", "{'updatedAt': '2025-03-09T17:40:12Z'}").value();
        CandidateInfo offset = (CandidateInfo) read("info", "{'updatedAt': '2025-03-09T18:40:12+01:00'}").value();
        CandidateInfo date = (CandidateInfo) read("info", "{'updatedAt': '2025-03-09'}").value();
        ParsedModel garbage = read("info", "{'updatedAt': 'soon', 'createdAt': 1741542012000}");

        assertThat(zulu.updatedAt()).isEqualTo(Instant.parse("2025-03-09T17:40:12Z"));
        assertThat(offset.updatedAt()).isEqualTo(Instant.parse("2025-03-09T17:40:12Z"));
        assertThat(date.updatedAt()).isEqualTo(Instant.parse("2025-03-09T00:00:00Z"));
        assertThat(garbage.issues()).extracting(DataIssue::field).containsExactly("info.createdAt", "info.updatedAt");
    }

    @Test
    void wrongTypesEmptyOnlyTheirFieldAndSayWhy() {
        ParsedModel parsed = read("info", "{'id': 42, 'firstName': {'first': 'Ann'}, 'lastName': 'Lee',"
                + " 'tags': ['a', {'b': 1}, null, 'c'], 'links': 'https://x.example'}");

        CandidateInfo info = (CandidateInfo) parsed.value();
        assertThat(info.id()).isEqualTo("42");
        assertThat(info.firstName()).isNull();
        assertThat(info.lastName()).isEqualTo("Lee");
        assertThat(info.tags()).containsExactly("a", "c");
        assertThat(info.links()).isEmpty();
        assertThat(parsed.issues()).containsExactly(
                new DataIssue("info.firstName", "expected text, got an object"),
                new DataIssue("info.links", "expected a list, got text"),
                new DataIssue("info.tags[1]", "expected text, got an object"));
    }

    @Test
    void booleansAcceptTrueAndFalseTextButNothingElse() {
        ParsedModel parsed = read("education", "[{'currentlyPursuing': 'TRUE'}, {'currentlyPursuing': 'yes'},"
                + " {'currentlyPursuing': 1}, {'currentlyPursuing': false}]");

        assertThat(this.<Education>items(parsed)).extracting(Education::currentlyPursuing)
                .containsExactly(true, null, null, false);
        assertThat(parsed.issues()).extracting(DataIssue::field)
                .containsExactly("education[1].currentlyPursuing", "education[2].currentlyPursuing");
    }

    @Test
    void unknownProficiencyIsEmptyAndReportedButAbsentOneIsNot() {
        ParsedModel parsed = read("skills", "[{'skillName': 'Go', 'proficiency': 'Guru'}, {'skillName': 'C'}]");

        assertThat(this.<Skill>items(parsed)).extracting(Skill::proficiency).containsOnlyNulls();
        assertThat(parsed.issues()).extracting(DataIssue::field).containsExactly("skills[0].proficiency");
    }

    @Test
    void anEntryThatIsNotAnObjectIsReportedAndLaterEntriesKeepTheirIndex() {
        ParsedModel parsed = read("experiences", "['oops', {'startDate': 'bad'}]");

        assertThat(this.<Experience>items(parsed)).hasSize(2);
        assertThat(parsed.issues()).extracting(DataIssue::field)
                .containsExactly("experiences[0]", "experiences[1].startDate");
    }

    @Test
    void aModelOfTheWrongShapeIsReportedAsAWhole() {
        assertThat(read("skills", "{'skillName': 'Go'}").issues())
                .containsExactly(new DataIssue("skills", "expected a list, got an object"));
        assertThat(read("info", "['x']").value()).isNull();
        assertThat(read("info", "['x']").issues()).extracting(DataIssue::field).containsExactly("info");
    }

    @Test
    void invalidBase64ContentIsDroppedAndReportedWhereItIs() {
        ParsedModel parsed = read("attachments", "[{'fileName': 'a.pdf', 'attachmentContent': 'JVBERi0x'},"
                + " {'fileName': 'b.pdf', 'attachmentContent': 'not base64 at all!'}]");

        assertThat(this.<Attachment>items(parsed)).extracting(Attachment::attachmentContent)
                .containsExactly("JVBERi0x", null);
        assertThat(parsed.issues()).extracting(DataIssue::field).containsExactly("attachments[1].attachmentContent");
    }

    @Test
    void recordsAlsoBindWithPlainJacksonAcceptingBothSpellings() throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();

        Education education = mapper.treeToValue(json("{'degreeName': 'MSc', 'institution': 'ETH', 'x': 1}"), Education.class);
        Skill skill = mapper.treeToValue(json("{'name': 'Go', 'proficiency': 'advanced'}"), Skill.class);
        Skill unknown = mapper.treeToValue(json("{'skillName': 'Go', 'proficiency': 'Guru'}"), Skill.class);
        Experience job = mapper.treeToValue(json("{'title': 'CTO', 'startDate': '2020-01-02'}"), Experience.class);

        assertThat(education.degree()).isEqualTo("MSc");
        assertThat(education.institute()).isEqualTo("ETH");
        assertThat(skill.proficiency()).isEqualTo(Proficiency.ADVANCED);
        assertThat(unknown.proficiency()).isNull();
        assertThat(job.jobTitle()).isEqualTo("CTO");
        assertThat(job.startDate()).isEqualTo(LocalDate.of(2020, 1, 2));
    }

    @Test
    void aPartOfAnUnknownModelGivesOnlyAnIssue() {
        ParsedModel parsed = reader.read(new ModelPart("pets", json("[]")));

        assertThat(parsed.value()).isNull();
        assertThat(parsed.issues()).extracting(DataIssue::field).containsExactly("pets");
        assertThat(KnitModels.empty().with(parsed).issues()).isEqualTo(parsed.issues());
    }
}
