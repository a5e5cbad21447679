package example;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;

/** The example as it runs: Camel Main, application.properties, the YAML route and the DRL in rules/. */
class OrdersRouteTest extends CamelMainTestSupport {

    @Test
    void theRulesPriceAnOrder() {
        Exchange big = template.request("direct:order", ex -> ex.getMessage().setBody("{\"id\": \"o-9\", \"total\": 250}"));
        Exchange small = template.request("direct:order", ex -> ex.getMessage().setBody("{\"id\": \"o-10\", \"total\": 5}"));

        assertThat(big.getMessage().getBody(Map.class)).containsEntry("id", "o-9").containsEntry("discount", 10);
        assertThat(big.getMessage().getHeader("CamelDroolsFiredRules", List.class))
                .containsExactly("Orders of 100 or more get ten percent");
        assertThat(small.getMessage().getBody(Map.class)).containsEntry("discount", 0);
    }
}
