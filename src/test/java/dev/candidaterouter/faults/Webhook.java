package dev.candidaterouter.faults;

import dev.candidaterouter.TestEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** Posts signed webhook bodies to one application as Knit does, several at a time, and counts what it sent. */
final class Webhook implements AutoCloseable {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().executor(pool).build();
    private final AtomicLong sent = new AtomicLong();
    private final URI uri;
    private final Duration timeout;

    Webhook(int port) {
        this(port, Duration.ofSeconds(60));
    }

    /** @param timeout how long Knit waits for an answer before it counts the delivery as failed */
    Webhook(int port, Duration timeout) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/webhooks/knit");
        this.timeout = timeout;
    }

    /** Posts all bodies (at most 16 in flight); the HTTP statuses in the same order, {@link #NO_ANSWER} for none. */
    List<Integer> postAll(List<String> bodies) {
        List<Integer> statuses = new ArrayList<>(bodies.size());
        List<CompletableFuture<Integer>> batch = new ArrayList<>();
        for (String body : bodies) {
            batch.add(send(body));
            if (batch.size() == 16) {
                batch.forEach(f -> statuses.add(f.join()));
                batch.clear();
            }
        }
        batch.forEach(f -> statuses.add(f.join()));
        return statuses;
    }

    /** The status recorded for a delivery that got no answer within the timeout (or lost its connection). */
    static final int NO_ANSWER = -1;

    long sent() {
        return sent.get();
    }

    private CompletableFuture<Integer> send(String body) {
        byte[] raw = TestEvents.bytes(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(raw));
        TestEvents.signedHeaders(raw).forEach(request::header);
        sent.incrementAndGet();
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((answer, error) -> error == null ? answer.statusCode() : NO_ANSWER);
    }

    /** A new candidate with a skill the rules route (so every one of them is invited). */
    static String newCandidate(String candidateId) {
        String[] skills = {"Java", "Python", "Go", "React", "SQL"};
        String skill = skills[Math.floorMod(candidateId.hashCode(), skills.length)];
        return TestEvents.candidate("record.new", TestEvents.newId(), candidateId, skill, "Expert", "2025-01-01T00:00:00Z");
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
