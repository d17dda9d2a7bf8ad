package dev.vigil.plugins.alerts;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * {@code type: email}: one mail over SMTP per attempt (Jakarta Mail), with a plain-text and an HTML part. The server's
 * certificate is checked as every TLS client of the JVM checks one — against the JVM's trust store, and for the
 * host name — so a private CA is added to that trust store (see the README), never trusted by a setting here.
 */
final class EmailSender implements ChannelSender {

    private static final int ERROR_SHOWN = 500;
    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)\\b");

    private final Optional<URI> publicUrl;

    /** @param publicUrl the server's {@code server.public-url}, for the link to the alert */
    EmailSender(Optional<URI> publicUrl) {
        this.publicUrl = publicUrl;
    }

    @Override
    public SendResult send(Channel channel, Notification notification) {
        long started = System.nanoTime();
        EmailMessage mail = EmailMessage.of(channel, notification, publicUrl.orElse(null));
        Channel.Smtp smtp = channel.smtp();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Jakarta Mail finds its SMTP provider (META-INF/javamail.providers, ServiceLoader) and Jakarta Activation
        // the handlers of text/plain and text/html (META-INF/mailcap) through the context class loader. Under PF4J
        // they are in this plugin's class loader, not in the kernel's that a delivery thread starts with.
        thread.setContextClassLoader(EmailSender.class.getClassLoader());
        SMTPTransport transport = null;
        try {
            Session session = Session.getInstance(properties(smtp));
            MimeMessage message;
            try {
                message = mime(session, channel, mail, notification);
            } catch (MessagingException e) {
                return SendResult.failedForGood(null, started, "the mail cannot be built: " + describe(e));
            }
            transport = (SMTPTransport) session.getTransport("smtp");
            transport.connect(smtp.host(), smtp.port(), smtp.username(), smtp.password());
            transport.sendMessage(message, message.getAllRecipients());
            return SendResult.sent(transport.getLastReturnCode(), started);
        } catch (MessagingException e) {
            return failure(e, transport, smtp, started);
        } finally {
            close(transport);
            thread.setContextClassLoader(previous);
        }
    }

    /** Session settings, from the channel's {@code smtp} alone. */
    private static Properties properties(Channel.Smtp smtp) {
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.host", smtp.host());
        properties.setProperty("mail.smtp.port", Integer.toString(smtp.port()));
        String millis = Long.toString(smtp.timeout().toMillis());
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        properties.setProperty("mail.smtp.auth", Boolean.toString(smtp.username() != null));
        switch (smtp.tls()) {
            case NONE -> {
            }
            case STARTTLS -> {
                // Required, not merely tried: a server (or someone in between) that offers no STARTTLS gets no
                // password and no mail in the clear.
                properties.setProperty("mail.smtp.starttls.enable", "true");
                properties.setProperty("mail.smtp.starttls.required", "true");
            }
            case TLS -> properties.setProperty("mail.smtp.ssl.enable", "true");
        }
        properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
        // A recipient the server refuses must not keep the alert from the others.
        properties.setProperty("mail.smtp.sendpartial", "true");
        return properties;
    }

    private static MimeMessage mime(Session session, Channel channel, EmailMessage mail, Notification notification)
            throws MessagingException {
        MimeMessage message = new IdentifiedMessage(session, mail.messageId());
        message.setFrom(new InternetAddress(channel.from(), true));
        List<InternetAddress> recipients = new ArrayList<>();
        for (String to : channel.to()) {
            recipients.add(new InternetAddress(to, true));
        }
        message.setRecipients(Message.RecipientType.TO, recipients.toArray(InternetAddress[]::new));
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(notification.sentAt()));
        // RFC 3834: no out-of-office answers to alerts.
        message.setHeader("Auto-Submitted", "auto-generated");
        if (mail.threadId() != null && !mail.threadId().equals(mail.messageId())) {
            message.setHeader("In-Reply-To", mail.threadId());
            message.setHeader("References", mail.threadId());
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
        // multipart/alternative lists the plainest part first; clients show the last one they can.
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        message.setContent(alternative);
        return message;
    }

    /**
     * What went wrong, and whether trying again can help. A 5xx reply is the server's permanent refusal (RFC 5321
     * 4.2.1): a wrong password or a refused sender, recipient or message is refused again, and repeating a refused
     * login can lock the account. A 4xx, a refused connection, a timeout or a TLS failure may pass.
     */
    private static SendResult failure(MessagingException e, SMTPTransport transport, Channel.Smtp smtp,
                                      long started) {
        if (Thread.currentThread().isInterrupted()) {
            return SendResult.failedForGood(null, started, "the plugin stopped during the attempt");
        }
        Integer code = replyCode(e, transport);
        String error = describe(e);
        if (e instanceof SendFailedException partial && partial.getValidSentAddresses() != null
                && partial.getValidSentAddresses().length > 0) {
            // Sent again, the mail would reach those who already have it. The first message is the DATA's 250.
            return SendResult.failedForGood(code, started, "only some recipients took the mail ("
                    + partial.getValidSentAddresses().length + " did): "
                    + (partial.getNextException() == null ? error : describe(partial.getNextException())));
        }
        if (causedBy(e, SocketTimeoutException.class)) {
            error = "no answer from " + smtp.host() + ":" + smtp.port() + " within "
                    + Durations.format(smtp.timeout()) + ": " + error;
        }
        return code != null && code >= 500 ? SendResult.failedForGood(code, started, error)
                : SendResult.failed(code, started, error);
    }

    /**
     * The server's refusal (4xx, 5xx) of the failed command, when it answered one. After a partial send the first
     * exception carries the DATA's 250; the refused recipient's code follows it.
     */
    private static Integer replyCode(MessagingException e, SMTPTransport transport) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SMTPSendFailedException failed && failed.getReturnCode() >= 400) {
                return failed.getReturnCode();
            }
            if (cause instanceof SMTPAddressFailedException failed && failed.getReturnCode() >= 400) {
                return failed.getReturnCode();
            }
            if (cause instanceof AuthenticationFailedException && cause.getMessage() != null) {
                Matcher matcher = REPLY_CODE.matcher(cause.getMessage());
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
        }
        // A refused greeting or command without an exception of its own: the last reply, if it was a refusal
        // (after a refused STARTTLS-less EHLO, say, the last reply is the EHLO's 250, which says nothing).
        if (transport != null && transport.getLastReturnCode() >= 400) {
            return transport.getLastReturnCode();
        }
        return null;
    }

    /**
     * The messages along the exception's chain, each once ({@code Couldn't connect to host ...: Connection refused});
     * a cause whose message its wrapper already quotes is left out.
     */
    private static String describe(Throwable e) {
        StringBuilder described = new StringBuilder();
        int shown = 0;
        for (Throwable cause = e; cause != null && shown < 5; cause = cause.getCause()) {
            String message = (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())
                    .strip().replaceAll("\\s+", " ");
            if (!described.toString().contains(message)) {
                described.append(described.isEmpty() ? "" : ": ").append(message);
                shown++;
            }
        }
        String text = described.toString();
        return text.length() > ERROR_SHOWN ? text.substring(0, ERROR_SHOWN) + "…" : text;
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void close(SMTPTransport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // The mail went or did not; a failed QUIT changes neither.
        }
    }

    /** Keeps the Message-ID chosen for threading: {@code saveChanges()} would replace it with a random one. */
    private static final class IdentifiedMessage extends MimeMessage {

        private final String id;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
