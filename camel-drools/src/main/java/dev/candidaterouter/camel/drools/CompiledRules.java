package dev.candidaterouter.camel.drools;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.kie.api.KieBase;

/**
 * One compiled generation of a rule folder: the shared, thread-safe {@link KieBase} plus what identifies it.
 * {@code version} is a hash of the files' names and contents, so the same files always give the same version.
 * {@code sources} holds those files' contents by name, for a history of what ran (read them, do not change them).
 */
public record CompiledRules(KieBase kieBase, String version, List<String> files, int ruleCount, Instant loadedAt,
        SortedMap<String, byte[]> sources) {
}
