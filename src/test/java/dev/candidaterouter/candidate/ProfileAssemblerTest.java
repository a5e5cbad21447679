package dev.candidaterouter.candidate;

import static dev.candidaterouter.candidate.Events.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileAssemblerTest {
    @TempDir
    Path attachments;

    private CandidateProfile assemble(String eventData) {
        return Events.assembler(attachments).assemble("int-1", "rec-1", json(eventData));
    }

    private static double years(String from, String to) {
        return ChronoUnit.DAYS.between(LocalDate.parse(from), LocalDate.parse(to)) / 365.25;
    }

    // --- years of experience

    @Test
    void overlappingJobsAreCountedOnce() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'startDate': '2010-01-01', 'endDate': '2015-01-01'},"
                + "{'startDate': '2012-01-01', 'endDate': '2013-01-01'},"
                + "{'startDate': '2014-06-01', 'endDate': '2016-01-01'}]}");

        assertThat(p.getYearsOfExperience()).isCloseTo(years("2010-01-01", "2016-01-01"), within(1e-9));
    }

    @Test
    void jobWithAnUnreadableEndDateIsLeftOutRatherThanRunToToday() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'startDate': '2010-01-01', 'endDate': 'last summer'},"
                + "{'startDate': '2020-01-01', 'endDate': '2021-01-01'}]}");

        assertThat(p.getYearsOfExperience()).isCloseTo(years("2020-01-01", "2021-01-01"), within(1e-9));
        assertThat(p.getDataIssues()).extracting(DataIssue::field).contains("experiences[0].endDate");
    }

    @Test
    void currentJobWithAnUnreadableEndDateStillCountsToToday() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'startDate': '2024-06-30', 'endDate': 'n/a', 'currentlyWorking': true}]}");

        assertThat(p.getYearsOfExperience()).isCloseTo(years("2024-06-30", "2025-06-30"), within(1e-9));
    }

    @Test
    void gapsBetweenJobsAreNotCounted() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'startDate': '2016-01-01', 'endDate': '2017-01-01'},"
                + "{'startDate': '2010-01-01', 'endDate': '2011-01-01'}]}");

        assertThat(p.getYearsOfExperience())
                .isCloseTo(years("2010-01-01", "2011-01-01") + years("2016-01-01", "2017-01-01"), within(1e-9));
    }

    @Test
    void currentAndOpenEndedJobsRunUntilTodayFromTheClock() {
        CandidateProfile current = assemble("{'experiences': ["
                + "{'startDate': '2020-06-30', 'endDate': '2021-01-01', 'currentlyWorking': true}]}");
        CandidateProfile openEnded = assemble("{'experiences': [{'startDate': '2020-06-30'}]}");

        assertThat(current.getYearsOfExperience()).isCloseTo(years("2020-06-30", "2025-06-30"), within(1e-9));
        assertThat(openEnded.getYearsOfExperience()).isCloseTo(years("2020-06-30", "2025-06-30"), within(1e-9));
    }

    @Test
    void anOpenEndedJobSwallowsTheOlderJobsItOverlaps() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'startDate': '2019-01-01', 'endDate': '2022-01-01'},"
                + "{'startDate': '2020-06-30', 'currentlyWorking': true}]}");

        assertThat(p.getYearsOfExperience()).isCloseTo(years("2019-01-01", "2025-06-30"), within(1e-9));
    }

    @Test
    void futureDaysDoNotCount() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'startDate': '2024-06-30', 'endDate': '2026-06-30'}, {'startDate': '2026-01-01'}]}");

        assertThat(p.getYearsOfExperience()).isCloseTo(years("2024-06-30", "2025-06-30"), within(1e-9));
    }

    @Test
    void jobsWithoutStartAreIgnoredAndJobsEndingBeforeTheyStartAreReported() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'endDate': '2015-01-01'},"
                + "{'startDate': '2018-01-01', 'endDate': '2017-01-01'},"
                + "{'startDate': '2020-01-01', 'endDate': '2021-01-01'}]}");

        assertThat(p.getYearsOfExperience()).isCloseTo(years("2020-01-01", "2021-01-01"), within(1e-9));
        assertThat(p.getDataIssues()).extracting(DataIssue::field).containsExactly("experiences[1].endDate");
    }

    @Test
    void noExperienceMeansZeroYears() {
        assertThat(assemble("{'experiences': null}").getYearsOfExperience()).isZero();
    }

    // --- current title and company

    @Test
    void infoTitleAndCompanyWinOverExperiences() {
        CandidateProfile p = assemble("{'info': {'title': ' Staff Engineer ', 'company': 'Globex'},"
                + " 'experiences': [{'jobTitle': 'Dev', 'company': 'Acme', 'startDate': '2020-01-01'}]}");

        assertThat(p.getCurrentTitle()).isEqualTo("Staff Engineer");
        assertThat(p.getCurrentCompany()).isEqualTo("Globex");
    }

    @Test
    void theLatestStartedCurrentJobNamesTitleAndCompany() {
        CandidateProfile p = assemble("{'info': {'title': '  '}, 'experiences': ["
                + "{'jobTitle': 'Old', 'company': 'Past', 'startDate': '2010-01-01', 'endDate': '2024-12-31'},"
                + "{'jobTitle': 'Mentor', 'company': 'Side', 'startDate': '2015-01-01', 'currentlyWorking': true},"
                + "{'title': 'Lead', 'company': 'Main', 'startDate': '2021-03-01'}]}");

        assertThat(p.getCurrentTitle()).isEqualTo("Lead");
        assertThat(p.getCurrentCompany()).isEqualTo("Main");
        assertThat(p.getTitleWords()).containsExactly("lead");
    }

    @Test
    void withoutACurrentJobTheLastEndedJobNamesTitleAndCompany() {
        CandidateProfile p = assemble("{'experiences': ["
                + "{'jobTitle': 'Junior', 'company': 'A', 'startDate': '2010-01-01', 'endDate': '2012-01-01'},"
                + "{'jobTitle': 'Senior', 'company': 'B', 'startDate': '2012-01-01', 'endDate': '2019-01-01'},"
                + "{'jobTitle': 'Middle', 'company': 'C', 'startDate': '2011-01-01', 'endDate': '2014-01-01'}]}");

        assertThat(p.getCurrentTitle()).isEqualTo("Senior");
        assertThat(p.getCurrentCompany()).isEqualTo("B");
    }

    // --- skills

    @Test
    void skillsAreRankedByProficiencyKeepingListOrderOnTies() {
        CandidateProfile p = assemble("{'skills': ["
                + "{'skillName': 'SQL'}, {'skillName': 'Java', 'proficiency': 'Advanced'},"
                + "{'skillName': 'Go', 'proficiency': 'expert'}, {'skillName': 'C', 'proficiency': 'Beginner'},"
                + "{'skillName': 'Rust', 'proficiency': 'EXPERT'}, {'skillName': 'Bash', 'proficiency': 'Intermediate'}]}");

        assertThat(p.getSkills()).extracting(RankedSkill::getName)
                .containsExactly("Go", "Rust", "Java", "Bash", "C", "SQL");
        assertThat(p.getSkills()).extracting(RankedSkill::getPosition).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(p.getStrongestSkill().getName()).isEqualTo("Go");
    }

    @Test
    void skillNamesAreTrimmedBlankOnesDroppedAndDuplicatesMergedAtTheirStrongest() {
        CandidateProfile p = assemble("{'skills': ["
                + "{'skillName': ' java ', 'proficiency': 'Beginner'}, {'skillName': '   ', 'proficiency': 'Expert'},"
                + "{'skillName': 'Python', 'proficiency': 'Advanced'}, {'skillName': 'JAVA', 'proficiency': 'Advanced'},"
                + "{'proficiency': 'Expert'}, {'skillName': 'Java', 'proficiency': 'Intermediate'}]}");

        assertThat(p.getSkills()).extracting(RankedSkill::getName, RankedSkill::getProficiency).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Python", Proficiency.ADVANCED),
                org.assertj.core.groups.Tuple.tuple("JAVA", Proficiency.ADVANCED));
        assertThat(p.getDataIssues()).extracting(DataIssue::field).containsExactly("skills[1]", "skills[4]");
    }

    @Test
    void unicodeSkillAndPersonNamesSurviveAndAreTrimmed() {
        CandidateProfile p = assemble("{'info': {'firstName': '\u00a0Zoë\u2003', 'lastName': ' 山田 '},"
                + " 'skills': [{'skillName': ' Ünïcødé ', 'proficiency': 'Expert'}]}");

        assertThat(p.getFirstName()).isEqualTo("Zoë");
        assertThat(p.getLastName()).isEqualTo("山田");
        assertThat(p.getStrongestSkill().getName()).isEqualTo("Ünïcødé");
        assertThat(p.getStrongestSkill().getKey()).isEqualTo("ünïcødé");
    }

    @Test
    void noSkillsMeansNoStrongestSkill() {
        assertThat(assemble("{}").getStrongestSkill()).isNull();
    }

    // --- education

    @Test
    void theHighestDegreeIsNamedAsTheAtsWroteIt() {
        CandidateProfile p = assemble("{'education': ["
                + "{'degree': 'Certificate in Cloud'}, {'degree': 'B.Sc. Physics'},"
                + "{'degreeName': 'Ph.D. Astrophysics'}, {'degree': 'MBA'}]}");

        assertThat(p.getHighestDegree()).isEqualTo("Ph.D. Astrophysics");
    }

    @Test
    void degreesAreRankedDoctorateMasterBachelorAssociateOther() {
        assertThat(DegreeLevel.of("Doctor of Philosophy")).isEqualTo(DegreeLevel.DOCTORATE);
        assertThat(DegreeLevel.of("PhD")).isEqualTo(DegreeLevel.DOCTORATE);
        assertThat(DegreeLevel.of("Master's in Data Science")).isEqualTo(DegreeLevel.MASTER);
        assertThat(DegreeLevel.of("M.Sc.")).isEqualTo(DegreeLevel.MASTER);
        assertThat(DegreeLevel.of("MS, Computer Science")).isEqualTo(DegreeLevel.MASTER);
        assertThat(DegreeLevel.of("MA History")).isEqualTo(DegreeLevel.MASTER);
        assertThat(DegreeLevel.of("BEng Mechanical")).isEqualTo(DegreeLevel.BACHELOR);
        assertThat(DegreeLevel.of("Bachelor of Arts")).isEqualTo(DegreeLevel.BACHELOR);
        assertThat(DegreeLevel.of("BS")).isEqualTo(DegreeLevel.BACHELOR);
        assertThat(DegreeLevel.of("Associate of Science")).isEqualTo(DegreeLevel.ASSOCIATE);
        assertThat(DegreeLevel.of("AWS Certificate")).isEqualTo(DegreeLevel.OTHER);
        assertThat(DegreeLevel.of("Mathematics")).isEqualTo(DegreeLevel.OTHER);
    }

    @Test
    void amongEqualDegreesTheFirstListedWins() {
        CandidateProfile p = assemble("{'education': [{'degree': '  '}, {'degree': 'MSc AI'}, {'degree': 'MA Music'}]}");

        assertThat(p.getHighestDegree()).isEqualTo("MSc AI");
    }

    @Test
    void currentlyStudyingWhenAnyEducationIsBeingPursued() {
        assertThat(assemble("{'education': [{'degree': 'BSc'}, {'degree': 'MSc', 'currentlyPursuing': 'true'}]}")
                .isCurrentlyStudying()).isTrue();
        assertThat(assemble("{'education': [{'degree': 'BSc', 'currentlyPursuing': false}]}")
                .isCurrentlyStudying()).isFalse();
    }

    // --- country

    @Test
    void theHomeAddressGivesTheCountryWhateverTheCaseOfItsType() {
        CandidateProfile p = assemble("{'locations': [{'country': 'Germany', 'addressType': 'WORK'},"
                + " {'country': 'Norway', 'addressType': 'Home'}]}");

        assertThat(p.getCountry()).isEqualTo("Norway");
    }

    @Test
    void withoutAHomeCountryTheFirstAddressWithACountryGivesIt() {
        CandidateProfile p = assemble("{'locations': [{'city': 'Nowhere', 'addressType': 'HOME'},"
                + " {'city': 'Lyon'}, {'country': ' France '}, {'country': 'Spain'}]}");

        assertThat(p.getCountry()).isEqualTo("France");
    }

    // --- contact

    @Test
    void personalEmailIsPreferredOverWorkWhateverTheCase() {
        CandidateProfile p = assemble("{'info': {'emails': [{'type': 'Work', 'email': 'w@corp.example'},"
                + " {'type': 'pErSoNaL', 'email': ' me@home.example '}]}}");

        assertThat(p.getPreferredEmail()).isEqualTo("me@home.example");
    }

    @Test
    void workEmailIsUsedWithoutPersonalAndAnyTypeWithoutEither() {
        assertThat(assemble("{'info': {'emails': [{'type': 'OTHER', 'email': 'o@x.example'},"
                + " {'type': 'work', 'email': 'w@x.example'}]}}").getPreferredEmail()).isEqualTo("w@x.example");
        assertThat(assemble("{'info': {'emails': [{'email': 'o@x.example'}]}}").getPreferredEmail())
                .isEqualTo("o@x.example");
    }

    @Test
    void invalidEmailsAreSkippedAndReportedWithoutRepeatingThem() {
        CandidateProfile p = assemble("{'info': {'emails': [{'type': 'PERSONAL', 'email': 'me-at-home'},"
                + " {'type': 'PERSONAL', 'email': 'a@b@c'}, {'type': 'PERSONAL', 'email': '@x'},"
                + " {'type': 'WORK', 'email': 'w@corp.example'}]}}");

        assertThat(p.getPreferredEmail()).isEqualTo("w@corp.example");
        assertThat(p.getDataIssues()).extracting(DataIssue::field)
                .containsExactly("info.emails[0].email", "info.emails[1].email", "info.emails[2].email");
        assertThat(p.getDataIssues()).extracting(DataIssue::problem).noneMatch(text -> text.contains("me-at-home"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@x.com,bob", "a@x.com, b@y.com", "a@x.com;b@y.com", "Bob <b@x.com>", "b@x.com (Bob)",
        "team: a@x.com, b@y.com;", "a@x.com bob", "a@localhost", "a..b@x.com", "Zoë <zoe@x.com>", "zoë@x.com, b@y.com"})
    void anEmailFieldThatIsNotExactlyOneAddressIsADataIssueAndNeverChosen(String field) {
        CandidateProfile p = assemble("{'info': {'emails': [{'type': 'PERSONAL', 'email': '" + field + "'}]}}");

        assertThat(p.getPreferredEmail()).isNull();
        assertThat(p.getDataIssues()).extracting(DataIssue::field).containsExactly("info.emails[0].email");
        assertThat(p.getDataIssues()).extracting(DataIssue::problem).allMatch(text -> text.startsWith("not exactly one valid email address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jane.doe+tag@example.co.uk", "zoe@exämple.de", "user@xn--bcher-kva.example", "A@B.CO", " a@b.co ",
        "li@例子.广告"})
    void realWorldSingleAddressesAreChosen(String field) {
        CandidateProfile p = assemble("{'info': {'emails': [{'type': 'PERSONAL', 'email': '" + field + "'}]}}");

        assertThat(p.getPreferredEmail()).isEqualTo(field.strip());
        assertThat(p.getDataIssues()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"zoë@exämple.de", "josé.núñez@correo.es", "用户@例子.广告"})
    void anAddressWithANonAsciiLocalPartIsADataIssueNamingTheFieldAndTheNextAddressIsChosen(String field) {
        CandidateProfile p = assemble("{'info': {'emails': [{'type': 'PERSONAL', 'email': '" + field + "'},"
                + " {'type': 'WORK', 'email': 'zoe@corp.example'}]}}");

        assertThat(p.getPreferredEmail()).isEqualTo("zoe@corp.example");
        assertThat(p.getDataIssues()).extracting(DataIssue::field).containsExactly("info.emails[0].email");
        assertThat(p.getDataIssues()).extracting(DataIssue::problem)
                .allMatch(text -> text.startsWith("the part before @ has non-ASCII characters"))
                .noneMatch(text -> text.contains(field));
    }

    @Test
    void mobileOrPersonalPhoneIsPreferredAndNormalisedToE164() {
        CandidateProfile p = assemble("{'info': {'phones': [{'type': 'SKYPE', 'phoneNumber': '+4930111111'},"
                + " {'type': 'WORK', 'phoneNumber': '+49 30 2222222'},"
                + " {'type': 'Mobile', 'phoneNumber': '0049 (151) 2345-6789'}]}}");

        assertThat(p.getPreferredPhone()).isEqualTo("+4915123456789");
    }

    @Test
    void workPhoneIsUsedWithoutMobileAndSkypeNever() {
        assertThat(assemble("{'info': {'phones': [{'type': 'NOT_SPECIFIED', 'phoneNumber': '+1 (415) 555.0100'},"
                + " {'type': 'work', 'phoneNumber': '+44 20 7946 0958'}]}}").getPreferredPhone())
                .isEqualTo("+442079460958");
        assertThat(assemble("{'info': {'phones': [{'type': 'NOT_SPECIFIED', 'phoneNumber': '+1 (415) 555.0100'}]}}")
                .getPreferredPhone()).isEqualTo("+14155550100");
        assertThat(assemble("{'info': {'phones': [{'type': 'skype', 'phoneNumber': '+14155550100'}]}}")
                .getPreferredPhone()).isNull();
    }

    @Test
    void numbersWithoutCountryCodeAreReportedNotGuessed() {
        CandidateProfile p = assemble("{'info': {'phones': [{'type': 'MOBILE', 'phoneNumber': '0151 2345 6789'},"
                + " {'type': 'PERSONAL', 'phoneNumber': '+0 123'}, {'type': 'WORK', 'phoneNumber': '+33 1 23 45 67 89'}]}}");

        assertThat(p.getPreferredPhone()).isEqualTo("+33123456789");
        assertThat(p.getDataIssues()).extracting(DataIssue::field).containsExactly("info.phones[0]", "info.phones[1]");
        assertThat(p.getDataIssues()).extracting(DataIssue::problem).noneMatch(text -> text.contains("0151"));
    }

    // --- identity and bookkeeping

    @Test
    void candidateIdComesFromInfoElseFromTheRecordId() {
        assertThat(assemble("{'info': {'id': 'c-9'}}").getCandidateId()).isEqualTo("c-9");
        assertThat(assemble("{'info': {'id': ' '}}").getCandidateId()).isEqualTo("rec-1");
        assertThat(assemble("{}").getCandidateId()).isEqualTo("rec-1");
    }

    @Test
    void aFullEventGivesEveryFact() {
        CandidateProfile p = Events.assembler(attachments).assemble("int-1", "rec-1", Events.sample());

        assertThat(p.getIntegrationId()).isEqualTo("int-1");
        assertThat(p.getCandidateId()).isEqualTo("cand-1");
        assertThat(p.getFirstName()).isEqualTo("Zoë");
        assertThat(p.getLastName()).isEqualTo("Ødegård-Łukasiewicz");
        assertThat(p.getCurrentTitle()).isEqualTo("Senior Engineer");
        assertThat(p.getCurrentCompany()).isEqualTo("Acme");
        assertThat(p.getYearsOfExperience()).isCloseTo(years("2012-10-01", "2025-06-30"), within(1e-9));
        assertThat(p.getSkills()).extracting(RankedSkill::getName).containsExactly("Kotlin", "JAVA", "Python", "Go");
        assertThat(p.getHighestDegree()).isEqualTo("MSc Software Engineering");
        assertThat(p.isCurrentlyStudying()).isTrue();
        assertThat(p.getCountry()).isEqualTo("Norway");
        assertThat(p.getPreferredEmail()).isEqualTo("zoe@home.example");
        assertThat(p.getPreferredPhone()).isEqualTo("+4915123456789");
        assertThat(p.getResume()).isEqualTo(new ResumeRef("zoe-cv.pdf", "resume", "https://files.example.com/cv.pdf", null));
        assertThat(p.getTags()).containsExactly("referral", "backend");
        assertThat(p.getUpdatedAt()).isEqualTo(Instant.parse("2025-03-09T16:40:12Z"));
        assertThat(p.getDataIssues()).isEmpty();
    }

    @Test
    void anEventWithoutModelsGivesAnEmptyProfileForTheRecord() {
        for (String eventData : new String[] {"{}", "null", "{'info': null, 'skills': null, 'attachments': null}"}) {
            CandidateProfile p = assemble(eventData);

            assertThat(p.getCandidateId()).isEqualTo("rec-1");
            assertThat(p.getSkills()).isEmpty();
            assertThat(p.getYearsOfExperience()).isZero();
            assertThat(p.getResume()).isNull();
            // Null models are simply empty; only a record with no model at all gets a note (see below).
            assertThat(p.getDataIssues()).extracting(DataIssue::field)
                    .isSubsetOf("eventData").hasSize(eventData.contains("info") ? 0 : 1);
        }
        assertThat(Events.assembler(attachments).assemble("int-1", "rec-2", (KnitModels) null).getCandidateId())
                .isEqualTo("rec-2");
    }

    @Test
    void aRecordWithoutAnyModelSaysSoInItsDataIssues() {
        ProfileAssembler assembler = Events.assembler(attachments);
        assertThat(assembler.assemble("int-1", "rec-1", (com.fasterxml.jackson.databind.JsonNode) null).getDataIssues())
                .extracting(Object::toString).containsExactly("eventData: missing: the record carries no candidate data");
        assertThat(assembler.assemble("int-1", "rec-1", json("['info']")).getDataIssues())
                .extracting(Object::toString).containsExactly("eventData: expected an object with the candidate's models, was array");
        CandidateProfile unknownOnly = assembler.assemble("int-1", "rec-1", json("{'candidate': {'id': 'x'}}"));
        assertThat(unknownOnly.getDataIssues()).extracting(Object::toString).singleElement().asString()
                .startsWith("eventData: none of Knit's candidate models (info, education,");
        assertThat(unknownOnly.getCandidateId()).isEqualTo("rec-1");
        // A record with models has no such entry, even when some models are missing.
        assertThat(assemble("{'info': {'id': 'c1', 'firstName': 'Ada'}}").getDataIssues()).isEmpty();
    }
}
