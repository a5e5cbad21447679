package dev.candidaterouter.camel.drools;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieContainerSessionsPool;
import org.kie.api.runtime.StatelessKieSession;

/**
 * One compiled generation of a rule folder: the shared, thread-safe {@link KieBase} plus what identifies it.
 * {@code version} is a hash of the files' names and contents, so the same files always give the same version.
 * {@code sources} holds those files' contents by name, for a history of what ran (read them, do not change them).
 * {@code sessions} is Drools' pool of sessions on this generation; it goes with the generation when a reload replaces it.
 */
public record CompiledRules(KieBase kieBase, String version, List<String> files, int ruleCount, Instant loadedAt,
        SortedMap<String, byte[]> sources, KieContainerSessionsPool sessions) {

    /**
     * A stateless session for one evaluation. Its working memory comes from the pool and is reset when the evaluation
     * ends: building one per evaluation (node memories, segments) cost more than the rules themselves (BENCHMARKS.md
     * round 11). Facts, globals and listeners are the evaluation's own, as with a new session.
     */
    public StatelessKieSession newSession() {
        return sessions.newStatelessKieSession();
    }
}
