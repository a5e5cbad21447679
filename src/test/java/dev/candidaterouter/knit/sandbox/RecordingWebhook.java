package dev.candidaterouter.knit.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToIntFunction;

/**
 * The webhook the sandbox delivers to in tests: keeps every request's raw bytes and headers in arrival order and
 * answers with a status chosen per request (200 unless told otherwise).
 */
final class RecordingWebhook implements AutoCloseable {
    /** One received POST. */
    record Delivery(byte[] body, String signature, String integrationId, String executionId, String contentType,
                    long receivedAtNanos, JsonNode json) {
        String eventId() {
            return json.path("eventId").asText();
        }

        String eventType() {
            return json.path("eventType").asText();
        }

        String recordId() {
            return json.path("recordId").asText(null);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpServer server;
    private volatile ToIntFunction<Delivery> answer = delivery -> 200;

    RecordingWebhook() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/webhooks/knit", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                var headers = exchange.getRequestHeaders();
                Delivery delivery = new Delivery(body, headers.getFirst("X-Knit-Signature"),
                        headers.getFirst("X-Knit-Integration-Id"), headers.getFirst("X-Knit-Execution-Id"),
                        headers.getFirst("Content-Type"), System.nanoTime(), MAPPER.readTree(body));
                deliveries.add(delivery);
                exchange.sendResponseHeaders(answer.applyAsInt(delivery), -1);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    /** Chooses the status code for each request from now on. */
    void answerWith(ToIntFunction<Delivery> answer) {
        this.answer = answer;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/knit";
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    List<Delivery> deliveriesOf(String eventId) {
        return deliveries.stream().filter(delivery -> delivery.eventId().equals(eventId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
