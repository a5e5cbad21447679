package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageTemplatesTest {
    @TempDir
    Path dir;

    @Test
    void htmlTemplateEscapesValuesAndTextTemplateKeepsThemAsWritten() throws Exception {
        Files.writeString(dir.resolve("t.html"), "<p>Hi {{firstName}}</p><a href=\"{{testLink}}\">go</a>");
        Files.writeString(dir.resolve("t.txt"), "Hi {{ firstName }}: {{testLink}}");
        MessageTemplates templates = new MessageTemplates(dir);
        Map<String, String> values = Map.of("firstName", "Zoë <O'Brien>", "testLink", "https://t.example/a?x=1&y=\"2\"");

        assertThat(templates.html("t.html", values))
                .isEqualTo("<p>Hi Zoë &lt;O&#39;Brien&gt;</p><a href=\"https://t.example/a?x=1&amp;y=&quot;2&quot;\">go</a>");
        assertThat(templates.text("t.txt", values)).isEqualTo("Hi Zoë <O'Brien>: https://t.example/a?x=1&y=\"2\"");
    }

    @Test
    void valuesLookingLikePlaceholdersOrReplacementSyntaxAreInsertedLiterally() throws Exception {
        Files.writeString(dir.resolve("t.txt"), "{{firstName}}");
        assertThat(new MessageTemplates(dir).text("t.txt", Map.of("firstName", "$1 {{testLink}} \\")))
                .isEqualTo("$1 {{testLink}} \\");
    }

    @Test
    void misspeltPlaceholderStopsTheSendNamingFileAndPlaceholder() throws Exception {
        Files.writeString(dir.resolve("mail.txt"), "Hello {{firstname}}");
        assertThatThrownBy(() -> new MessageTemplates(dir).text("mail.txt", Map.of("firstName", "Zoë")))
                .isInstanceOf(PermanentDispatchFailure.class)
                .hasMessageContaining("mail.txt").hasMessageContaining("{{firstname}}");
    }

    @Test
    void shippedTemplatesUseOnlyKnownPlaceholders() {
        MessageTemplates shipped = new MessageTemplates(Path.of("templates"));
        Map<String, String> values = Map.of("firstName", "Zoë", "assessmentName", "Backend JVM (advanced)",
                "testLink", "https://t.example/1");
        for (String kind : new String[] {"invitation", "reminder"}) {
            for (String name : new String[] {kind + "-email.subject", kind + "-email.txt", kind + "-sms.txt"}) {
                assertThat(shipped.text(name, values)).doesNotContain("{{");
            }
            assertThat(shipped.html(kind + "-email.html", values)).contains("https://t.example/1").doesNotContain("{{");
            // One GSM-7 segment for a typical name and link.
            assertThat(shipped.text(kind + "-sms.txt", values).strip()).hasSizeLessThanOrEqualTo(160);
        }
    }
}
