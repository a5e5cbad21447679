package dev.candidaterouter.camel.drools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rule book tells its listeners each version that goes live, with the files that make it, and nothing else. */
class RuleBookVersionsTest {
    @TempDir
    Path rules;

    @Test
    void listenersHearTheServingVersionAndEachNewOneWithItsFiles() throws Exception {
        Files.writeString(rules.resolve("discounts.drl"), DroolsComponentTest.DISCOUNT_RULES);
        RuleBook book = new RuleBook(rules, "*.drl");
        List<CompiledRules> heard = new ArrayList<>();
        book.onNewVersion(heard::add);
        assertThat(heard).as("not started: nothing serves yet").isEmpty();

        book.start();
        assertThat(heard).hasSize(1);
        assertThat(new String(heard.get(0).sources().get("discounts.drl"), StandardCharsets.UTF_8))
                .isEqualTo(DroolsComponentTest.DISCOUNT_RULES);

        book.reloadNow();
        assertThat(heard).as("the same files are the same version: no news").hasSize(1);

        Files.writeString(rules.resolve("discounts.drl"), "package broken;\nrule \"half\" when String( then end\n");
        book.reloadNow();
        assertThat(heard).as("a rejected change never went live").hasSize(1);

        Files.writeString(rules.resolve("discounts.drl"), DroolsComponentTest.BIG_ORDER_ONLY);
        book.reloadNow();
        assertThat(heard).hasSize(2);
        assertThat(heard.get(1).version()).isNotEqualTo(heard.get(0).version());
        assertThat(heard.get(1).sources()).containsOnlyKeys("discounts.drl");

        List<String> late = new ArrayList<>();
        book.onNewVersion(rules -> late.add(rules.version()));
        assertThat(late).as("a listener added later hears what serves now").containsExactly(heard.get(1).version());
        book.onNewVersion(rules -> {
            throw new IllegalStateException("a listener's bug");
        });
        Files.writeString(rules.resolve("discounts.drl"), DroolsComponentTest.DISCOUNT_RULES);
        assertThat(book.reloadNow().lastError()).as("a failing listener does not fail the reload").isNull();
        assertThat(heard).hasSize(3);
        book.close();
    }
}
