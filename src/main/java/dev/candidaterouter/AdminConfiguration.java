package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.admin.AdminViews;
import dev.candidaterouter.admin.BearerTokenAuth;
import dev.candidaterouter.camel.drools.DroolsComponent;
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

    /** ADMIN_TOKEN; unset, the admin API answers 403. */
    @BindToRegistry("adminAuth")
    public BearerTokenAuth adminAuth(@PropertyInject("admin.token") String adminToken) {
        return new BearerTokenAuth(List.of(adminToken.strip()), "admin API disabled: set ADMIN_TOKEN", "missing or wrong admin token");
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
