package dev.candidaterouter.candidate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The fields of a stored record (an application, an order) that could not be read, kept as a JSON list of
 * {@code {field, problem}} beside the record so that the candidate's profile can show them when it is assembled.
 */
final class StoredDataIssues {
    private static final TypeReference<List<DataIssue>> ISSUES = new TypeReference<>() {
    };

    private final ObjectMapper mapper;

    StoredDataIssues(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The column's value: null when there is no issue. */
    String toColumn(List<DataIssue> issues) {
        if (issues == null || issues.isEmpty()) {
            return null;
        }
        try {
            return mapper.writeValueAsString(issues);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("data issues could not be written as JSON", e);
        }
    }

    /** The issues a column holds; an unreadable column is itself one issue, never a failure. */
    List<DataIssue> fromColumn(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return mapper.readValue(json, ISSUES);
        } catch (JsonProcessingException e) {
            return List.of(new DataIssue("data_issues", "stored issues unreadable: " + e.getOriginalMessage()));
        }
    }
}
