package dev.candidaterouter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bean call used as an expression (a {@code method:} under setProperty, setHeader, setBody, filter, choice or split)
 * has no dot in its method string: properties and headers are named with a colon ({@code ${exchangeProperty:job}},
 * not {@code ${exchangeProperty.job}}), and a bean that needs a part of a property takes the property whole
 * ({@code storedJob(${exchangeProperty:knitEvent}, ${body})}, not {@code ${exchangeProperty.knitEvent.integrationId}}).
 * Camel 4's bean expression takes any method string with a dot in it for a chain of calls (OGNL): it copies the
 * exchange to split the chain, and again to call the method, where a string without a dot costs one copy. On the
 * routes every candidate record and every send pass through that was some 2–3% of the app's CPU (BENCHMARKS.md round
 * 27). A {@code bean:} step is not concerned: it never copies the exchange, dots or not.
 */
class RouteExpressionsTest {
    @Test
    void noBeanExpressionHasADotInItsMethodString() throws Exception {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("routes"), "*.{yaml,yml}")) {
            dir.forEach(files::add);
        }
        assertThat(files).as("route files in routes/").hasSizeGreaterThanOrEqualTo(4);
        List<String> found = new ArrayList<>();
        int expressions = 0;
        for (Path f : files) {
            List<String> methods = beanExpressionMethods(new ObjectMapper(new YAMLFactory()).readTree(f.toFile()));
            expressions += methods.size();
            methods.stream().filter(RouteExpressionsTest::looksLikeAChain).forEach(m -> found.add(f + ": " + m));
        }
        // Guards the walk: the routes call beans as expressions in many places (decide-ahead, send-dispatch, ...).
        assertThat(expressions).as("bean expressions found in routes/").isGreaterThan(20);
        assertThat(found).as("bean expressions whose method string Camel would take for a chain of calls").isEmpty();
    }

    @Test
    void theCheckFindsADotInAnExpressionAndLeavesBeanStepsAlone() throws Exception {
        JsonNode route = new ObjectMapper(new YAMLFactory()).readTree("""
                - route:
                    from:
                      uri: direct:a
                      steps:
                        - bean:
                            ref: b
                            method: "step(${exchangeProperty.job})"
                        - filter:
                            method:
                              ref: b
                              method: "claimed(${exchangeProperty.job}, ${header:Facts})"
                            steps:
                              - setProperty:
                                  name: p
                                  method:
                                    ref: b
                                    method: "ok(${exchangeProperty:job}, ${exchangeProperty.event.integrationId})"
                """);
        List<String> methods = beanExpressionMethods(route);
        assertThat(methods).containsExactly("claimed(${exchangeProperty.job}, ${header:Facts})",
                "ok(${exchangeProperty:job}, ${exchangeProperty.event.integrationId})");
        assertThat(methods).filteredOn(RouteExpressionsTest::looksLikeAChain).containsExactly(
                "claimed(${exchangeProperty.job}, ${header:Facts})",
                "ok(${exchangeProperty:job}, ${exchangeProperty.event.integrationId})");
        assertThat(looksLikeAChain("ok(${exchangeProperty:job}, ${header:Facts}, ${body})")).isFalse();
    }

    /** What Camel 4.18's BeanExpression checks ({@code OgnlHelper.isValidOgnlExpression}): a dot anywhere. */
    private static boolean looksLikeAChain(String method) {
        return method.contains(".");
    }

    /** The method strings of every {@code method:} expression in a route file, in document order. */
    private static List<String> beanExpressionMethods(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                JsonNode value = field.getValue();
                // The language "method" is an object with the bean and its method; a bean step's method is a string.
                if (field.getKey().equals("method") && value.isObject() && value.path("method").isTextual()) {
                    out.add(value.path("method").asText());
                }
                collect(value, out);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }
}
