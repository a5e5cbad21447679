package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResumeLocatorTest {
    private static final String PDF = Base64.getEncoder().encodeToString("%PDF-1.4 resume".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path root;

    private final List<DataIssue> issues = new ArrayList<>();

    private ResumeLocator locator(long maxBytes) {
        return new ResumeLocator(OutboundUrlPolicy.fromList(Events.ALLOWED_HOSTS), root, maxBytes);
    }

    private ResumeRef locate(Attachment... attachments) {
        return locator(1024).locate("int-1", "cand-1", List.of(attachments), issues);
    }

    private static Attachment link(String fileType, String downloadLink, String link) {
        return new Attachment(fileType, "cv.pdf", null, downloadLink, link, null);
    }

    private static Attachment content(String fileName, String base64) {
        return new Attachment("RESUME", fileName, null, null, null, base64);
    }

    @Test
    void theResumeIsChosenOverEarlierAttachmentsWhateverTheCaseOfItsType() {
        ResumeRef ref = locate(link("COVER_LETTER", "https://files.example.com/cover.pdf", null),
                link("Resume", "https://files.example.com/cv.pdf", null));

        assertThat(ref).isEqualTo(new ResumeRef("cv.pdf", "Resume", "https://files.example.com/cv.pdf", null));
    }

    @Test
    void withoutAResumeTheFirstAttachmentIsUsed() {
        ResumeRef ref = locate(link("NOT_SPECIFIED", null, "https://files.example.com/first.pdf"),
                link("COVER_LETTER", "https://files.example.com/second.pdf", null));

        assertThat(ref.url()).isEqualTo("https://files.example.com/first.pdf");
    }

    @Test
    void theDownloadLinkIsPreferredAndARefusedOneFallsBackToTheLinkWithAnIssue() {
        assertThat(locate(link("RESUME", "https://files.example.com/dl.pdf", "https://files.example.com/l.pdf")).url())
                .isEqualTo("https://files.example.com/dl.pdf");

        ResumeRef ref = locate(link("RESUME", "http://169.254.169.254/latest/meta-data/", "https://eu.cdn.example.net/l.pdf"));

        assertThat(ref.url()).isEqualTo("https://eu.cdn.example.net/l.pdf");
        assertThat(issues).extracting(DataIssue::field).containsExactly("attachments[0].downloadLink");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/cv.pdf", "http://169.254.169.254/", "http://10.0.0.1/",
        "https://not-allowed.example.org/cv.pdf"})
    void ssrfLinksAreRefusedAndTheContentIsUsedInstead(String url) {
        Attachment attachment = new Attachment("RESUME", "cv.pdf", null, url, url, PDF);

        ResumeRef ref = locate(attachment);

        assertThat(ref.url()).isNull();
        assertThat(ref.storedPath()).isNotNull();
        assertThat(issues).extracting(DataIssue::field)
                .containsExactly("attachments[0].downloadLink", "attachments[0].link");
        assertThat(issues).extracting(DataIssue::problem).allMatch(p -> p.startsWith("link not followed"));
    }

    @Test
    void contentIsDecodedAndStoredPerIntegrationAndCandidate() throws Exception {
        ResumeRef ref = locate(content("Lebenslauf Zoë.pdf", PDF));

        Path stored = Path.of(ref.storedPath());
        assertThat(stored).isEqualTo(root.resolve("int-1").resolve("cand-1").resolve("Lebenslauf_Zoë.pdf"));
        assertThat(Files.readString(stored)).isEqualTo("%PDF-1.4 resume");
        assertThat(ref.fileName()).isEqualTo("Lebenslauf Zoë.pdf");
        assertThat(ref.url()).isNull();
        assertThat(issues).isEmpty();
    }

    @Test
    void urlSafeAlphabetLineBreaksAndMissingPaddingAreAccepted() throws Exception {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, (byte) 0xfe, 1, 2};
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String wrapped = urlSafe.substring(0, 3) + "\r\n " + urlSafe.substring(3);

        ResumeRef ref = locate(content("bin.dat", wrapped));

        assertThat(Files.readAllBytes(Path.of(ref.storedPath()))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/cron.d/job", "..", ".bashrc",
        "a/../../b.pdf", "nul\u0000byte.pdf", ""})
    void pathTraversalInFileNamesIsNeutralised(String fileName) throws Exception {
        ResumeRef ref = new ResumeLocator(OutboundUrlPolicy.fromList(""), root, 1024)
                .locate("../int", "../../cand", List.of(content(fileName, PDF)), issues);

        Path stored = Path.of(ref.storedPath());
        assertThat(stored.getParent()).isEqualTo(root.resolve("int").resolve("cand"));
        assertThat(stored.getFileName().toString()).doesNotStartWith(".").doesNotContain("/", "\\", "\u0000");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(stored);
        }
    }

    @Test
    void invalidBase64IsReportedAndNothingStored() throws Exception {
        ResumeRef ref = locate(content("cv.pdf", "%%% not base64 %%%"));

        assertThat(ref).isNull();
        assertThat(issues).extracting(DataIssue::field).containsExactly("attachments[0].attachmentContent");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void contentOverTheSizeCapIsReportedAndNothingStored() throws Exception {
        String big = Base64.getEncoder().encodeToString(new byte[1025]);
        String exact = Base64.getEncoder().encodeToString(new byte[1024]);

        assertThat(locate(content("big.pdf", big))).isNull();
        assertThat(locate(content("exact.pdf", exact))).isNotNull();
        assertThat(issues).extracting(DataIssue::field).containsExactly("attachments[0].attachmentContent");
        assertThat(issues.get(0).problem()).contains("larger than the limit of 1024 bytes");
    }

    @Test
    void noAttachmentOrNothingUsableMeansNoResume() {
        assertThat(locate()).isNull();
        assertThat(locate(new Attachment("RESUME", "cv.pdf", null, null, " ", null))).isNull();
        assertThat(issues).isEmpty();
    }

    @Test
    void aLocatorWithoutStoringChecksContentAlikeButWritesNothingAndNamesNoPath() throws Exception {
        ResumeLocator evaluating = ResumeLocator.withoutStoring(OutboundUrlPolicy.fromList(Events.ALLOWED_HOSTS), 1024);

        ResumeRef ref = evaluating.locate("int-1", "cand-1", List.of(content("cv.pdf", PDF)), issues);
        ResumeRef refused = evaluating.locate("int-1", "cand-1",
                List.of(content("big.pdf", Base64.getEncoder().encodeToString(new byte[1025]))), issues);

        assertThat(ref).isEqualTo(new ResumeRef("cv.pdf", "RESUME", null, null));
        assertThat(refused).isNull();
        assertThat(issues).extracting(DataIssue::problem).containsExactly("content is larger than the limit of 1024 bytes");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(ref)).doesNotContain("storedPath");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void defaultsAreFiveMebibytesUnderDataAttachments() {
        assertThat(ResumeLocator.DEFAULT_MAX_BYTES).isEqualTo(5L * 1024 * 1024);
        assertThat(ResumeLocator.DEFAULT_DIRECTORY).isEqualTo(Path.of("data", "attachments"));
    }
}
