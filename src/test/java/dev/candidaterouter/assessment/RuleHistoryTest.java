package dev.candidaterouter.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.camel.drools.CompiledRules;
import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rule history keeps each version that went live with its files, diffs any two, and knows who serves what. */
class RuleHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final String V1 = """
            package history;
            rule "Any text is seen"
            when
                String()
            then
            end
            """;

    @TempDir
    Path tmp;
    Database database;

    @BeforeEach
    void open() throws Exception {
        database = TestDatabases.open("h2", tmp);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void eachVersionThatWentLiveIsKeptWithItsFilesAndAnyTwoDiff() throws Exception {
        CompiledRules first = compile("one", V1);
        CompiledRules second = compile("two", V1.replace("Any text is seen", "Every text is seen"));
        RuleHistory history = history("instance-a", T0);
        history.wentLive("routing", first);
        history("instance-a", T0.plusSeconds(60)).wentLive("routing", second);
        history("instance-b", T0.plusSeconds(90)).wentLive("routing", second); // a second instance: no new version
        history("instance-a", T0.plusSeconds(120)).wentLive("routing", first); // back to the first: a new activation

        assertThat(history.versions("routing")).extracting(RuleHistory.Version::version)
                .containsExactly(first.version(), second.version());
        RuleHistory.Version v1 = history.versions("routing").get(0);
        assertThat(v1.firstLiveAt()).isEqualTo(T0);
        assertThat(v1.lastActivatedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(v1.firstInstance()).isEqualTo("instance-a");
        assertThat(v1.files()).containsExactly("rules.drl");
        assertThat(history.versions("other")).isEmpty();

        RuleHistory.Diff diff = history.diff("routing", first.version(), second.version());
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.changed()).containsOnlyKeys("rules.drl");
        assertThat(diff.changed().get("rules.drl"))
                .contains("--- " + first.version() + "/rules.drl")
                .contains("+++ " + second.version() + "/rules.drl")
                .contains("-rule \"Any text is seen\"")
                .contains("+rule \"Every text is seen\"");
        assertThat(history.diff("routing", first.version(), first.version()).changed()).isEmpty();
        assertThatThrownBy(() -> history.diff("routing", first.version(), "0000nope"))
                .isInstanceOf(UnknownRuleVersion.class).hasMessageContaining("no version '0000nope'");
    }

    @Test
    void theInstancesHeardFromLatelyAndTheVersionEachServes() throws Exception {
        CompiledRules first = compile("one", V1);
        CompiledRules second = compile("two", V1.replace("Any text", "Every text"));
        history("instance-a", T0).wentLive("routing", first);
        history("instance-b", T0).wentLive("routing", first);
        history("instance-b", T0.plusSeconds(5)).wentLive("routing", second);
        history("instance-c", T0.minusSeconds(300)).wentLive("routing", second); // stopped long ago

        RuleHistory now = history("instance-a", T0.plusSeconds(10));
        assertThat(now.served("routing", Duration.ofSeconds(30))).extracting(RuleHistory.Served::instanceId,
                RuleHistory.Served::version).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("instance-a", first.version()),
                        org.assertj.core.groups.Tuple.tuple("instance-b", second.version()));

        history("instance-a", T0.plusSeconds(100)).stillServing();
        assertThat(history("instance-a", T0.plusSeconds(110)).served("routing", Duration.ofSeconds(30)))
                .extracting(RuleHistory.Served::instanceId).containsExactly("instance-a");
    }

    @Test
    void aDatabaseOutageNeverFailsTheRulesGoingLive() throws Exception {
        CompiledRules rules = compile("one", V1);
        RuleHistory history = history("instance-a", T0);
        database.close();
        history.wentLive("routing", rules); // logged, not thrown: the rules serve whatever the history says
        database = TestDatabases.open("h2", tmp);
    }

    @Test
    void aVersionThatCouldNotBeWrittenIsWrittenAtTheNextSignOfLife() throws Exception {
        CompiledRules rules = compile("one", V1);
        RuleHistory history = new RuleHistory(new UnreachableFirst(database.dataSource()), new ObjectMapper(),
                Clock.fixed(T0, ZoneOffset.UTC), "instance-a");
        history.wentLive("routing", rules);
        assertThat(history.versions("routing")).as("the first write failed").isEmpty();

        history.stillServing();

        assertThat(history.versions("routing")).extracting(RuleHistory.Version::version).containsExactly(rules.version());
        assertThat(history.served("routing", Duration.ofMinutes(1))).extracting(RuleHistory.Served::version)
                .containsExactly(rules.version());
    }

    /** A data source whose first connection fails, as during a short database outage. */
    private static final class UnreachableFirst extends org.springframework.jdbc.datasource.DelegatingDataSource {
        private boolean failed;

        UnreachableFirst(javax.sql.DataSource target) {
            super(target);
        }

        @Override
        public java.sql.Connection getConnection() throws java.sql.SQLException {
            if (!failed) {
                failed = true;
                throw new java.sql.SQLTransientConnectionException("database unreachable (test)");
            }
            return super.getConnection();
        }
    }

    private RuleHistory history(String instance, Instant now) {
        return new RuleHistory(database.dataSource(), new ObjectMapper(), Clock.fixed(now, ZoneOffset.UTC), instance);
    }

    private CompiledRules compile(String folder, String drl) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(folder));
        Files.writeString(dir.resolve("rules.drl"), drl);
        return RuleBook.compile(dir, "*.drl", Clock.systemUTC());
    }
}
