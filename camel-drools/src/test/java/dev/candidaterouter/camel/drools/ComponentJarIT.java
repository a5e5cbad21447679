package dev.candidaterouter.camel.drools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The jar that {@code package} built (path from the POM, run by maven-failsafe) is the component and nothing else:
 * every class is in the component's package, the generated catalog entry and service files are in it, and what it
 * asks of its users at run time is Camel's support library and Drools.
 */
class ComponentJarIT {
    private static final String PACKAGE = "dev/candidaterouter/camel/drools/";

    private final Path jar = Path.of(System.getProperty("component.jar", "target/camel-drools.jar"));

    @Test
    void holdsOnlyTheComponentsClassesAndItsGeneratedMetadata() throws Exception {
        assertThat(jar).as("the packaged jar").isRegularFile();
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(JarEntry::getName).forEach(entries::add);
        }

        assertThat(entries.stream().filter(name -> name.endsWith(".class")))
                .isNotEmpty()
                .allMatch(name -> name.startsWith(PACKAGE), "in " + PACKAGE);
        assertThat(entries).contains(
                PACKAGE + "DroolsComponent.class",
                PACKAGE + "DroolsComponentConfigurer.class",
                PACKAGE + "DroolsEndpointConfigurer.class",
                PACKAGE + "DroolsEndpointUriFactory.class",
                "META-INF/" + PACKAGE + "drools.json",
                "META-INF/services/org/apache/camel/component/drools",
                "META-INF/services/org/apache/camel/configurer/drools-component",
                "META-INF/services/org/apache/camel/configurer/drools-endpoint",
                "META-INF/services/org/apache/camel/urifactory/drools-endpoint");
    }

    @Test
    void needsOnlyCamelSupportAndDroolsAtRunTime() throws Exception {
        List<String> runtime = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile());
                InputStream pom = file.getInputStream(file.getEntry("META-INF/maven/dev.candidaterouter/camel-drools/pom.xml"))) {
            NodeList dependencies = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom)
                    .getElementsByTagName("dependency");
            for (int i = 0; i < dependencies.getLength(); i++) {
                Element dependency = (Element) dependencies.item(i);
                String scope = text(dependency, "scope");
                if (!"test".equals(scope) && !"provided".equals(scope)) {
                    runtime.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
                }
            }
        }

        assertThat(runtime).isNotEmpty().contains("org.apache.camel:camel-support", "org.drools:drools-core")
                .allMatch(d -> d.equals("org.apache.camel:camel-support") || d.startsWith("org.drools:"),
                        "camel-support or Drools");
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }
}
