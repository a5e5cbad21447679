package dev.candidaterouter.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.candidaterouter.camel.drools.DroolsComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each drools: rule set gets its own readiness check, and a rejected change shows on its check only. */
class RuleSetHealthCheckTest {
    private static final String RULE = """
            package checks;
            rule "Any text is seen"
            when
                String()
            then
            end
            """;

    @TempDir
    Path tmp;
    CamelContext camel;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void everyRuleSetHasItsOwnCheckAndARejectedChangeShowsOnlyOnItsOwn() throws Exception {
        Path routing = write(tmp.resolve("routing"), RULE);
        Path results = write(tmp.resolve("results"), RULE.replace("Any text", "Every text"));
        camel = new DefaultCamelContext();
        RuleSetHealthCheck.publishAll(camel.getComponent("drools", DroolsComponent.class), camel.getRegistry(), null);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:routing").to("drools:routing?reloadDelay=50&rulesDir=file:" + routing);
                from("direct:results").to("drools:results?reloadDelay=50&rulesDir=file:" + results);
            }
        });
        camel.start();
        // As the application's camel.health.exposure-level: every check's result, not only a summary of the UP ones.
        HealthCheckRegistry.get(camel).setExposureLevel("full");

        Map<String, Object> routingBefore = check("rules-routing").getDetails();
        Map<String, Object> resultsBefore = check("rules-results").getDetails();
        assertThat(routingBefore).containsEntry("ruleset", "routing").containsEntry("rules", 1)
                .containsEntry("rejected", false).containsKey("version");
        assertThat(resultsBefore).containsEntry("ruleset", "results").containsEntry("rejected", false);
        assertThat(check("rules-routing").getState()).isEqualTo(HealthCheck.State.UP);

        write(routing, "package checks;\nrule \"half a rule\" when String( then end\n");

        await().atMost(Duration.ofSeconds(10))
                .until(() -> Boolean.TRUE.equals(check("rules-routing").getDetails().get("rejected")));
        HealthCheck.Result rejected = check("rules-routing");
        assertThat(rejected.getState()).as("the previous rules still serve").isEqualTo(HealthCheck.State.UP);
        assertThat(rejected.getDetails()).containsKey("rejectedAt")
                .containsEntry("version", routingBefore.get("version"));
        assertThat(String.valueOf(rejected.getDetails().get("rejectedChange"))).contains("rules.drl:2:");
        assertThat(check("rules-results").getDetails()).as("the other rule set is untouched")
                .containsEntry("rejected", false).containsEntry("version", resultsBefore.get("version"))
                .doesNotContainKey("rejectedAt");
    }

    private HealthCheck.Result check(String id) {
        return HealthCheckHelper.invoke(camel).stream().filter(r -> r.getCheck().getId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no health check " + id));
    }

    private static Path write(Path folder, String drl) throws Exception {
        Files.createDirectories(folder);
        Path file = folder.resolve("rules.drl");
        Files.writeString(file, drl);
        // A modification time the watcher cannot miss within one timestamp tick.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(Files.exists(file) ? 5 : 0)));
        return folder;
    }
}
