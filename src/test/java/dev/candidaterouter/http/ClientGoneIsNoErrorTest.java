package dev.candidaterouter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.CapturedLogs;
import dev.candidaterouter.RunningApp;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that hangs up mid-request is logged as what it is, one INFO line naming the request, not as an ERROR. */
class ClientGoneIsNoErrorTest {
    @TempDir
    Path home;

    @Test
    void aClientClosingMidBodyIsOneInfoLineNamingTheRequestAndNoError() throws Exception {
        try (CapturedLogs logs = CapturedLogs.capture(); RunningApp app = RunningApp.start(home, RunningApp.defaults(home))) {
            try (Socket socket = new Socket("127.0.0.1", app.uri("/").getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhooks/knit HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"eventId\":").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } // closed with 99,990 bytes of the body still to come

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    logs.text().contains("HTTP POST /webhooks/knit: the client closed the connection before the answer"));
            assertThat(logs.text()).doesNotContain("Unhandled exception in router").doesNotContain("ERROR");
        }
    }
}
