package dev.vigil.plugins.alerts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * STARTTLS in front of GreenMail, which does not speak it (greenmail-mail-test/greenmail#135): this server says
 * the opening of an SMTP session itself — greeting, an EHLO answer offering only STARTTLS, the upgrade — and then
 * relays the rest, now under TLS, to GreenMail's plain SMTP port, which greets, authenticates and takes the mail.
 * It records what the client sent before and after the upgrade, so a test can see that nothing but EHLO and
 * STARTTLS went in the clear.
 */
final class StartTlsFront implements AutoCloseable {

    private final ServerSocket listener;
    private final SSLContext tls;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> plainCommands = new CopyOnWriteArrayList<>();
    private final List<String> tlsCommands = new CopyOnWriteArrayList<>();

    StartTlsFront(SSLContext tls, int upstreamPort) throws IOException {
        this.tls = tls;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Lines the client sent before the TLS handshake. */
    List<String> plainCommands() {
        return List.copyOf(plainCommands);
    }

    /** Lines the client sent under TLS (commands, and the message between DATA and its final dot). */
    List<String> tlsCommands() {
        return List.copyOf(tlsCommands);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            reply(out, "220 127.0.0.1 ESMTP STARTTLS front");
            for (String line = readLine(in); line != null; line = readLine(in)) {
                plainCommands.add(line.strip());
                switch (line.strip().split(" ", 2)[0].toUpperCase(Locale.ROOT)) {
                    case "EHLO" -> reply(out, "250-127.0.0.1\r\n250 STARTTLS");
                    case "STARTTLS" -> {
                        reply(out, "220 2.0.0 Ready to start TLS");
                        relayUnderTls(client);
                        return;
                    }
                    case "QUIT" -> {
                        reply(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> reply(out, "530 5.7.0 Must issue a STARTTLS command first");
                }
            }
        } catch (IOException e) {
            // The client went away; the test sees what was recorded and what the client made of it.
        }
    }

    private void relayUnderTls(Socket client) throws IOException {
        try (SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, null, true);
             Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            secure.setUseClientMode(false);
            secure.startHandshake();
            InputStream fromUpstream = upstream.getInputStream();
            readLine(fromUpstream); // GreenMail's greeting: the client was greeted before the upgrade
            OutputStream toClient = secure.getOutputStream();
            threads.execute(() -> {
                try {
                    fromUpstream.transferTo(toClient);
                } catch (IOException e) {
                    // one side closed
                } finally {
                    close(secure);
                }
            });
            InputStream fromClient = secure.getInputStream();
            OutputStream toUpstream = upstream.getOutputStream();
            for (String line = readLine(fromClient); line != null; line = readLine(fromClient)) {
                tlsCommands.add(line.strip());
                toUpstream.write(line.getBytes(StandardCharsets.ISO_8859_1));
                toUpstream.flush();
            }
        }
    }

    /** One line with its line ending, byte for byte; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
