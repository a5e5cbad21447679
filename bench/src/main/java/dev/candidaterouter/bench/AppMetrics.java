package dev.candidaterouter.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of an app's {@code /observe/metrics} (Prometheus text) on its management port, summed by metric name and
 * label filter. The e2e benchmark follows a run this way instead of reading the database itself: an embedded H2 file
 * can then stay embedded (no auto-server, whose TCP server cost 10% of the CPU in round 3), and PostgreSQL and two
 * instances are followed the same way.
 */
final class AppMetrics {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private AppMetrics(List<Sample> samples) {
        this.samples = samples;
    }

    static AppMetrics scrape(int managementPort) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("/observe/metrics answered " + answer.statusCode());
        }
        return parse(answer.body());
    }

    static AppMetrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (line.startsWith("#") || !m.find()) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            double value;
            try {
                value = Double.parseDouble(m.group(4));
            } catch (NumberFormatException notANumber) {
                continue;
            }
            samples.add(new Sample(m.group(1), labels, value));
        }
        return new AppMetrics(samples);
    }

    /** The sum of every sample of this metric (NaN counts as 0). */
    long sum(String name) {
        return sum(name, labels -> true);
    }

    long sum(String name, Predicate<Map<String, String>> labels) {
        return Math.round(total(name, labels));
    }

    /** As {@link #sum}, unrounded: for counters of seconds. */
    double total(String name) {
        return total(name, labels -> true);
    }

    double total(String name, Predicate<Map<String, String>> labels) {
        double total = 0;
        for (Sample s : samples) {
            if (s.name.equals(name) && labels.test(s.labels) && !Double.isNaN(s.value)) {
                total += s.value;
            }
        }
        return total;
    }

    static Predicate<Map<String, String>> label(String key, String... values) {
        List<String> allowed = List.of(values);
        return labels -> allowed.contains(labels.get(key));
    }
}
