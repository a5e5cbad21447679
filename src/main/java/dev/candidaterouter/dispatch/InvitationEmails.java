package dev.candidaterouter.dispatch;

import dev.candidaterouter.candidate.SingleEmailAddress;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Builds the MIME message camel-mail sends: {@code multipart/alternative} with the plain-text and HTML parts in
 * UTF-8, and our {@code Message-ID} derived from the dispatch key. camel-mail sends a {@link MimeMessage} body as
 * it is, through its configured SMTP session; building it here is what lets the Message-ID survive, since
 * jakarta.mail otherwise replaces it with a random one when the message is saved.
 */
public class InvitationEmails {

    public MimeMessage mime(ChannelPayloads.EmailMessage email) throws MessagingException {
        MimeMessage message = new KeyedMimeMessage(email.messageId());
        message.setFrom(new InternetAddress(email.from()));
        // Exactly one recipient: parse() would turn "a@x.com,bob" into two. Profiles are checked when assembled;
        // this also covers profiles stored before that check, and fails the send for good (retrying cannot help).
        InternetAddress to = SingleEmailAddress.parse(email.to()).orElseThrow(() -> new PermanentDispatchFailure(
                "the candidate's email is not exactly one valid address; not sent"));
        message.setRecipient(MimeMessage.RecipientType.TO, to);
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        // Least preferred first (RFC 2046 §5.1.4): clients that can show HTML pick the last part.
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        message.saveChanges();
        return message;
    }

    /** A message whose Message-ID is ours, kept when jakarta.mail saves changes before sending. */
    static final class KeyedMimeMessage extends MimeMessage {
        private final String messageId;

        KeyedMimeMessage(String messageId) {
            super((Session) null);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
