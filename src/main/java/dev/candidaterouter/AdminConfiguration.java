package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.admin.AdminViews;
import dev.candidaterouter.admin.BearerTokenAuth;
import dev.candidaterouter.admin.Overview;
import dev.candidaterouter.camel.drools.DroolsComponent;
import dev.candidaterouter.http.ConsoleAssets;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' view (routes/admin.yaml): the admin API's token and its views of the tables and rules. The last
 * configuration class: it also says in one line what was configured.
 */
public class AdminConfiguration implements CamelConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AdminConfiguration.class);

    @BeanInject
    KnitConnection knit;
    @PropertyInject("dispatch.mode")
    String dispatchMode;
    @PropertyInject("rules.dir")
    String rulesDir;

    /**
     * ADMIN_TOKEN, or the console's CONSOLE_TOKEN: the console is an admin client (it reads and replays), so its
     * token is an admin token of its own, to hand out and rotate apart from the operators' scripts. Neither set,
     * the admin API answers 403.
     */
    @BindToRegistry("adminAuth")
    public BearerTokenAuth adminAuth(@PropertyInject("admin.token") String adminToken,
            @PropertyInject("console.token") String consoleToken) {
        return new BearerTokenAuth(List.of(adminToken.strip(), consoleToken.strip()),
                "admin API disabled: set ADMIN_TOKEN (or CONSOLE_TOKEN)", "missing or wrong admin token");
    }

    @BindToRegistry("overview")
    public Overview overview(DataSource dataSource, ObjectMapper mapper, Clock clock) {
        return new Overview(dataSource, mapper, clock);
    }

    @BindToRegistry("consoleAssets")
    public ConsoleAssets consoleAssets() {
        return new ConsoleAssets();
    }

    @BindToRegistry("adminViews")
    public AdminViews adminViews(DataSource dataSource, ObjectMapper mapper, CamelContext context) {
        return new AdminViews(dataSource, mapper, context.getComponent("drools", DroolsComponent.class));
    }

    @Override
    public void configure(CamelContext context) {
        LOG.info("candidate-router configured: knit={} ({} integration(s)), dispatch={}, rules={}", knit.mode(),
                knit.integrationIds().size(), dispatchMode, rulesDir);
    }
}
