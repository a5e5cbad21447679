package dev.candidaterouter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The sandbox samples for an end-to-end run: the 24 sample candidates over and over, copy i with id {@code
 * bench_<i>} and its own email (i counts from {@code first}: a second sync's candidates are new ones); for a full
 * loop also each copy's applications (the sample candidate's own, with ids of their own: 25 applications over 24
 * candidates) and the 5 sample jobs, so that the stage gate, the simulated platform's results and the ATS writes all
 * take part.
 */
final class E2eSamples {
    private final ObjectMapper mapper = new ObjectMapper();

    /** What was written: records per data type, for the run's "all stored" condition. */
    record Written(int candidates, int applications, int jobs) {
        int records() {
            return candidates + applications + jobs;
        }
    }

    Written generate(Path from, Path to, int count, boolean withApplications) throws IOException {
        return generate(from, to, 0, count, withApplications);
    }

    Written generate(Path from, Path to, int first, int count, boolean withApplications) throws IOException {
        List<JsonNode> templates = new ArrayList<>();
        for (Path f : jsonFiles(from)) {
            templates.add(mapper.readTree(f.toFile()));
        }
        Map<String, List<JsonNode>> applicationsOf = new HashMap<>();
        List<Path> jobs = List.of();
        if (withApplications) {
            for (Path f : jsonFiles(from.resolve("applications"))) {
                JsonNode application = mapper.readTree(f.toFile());
                applicationsOf.computeIfAbsent(application.path("info").path("candidate").path("id").asText(),
                        k -> new ArrayList<>()).add(application);
            }
            jobs = jsonFiles(from.resolve("jobs"));
        }
        Files.createDirectories(to);
        Path applicationsDir = Files.createDirectories(to.resolve("applications"));
        Path jobsDir = Files.createDirectories(to.resolve("jobs"));
        int applications = 0;
        for (int i = first; i < first + count; i++) {
            JsonNode template = templates.get(i % templates.size());
            ObjectNode copy = template.deepCopy();
            ObjectNode info = (ObjectNode) copy.get("info");
            String id = String.format("bench_%07d", i);
            info.put("id", id);
            for (JsonNode email : info.path("emails")) {
                String address = email.path("email").asText("");
                if (address.contains("@")) {
                    ((ObjectNode) email).put("email", address.replace("@", "+" + i + "@"));
                }
            }
            mapper.writeValue(to.resolve(String.format("%07d.json", i)).toFile(), copy);
            int k = 0;
            for (JsonNode application : applicationsOf.getOrDefault(template.path("info").path("id").asText(), List.of())) {
                ObjectNode app = application.deepCopy();
                ObjectNode appInfo = (ObjectNode) app.get("info");
                appInfo.put("id", String.format("app_%07d_%d", i, k));
                ((ObjectNode) appInfo.get("candidate")).put("id", id);
                mapper.writeValue(applicationsDir.resolve(String.format("%07d-%d.json", i, k)).toFile(), app);
                k++;
                applications++;
            }
        }
        for (Path job : jobs) {
            Files.copy(job, jobsDir.resolve(job.getFileName()));
        }
        return new Written(count, applications, jobs.size());
    }

    private static List<Path> jsonFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }
}
