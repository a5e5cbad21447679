package dev.candidaterouter.camel.drools;

import java.time.Instant;
import java.util.List;
import org.kie.api.KieBase;

/**
 * One compiled generation of a rule folder: the shared, thread-safe {@link KieBase} plus what identifies it.
 * {@code version} is a hash of the files' names and contents, so the same files always give the same version.
 */
public record CompiledRules(KieBase kieBase, String version, List<String> files, int ruleCount, Instant loadedAt) {
}
