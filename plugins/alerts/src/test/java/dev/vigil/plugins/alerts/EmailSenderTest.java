package dev.vigil.plugins.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * How the SMTP server's answers become delivery results: a scripted SMTP server on loopback answers each command
 * as a test says (GreenMail, in EmailChannelIT, accepts every recipient and every sender).
 */
class EmailSenderTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Alert ALERT = new Alert(7, "disk", Map.of("mount", "/"), "system.disk_percent",
                                                 Severity.CRITICAL, Alert.ACTIVE, 97, 95, "disk almost full", NOW,
                                                 NOW, null, null, null, null, null);

    /** Answers greeting, EHLO, MAIL, RCPT and DATA with 2xx/3xx unless {@code script} says otherwise. */
    private static final class ScriptedSmtp implements AutoCloseable {
        private final ServerSocket listener;
        private final List<String> commands = new CopyOnWriteArrayList<>();
        private final Thread thread;

        ScriptedSmtp(String greeting, UnaryOperator<String> script) throws IOException {
            listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
            thread = Thread.ofVirtual().start(() -> {
                while (!listener.isClosed()) {
                    try (Socket client = listener.accept()) {
                        serve(client, greeting, script);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket client, String greeting, UnaryOperator<String> script) throws IOException {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(),
                                                                         StandardCharsets.ISO_8859_1));
            OutputStream out = client.getOutputStream();
            reply(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                commands.add(line);
                String verb = line.split("[ :]", 2)[0].toUpperCase(Locale.ROOT);
                String scripted = script.apply(line);
                if (scripted != null) {
                    reply(out, scripted);
                    continue;
                }
                switch (verb) {
                    case "EHLO" -> reply(out, "250 test.example.com");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        while (!".".equals(in.readLine())) {
                            // the message
                        }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 2.1.0 ok");
                }
            }
        }

        private static void reply(OutputStream out, String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            thread.interrupt();
        }
    }

    private static SendResult send(ScriptedSmtp server, List<String> to) {
        Channel channel = new Channel("mail", ChannelType.EMAIL, null, null, null, null, null, null,
                                      "alerts@example.com", to, null,
                                      new Channel.Smtp("127.0.0.1", server.port(), Channel.Tls.NONE, null, null,
                                                       Duration.ofSeconds(5)), null);
        return new EmailSender(Optional.empty()).send(channel, new Notification(Change.FIRED, ALERT, NOW));
    }

    @Test
    void anAcceptedMailIsSentWithTheServersReplyCode() throws Exception {
        try (ScriptedSmtp server = new ScriptedSmtp("220 test ESMTP", line -> null)) {
            SendResult result = send(server, List.of("ops@example.com"));
            assertTrue(result.ok(), String.valueOf(result));
            assertEquals(250, result.status());
            assertTrue(server.commands.contains("RCPT TO:<ops@example.com>"), server.commands.toString());
        }
    }

    @Test
    void aRefusedRecipientAmongOthersIsNotSentAgainToThoseWhoGotIt() throws Exception {
        try (ScriptedSmtp server = new ScriptedSmtp("220 test ESMTP", line -> line.contains("<nobody@example.com>")
                ? "550 5.1.1 <nobody@example.com>: no such user" : null)) {
            SendResult result = send(server, List.of("ops@example.com", "nobody@example.com"));
            assertFalse(result.ok());
            assertTrue(result.permanent(), String.valueOf(result));
            assertEquals(550, result.status());
            assertEquals("only some recipients took the mail (1 did): 550 5.1.1 <nobody@example.com>: no such user",
                         result.error());
            assertTrue(server.commands.contains("DATA"), "the others got it: " + server.commands);
        }
    }

    @Test
    void aPermanentRefusalIsFinalAndATemporaryOneIsTriedAgain() throws Exception {
        try (ScriptedSmtp server = new ScriptedSmtp("220 test ESMTP", line -> line.startsWith("RCPT")
                ? "550 5.7.1 relaying denied" : null)) {
            SendResult result = send(server, List.of("ops@example.com"));
            assertTrue(result.permanent(), String.valueOf(result));
            assertEquals(550, result.status());
            assertTrue(result.error().contains("relaying denied"), result.error());
        }
        try (ScriptedSmtp server = new ScriptedSmtp("220 test ESMTP", line -> line.startsWith("MAIL")
                ? "451 4.3.0 try again later" : null)) {
            SendResult result = send(server, List.of("ops@example.com"));
            assertFalse(result.ok());
            assertFalse(result.permanent(), String.valueOf(result));
            assertEquals(451, result.status());
            assertTrue(result.error().contains("try again later"), result.error());
        }
    }

    @Test
    void aServerThatRefusesToServeIsFinal() throws Exception {
        try (ScriptedSmtp server = new ScriptedSmtp("554 5.3.2 no service here", line -> null)) {
            SendResult result = send(server, List.of("ops@example.com"));
            assertFalse(result.ok());
            assertTrue(result.permanent(), String.valueOf(result));
            assertEquals(554, result.status());
        }
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Channel channel = new Channel("mail", ChannelType.EMAIL, null, null, null, null, null, null,
                                          "alerts@example.com", List.of("ops@example.com"), null,
                                          new Channel.Smtp("127.0.0.1", silent.getLocalPort(), Channel.Tls.NONE,
                                                           null, null, Duration.ofMillis(300)), null);
            SendResult result = new EmailSender(Optional.empty()).send(channel, new Notification(Change.FIRED, ALERT,
                                                                                                 NOW));
            assertFalse(result.permanent(), String.valueOf(result));
            assertNull(result.status());
            assertTrue(result.error().startsWith("no answer from 127.0.0.1:" + silent.getLocalPort() + " within"),
                       result.error());
        }
    }
}
