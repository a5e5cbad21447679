package dev.candidaterouter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that pipelines a second request behind one the server takes long to answer: Vert.x stops reading the
 * connection (back-pressure) once the waiting request's body has piled up, so the rest of that body waits in the
 * socket through no fault of the client. That wait must not count against the client's read time, or the
 * connection is closed and the first request's answer is lost with it.
 */
class PipelinedRequestTest {
    private static final Duration READ_LIMIT = Duration.ofSeconds(1);
    private static final Duration SLOW_ANSWER = Duration.ofSeconds(3);
    private static final int BODY_BYTES = 200_000;

    Vertx vertx;
    HttpServer server;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        // A high minimum rate: the body bytes read before Vert.x pauses earn next to no extra time.
        Vertx limited = new HttpServerLimits(Duration.ofSeconds(60), READ_LIMIT, 1_000_000).applyTo(vertx);
        server = limited.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/slow")) {
                vertx.setTimer(SLOW_ANSWER.toMillis(), t -> request.response().end("slow done"));
            } else {
                request.body().onSuccess(body -> request.response().end("got " + body.length()));
            }
        });
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void requestQueuedBehindASlowAnswerIsNotCutWhileTheServerHasStoppedReading() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.actualPort())) {
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    + "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + BODY_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // More body than Vert.x buffers for a queued request (it hands it on in pieces of at most 8 KB and
            // pauses the connection after a few of them): the rest waits in the socket until the slow answer is out.
            byte[] piece = new byte[8192];
            for (int sent = 0; sent < BODY_BYTES; sent += piece.length) {
                out.write(piece, 0, Math.min(piece.length, BODY_BYTES - sent));
            }
            out.flush();
            ByteArrayOutputStream answers = new ByteArrayOutputStream();
            await().atMost(SLOW_ANSWER.plusSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> readInto(socket, answers) || answers.toString(StandardCharsets.ISO_8859_1).contains("got "));
            String text = answers.toString(StandardCharsets.ISO_8859_1);
            assertThat(Pattern.compile("HTTP/1.1 200").matcher(text).results().count()).as(text).isEqualTo(2);
            assertThat(text).contains("slow done").contains("got " + BODY_BYTES);
        }
    }

    /** Adds what has arrived to {@code read}; true once the server has closed the connection. */
    private static boolean readInto(Socket socket, ByteArrayOutputStream read) {
        try {
            InputStream in = socket.getInputStream();
            int b;
            while ((b = in.read()) != -1) {
                read.write(b);
            }
            return true;
        } catch (SocketTimeoutException nothingMoreYet) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
