package dev.candidaterouter.candidate;

import java.util.List;

/**
 * An application or job record after {@link ApplicationReader} or {@link JobReader}: the typed value (null when the
 * event held nothing readable) and the problems met while reading it, each naming its field.
 */
public record ReadRecord<T>(T value, List<DataIssue> issues) {
    public ReadRecord {
        issues = NonNullList.copy(issues);
    }
}
