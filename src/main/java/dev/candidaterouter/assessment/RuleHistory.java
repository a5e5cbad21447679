package dev.candidaterouter.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.candidaterouter.camel.drools.CompiledRules;
import dev.candidaterouter.store.Jdbc;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule history: every version of a rule set that went live on an instance, with its files (so that any two can
 * be diffed, and a decision's {@code ruleset_version} names the rules that made it), and what each instance serves
 * now, refreshed while it runs, so that instances sharing a database that serve different versions show it.
 */
public class RuleHistory {
    private static final Logger LOG = LoggerFactory.getLogger(RuleHistory.class);
    /** How a binary file (a spreadsheet decision table) is kept in the files' JSON. */
    static final String BASE64 = "base64:";

    /** A version as the history lists it. */
    public record Version(String version, int ruleCount, Instant firstLiveAt, String firstInstance, Instant lastActivatedAt,
            List<String> files) {
    }

    /** What one instance serves, and since when; {@code seenAt} is its last sign of life. */
    public record Served(String instanceId, String version, Instant since, Instant seenAt) {
    }

    /** The differences between two versions: one unified diff per file that changed, and the files added or removed. */
    public record Diff(String ruleset, String from, String to, List<String> added, List<String> removed,
            Map<String, String> changed) {
    }

    private final Jdbc jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final String instanceId;
    /** Per rule set, the version that went live and is not in the history yet (the database was unreachable). */
    private final Map<String, CompiledRules> unwritten = new ConcurrentHashMap<>();

    public RuleHistory(DataSource dataSource, ObjectMapper mapper, Clock clock, String instanceId) {
        this.jdbc = new Jdbc(dataSource);
        this.mapper = mapper;
        this.clock = clock;
        this.instanceId = instanceId;
    }

    /**
     * Records that {@code rules} went live for {@code ruleset} on this instance: the version with its files (once per
     * version), an activation, and this instance's served version. Never fails the caller: the rules serve whether
     * or not their history could be written (a database outage must not stop a reload); it is logged, and written
     * at the next {@link #stillServing()}.
     */
    public void wentLive(String ruleset, CompiledRules rules) {
        unwritten.put(ruleset, rules);
        if (write(ruleset, rules)) {
            unwritten.remove(ruleset, rules);
        }
    }

    private boolean write(String ruleset, CompiledRules rules) {
        try {
            Instant now = clock.instant();
            jdbc.inTransaction(() -> {
                jdbc.insertIfAbsent("""
                        INSERT INTO ruleset_version (ruleset, version, files_json, rule_count, first_live_at, first_instance)
                        VALUES (?, ?, ?, ?, ?, ?)""", ruleset, rules.version(), filesJson(rules.sources()), rules.ruleCount(),
                        now, instanceId);
                jdbc.update("INSERT INTO ruleset_activation (ruleset, version, instance_id, activated_at) VALUES (?, ?, ?, ?)",
                        ruleset, rules.version(), instanceId, now);
                if (jdbc.update("UPDATE ruleset_served SET version = ?, since = ?, seen_at = ? WHERE instance_id = ? AND ruleset = ?",
                        rules.version(), now, now, instanceId, ruleset) == 0) {
                    jdbc.update("INSERT INTO ruleset_served (instance_id, ruleset, version, since, seen_at) VALUES (?, ?, ?, ?, ?)",
                            instanceId, ruleset, rules.version(), now, now);
                }
                return null;
            });
            return true;
        } catch (RuntimeException e) {
            LOG.warn("rule set {} version {} is live but its history could not be written (tried again every 10 s): {}",
                    ruleset, rules.version(), e.getMessage());
            return false;
        }
    }

    /**
     * This instance is still running: writes any version that went live while the database could not be reached,
     * and refreshes its {@code seen_at}.
     */
    public void stillServing() {
        unwritten.forEach((ruleset, rules) -> {
            if (write(ruleset, rules)) {
                unwritten.remove(ruleset, rules);
            }
        });
        jdbc.update("UPDATE ruleset_served SET seen_at = ? WHERE instance_id = ?", clock.instant(), instanceId);
    }

    /** The instances seen within {@code freshness} and the version of {@code ruleset} each serves. */
    public List<Served> served(String ruleset, Duration freshness) {
        return jdbc.query("""
                SELECT instance_id, version, since, seen_at FROM ruleset_served
                 WHERE ruleset = ? AND seen_at >= ? ORDER BY instance_id""",
                rs -> new Served(rs.getString(1), rs.getString(2), Jdbc.instant(rs, "since"), Jdbc.instant(rs, "seen_at")),
                ruleset, clock.instant().minus(freshness));
    }

    /** Every version of {@code ruleset} that went live, the latest activation first. */
    public List<Version> versions(String ruleset) {
        return jdbc.query("""
                SELECT v.version, v.rule_count, v.first_live_at, v.first_instance, v.files_json,
                       (SELECT MAX(a.activated_at) FROM ruleset_activation a WHERE a.ruleset = v.ruleset AND a.version = v.version)
                           AS last_activated_at
                  FROM ruleset_version v WHERE v.ruleset = ?
                 ORDER BY last_activated_at DESC, v.first_live_at DESC""",
                rs -> new Version(rs.getString(1), rs.getInt(2), Jdbc.instant(rs, "first_live_at"), rs.getString(4),
                        Jdbc.instant(rs, "last_activated_at"), List.copyOf(files(rs.getString(5)).keySet())),
                ruleset);
    }

    /**
     * What changed from version {@code from} to version {@code to} of {@code ruleset}.
     *
     * @throws UnknownRuleVersion when either version is not in the history
     */
    public Diff diff(String ruleset, String from, String to) {
        Map<String, String> before = filesOf(ruleset, from);
        Map<String, String> after = filesOf(ruleset, to);
        List<String> added = new ArrayList<>(after.keySet());
        added.removeAll(before.keySet());
        List<String> removed = new ArrayList<>(before.keySet());
        removed.removeAll(after.keySet());
        Map<String, String> changed = new LinkedHashMap<>();
        for (String name : new TreeSet<>(after.keySet())) {
            String old = before.getOrDefault(name, "");
            String now = after.get(name);
            if (!old.equals(now)) {
                List<String> oldLines = old.lines().toList();
                List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(from + "/" + name, to + "/" + name, oldLines,
                        DiffUtils.diff(oldLines, now.lines().toList()), 3);
                changed.put(name, String.join("\n", unified));
            }
        }
        for (String name : removed) {
            List<String> oldLines = before.get(name).lines().toList();
            changed.put(name, String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(from + "/" + name, to + "/" + name,
                    oldLines, DiffUtils.diff(oldLines, List.of()), 3)));
        }
        return new Diff(ruleset, from, to, added, removed, changed);
    }

    private Map<String, String> filesOf(String ruleset, String version) {
        String json = jdbc.queryOne("SELECT files_json FROM ruleset_version WHERE ruleset = ? AND version = ?",
                rs -> rs.getString(1), ruleset, version)
                .orElseThrow(() -> new UnknownRuleVersion("rule set " + ruleset + " has no version '" + version
                        + "' in its history (GET /admin/rules/" + ruleset + "/versions lists them)"));
        return files(json);
    }

    private Map<String, String> files(String json) {
        try {
            return mapper.readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored rule files are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Text files as text (diffable); anything that is not UTF-8 (a spreadsheet) as base64. */
    private String filesJson(Map<String, byte[]> sources) {
        Map<String, String> files = new TreeMap<>();
        sources.forEach((name, content) -> files.put(name, text(content)));
        try {
            return mapper.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return BASE64 + Base64.getEncoder().encodeToString(content);
        }
    }
}
