package dev.candidaterouter.camel.drools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rulesDir as a Camel resource location: classpath: (compiled once), file: (reloaded) and a plain path. */
class RuleLocationTest {
    private static final String LIST_OF_DISCOUNTS = "&resultType=" + Discount.class.getName() + "&resultMode=list";

    @TempDir
    Path tmp;

    CamelContext camel;
    ProducerTemplate template;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        template = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aClasspathFolderOfRulesEvaluates() {
        // src/test/resources/rules/orders/discounts.drl
        List<?> discounts = template.requestBody("drools:cp?rulesDir=classpath:rules/orders" + LIST_OF_DISCOUNTS,
                new Order("o-1", 150), List.class);
        assertThat(discounts).extracting(d -> ((Discount) d).getPercent()).containsExactlyInAnyOrder(10, 1);
        RuleBook book = component().getRuleSets().get("cp");
        assertThat(book.status().rulesDir()).isEqualTo("classpath:rules/orders");
        assertThat(book.status().files()).containsExactly("discounts.drl");
    }

    @Test
    void spellingsOfOneClasspathFolderShareOneCompiledRuleBook() {
        for (String spelling : List.of("classpath:rules/orders", "classpath:/rules/orders/", "classpath:rules/./orders",
                "classpath://rules/x/../orders")) {
            assertThat(percents("drools:cp" + Math.abs(spelling.hashCode()) + "?rulesDir=" + spelling + LIST_OF_DISCOUNTS))
                    .containsExactlyInAnyOrder(10, 1);
        }
        assertThat(component().getRuleSets()).hasSize(4);
        assertThat(component().getRuleBooks()).as("one folder, one compilation").hasSize(1);
    }

    @Test
    void aClasspathLocationAboveTheRootIsRefused() {
        assertThatThrownBy(() -> startRouteTo("drools:up?rulesDir=classpath:../rules"))
                .hasStackTraceContaining("classpath:../rules climbs above the classpath root");
    }

    @Test
    void aClasspathFolderInAJarEvaluates() throws Exception {
        Path jar = tmp.resolve("rules.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("jarred/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("jarred/big.drl"));
            out.write(DroolsComponentTest.BIG_ORDER_ONLY.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            camel.setApplicationContextClassLoader(loader);
            List<?> discounts = template.requestBody("drools:jarred?rulesDir=classpath:jarred" + LIST_OF_DISCOUNTS,
                    new Order("o-1", 150), List.class);
            assertThat(discounts).extracting(d -> ((Discount) d).getPercent()).containsExactly(20);
        }
    }

    @Test
    void aFileLocationReloadsWhenItsFilesChange() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("rules"));
        write(folder.resolve("discounts.drl"), DroolsComponentTest.BIG_ORDER_ONLY, 1);
        String uri = "drools:file-rules?rulesDir=file:" + folder.toAbsolutePath() + "&reloadDelay=100" + LIST_OF_DISCOUNTS;
        assertThat(percents(uri)).containsExactly(20);

        write(folder.resolve("discounts.drl"), DroolsComponentTest.DISCOUNT_RULES, 2);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(percents(uri)).containsExactlyInAnyOrder(10, 1));
        assertThat(component().getRuleSets().get("file-rules").status().rulesDir()).isEqualTo("file:" + folder.toAbsolutePath());
    }

    @Test
    void aMissingClasspathLocationFailsNamingIt() {
        assertThatThrownBy(() -> startRouteTo("drools:nope?rulesDir=classpath:rules/nowhere"))
                .hasStackTraceContaining("classpath:rules/nowhere")
                .hasStackTraceContaining("rules folder not found on the classpath");
    }

    @Test
    void aMissingFileLocationFailsNamingIt() {
        String missing = "file:" + tmp.resolve("nowhere").toAbsolutePath();
        assertThatThrownBy(() -> startRouteTo("drools:nope?rulesDir=" + missing))
                .hasStackTraceContaining(missing)
                .hasStackTraceContaining("rules folder does not exist");
    }

    private void startRouteTo(String uri) throws Exception {
        CamelContext other = new DefaultCamelContext();
        try {
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:in").to(uri);
                }
            });
            other.start();
        } finally {
            other.stop();
        }
    }

    private List<Integer> percents(String uri) {
        List<?> discounts = template.requestBody(uri, new Order("o", 150), List.class);
        return discounts.stream().map(d -> ((Discount) d).getPercent()).toList();
    }

    private static void write(Path file, String drl, int secondsAhead) throws Exception {
        Files.writeString(file, drl);
        // A distinct modification time per write, so the watcher sees the change within one timestamp tick.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(secondsAhead)));
    }

    private DroolsComponent component() {
        return (DroolsComponent) camel.getComponent("drools");
    }
}
