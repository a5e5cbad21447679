package dev.candidaterouter.camel.drools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code drools:} component: runs Drools rules from a folder of rule files on each exchange's body. Endpoints
 * that name the same folder and file pattern share one compiled {@link RuleBook}, so a rule set is compiled and
 * watched once however many routes use it.
 */
@Component("drools")
public class DroolsComponent extends DefaultComponent {
    private final Map<String, RuleBook> ruleBooks = new ConcurrentHashMap<>();

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DroolsEndpoint endpoint = new DroolsEndpoint(uri, this);
        endpoint.setName(remaining);
        setProperties(endpoint, parameters);
        if (endpoint.getRulesDir() == null || endpoint.getRulesDir().isBlank()) {
            throw new IllegalArgumentException("drools:" + remaining + " needs the rulesDir option (a folder of rule files)");
        }
        return endpoint;
    }

    /** The rule book for a folder, compiled on first use. @throws RuleCompilationException when it does not compile */
    RuleBook ruleBook(String rulesDir, String filePattern, boolean reload, long reloadDelay) {
        Path dir = Path.of(rulesDir);
        String key = dir.toAbsolutePath().normalize() + "|" + filePattern;
        RuleBook book = ruleBooks.computeIfAbsent(key, k -> new RuleBook(dir, filePattern));
        book.start();
        if (reload) {
            book.watch(Duration.ofMillis(reloadDelay));
        }
        return book;
    }

    /** Every rule book in use, for health checks and status pages. */
    public Collection<RuleBook> getRuleBooks() {
        return List.copyOf(ruleBooks.values());
    }

    @Override
    protected void doStop() throws Exception {
        ruleBooks.values().forEach(RuleBook::close);
        ruleBooks.clear();
        super.doStop();
    }
}
