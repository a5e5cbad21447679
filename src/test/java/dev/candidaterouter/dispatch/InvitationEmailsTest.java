package dev.candidaterouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The MIME message of an invitation email goes to exactly one recipient, whatever a stored profile holds. */
class InvitationEmailsTest {
    private final InvitationEmails emails = new InvitationEmails();

    private static ChannelPayloads.EmailMessage to(String address) {
        return new ChannelPayloads.EmailMessage(address, "assessments@example.com", "Your assessment", "Hello", "<p>Hello</p>",
                "<key@candidate-router>");
    }

    @Test
    void oneAddressIsTheOneRecipient() throws Exception {
        assertThat(emails.mime(to("zoe@example.com")).getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
                .containsExactly("zoe@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@x.com,bob", "a@x.com, b@y.com", "Bob <b@x.com>", "team: a@x.com, b@y.com;", ""})
    void aFieldThatIsNotExactlyOneAddressFailsForGoodWithoutRepeatingIt(String field) {
        assertThatThrownBy(() -> emails.mime(to(field))).isInstanceOf(PermanentDispatchFailure.class)
                .hasMessageContaining("not exactly one valid address").hasMessageNotContaining("@x.com");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"zoe@exämple.de, zoe@xn--exmple-cua.de", "li@例子.广告, li@xn--fsqu00a.xn--4rr70v",
        "jane@EXAMPLE.com, jane@EXAMPLE.com"})
    void anInternationalDomainIsAddressedInItsAsciiForm(String field, String recipient) throws Exception {
        jakarta.mail.internet.MimeMessage message = emails.mime(to(field));

        assertThat(message.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly(recipient);
        assertThat(message.getHeader("To", null)).isEqualTo(recipient);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zoë@exämple.de", "josé@example.es"})
    void aNonAsciiLocalPartIsNotSent(String field) {
        assertThatThrownBy(() -> emails.mime(to(field))).isInstanceOf(PermanentDispatchFailure.class)
                .hasMessageContaining("not exactly one valid address").hasMessageNotContaining("example");
    }
}
