package dev.candidaterouter.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.RunningApp;
import dev.candidaterouter.TestEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold a connection without finishing their request (slowloris): on raw sockets, one that connects
 * and says nothing, one that trickles its headers, one that trickles its body, and one that stays silent after a
 * complete request. The server closes each within its limit: 2 s for the headers, a body at 1 KB/s at least,
 * 6 s idle. A body that arrives slowly but steadily above that rate is read however long it takes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientFaultTest {
    private static final Duration READ_LIMIT = Duration.ofSeconds(2);
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(6);
    private static final int MIN_BODY_BYTES_PER_SECOND = 1024;

    @TempDir
    static Path home;

    RunningApp app;

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new HashMap<>(RunningApp.defaults(home));
        settings.put("http.request-read-timeout-seconds", String.valueOf(READ_LIMIT.toSeconds()));
        settings.put("http.idle-timeout-seconds", String.valueOf(IDLE_LIMIT.toSeconds()));
        settings.put("http.min-request-bytes-per-second", String.valueOf(MIN_BODY_BYTES_PER_SECOND));
        app = RunningApp.start(home, settings);
    }

    @AfterAll
    void stop() {
        app.close();
    }

    @Test
    void connectionThatSendsNothingIsClosedAfterTheReadLimit() throws Exception {
        try (Socket socket = connect()) {
            awaitClosedWithinReadLimit(socket, null);
        }
    }

    @Test
    void clientTricklingItsHeadersIsClosedAfterTheReadLimit() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /webhooks/knit HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            // One more header byte at every poll: the connection is never idle, yet the headers never end.
            awaitClosedWithinReadLimit(socket, "a");
        }
    }

    @Test
    void clientTricklingItsBodyIsClosedAfterTheReadLimit() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "POST /webhooks/knit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"eventId\":\"");
            awaitClosedWithinReadLimit(socket, "x");
        }
    }

    @Test
    void webhookWhoseBodyArrivesSlowlyButAboveTheMinimumRateIsAcceptedAfterTheReadLimit() throws Exception {
        // A signed event padded (JSON allows trailing white space) to 10 KB, sent at about 2.5 KB/s: some 4 s,
        // twice the read limit, yet well above the minimum rate and never idle.
        StringBuilder json = new StringBuilder(Webhook.newCandidate("slow-upload-" + TestEvents.newId()));
        while (json.length() < 10_240) {
            json.append(' ');
        }
        byte[] body = TestEvents.bytes(json.toString());
        StringBuilder head = new StringBuilder("POST /webhooks/knit HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        TestEvents.signedHeaders(body).forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        try (Socket socket = connect()) {
            send(socket, head.append("\r\n").toString());
            long started = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int at = 0; at < body.length; at += 256) {
                        out.write(body, at, Math.min(256, body.length - at));
                        out.flush();
                        LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // pacing the upload, not waiting
                    }
                } catch (IOException cut) {
                    // the server closed the connection: the answer below never comes, and the test says so
                }
            }, "slow-uploader");
            writer.start();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            // Until the answer's head has come, or the server has closed the connection (then the answer is empty).
            await().atMost(IDLE_LIMIT.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> readInto(socket, answer) || answer.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n"));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(READ_LIMIT);
            assertThat(answer.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
            writer.join(Duration.ofSeconds(5).toMillis());
        }
    }

    @Test
    void connectionSilentAfterACompleteRequestIsClosedAfterTheIdleLimit() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET /observe/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            // The answer comes, and the keep-alive connection is then left alone until it has been idle too long.
            StringBuilder answer = new StringBuilder();
            await().atMost(Duration.ofSeconds(10)).until(() -> answer.append(readAvailable(socket)).indexOf("\r\n\r\n") > 0);
            assertThat(answer).startsWith("HTTP/1.1 200");
            await().atLeast(IDLE_LIMIT.minusSeconds(2)).atMost(IDLE_LIMIT.plusSeconds(6))
                    .pollInterval(Duration.ofMillis(100)).until(() -> closedByServer(socket, null));
        }
    }

    /** Closed after the read limit — not before (it is that limit), and well before the idle limit. */
    private static void awaitClosedWithinReadLimit(Socket socket, String trickle) {
        await().atLeast(READ_LIMIT.dividedBy(2)).atMost(IDLE_LIMIT.minusSeconds(1))
                .pollInterval(Duration.ofMillis(200)).until(() -> closedByServer(socket, trickle));
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", app.port());
        socket.setSoTimeout(50);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Sends {@code trickle} (if any), then true once the server has closed the connection. */
    private static boolean closedByServer(Socket socket, String trickle) {
        try {
            if (trickle != null) {
                send(socket, trickle);
            }
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** Adds what has arrived to {@code read}; true once the server has closed the connection. */
    private static boolean readInto(Socket socket, ByteArrayOutputStream read) {
        try {
            int b;
            while ((b = socket.getInputStream().read()) != -1) {
                read.write(b);
            }
            return true;
        } catch (SocketTimeoutException nothingMoreYet) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static String readAvailable(Socket socket) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = socket.getInputStream().read()) != -1) {
                read.write(b);
            }
        } catch (SocketTimeoutException enough) {
            // what has arrived so far
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
