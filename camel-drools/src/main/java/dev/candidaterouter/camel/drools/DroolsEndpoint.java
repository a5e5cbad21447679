package dev.candidaterouter.camel.drools;

import java.util.Map;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Runs the rules of a folder on each exchange: the body (and any facts from a header) is inserted into a
 * stateless session, all rules fire, and the facts of {@code resultType} the rules produced become the body.
 *
 * <pre>
 * - to:
 *     uri: drools:assessment-routing
 *     parameters:
 *       rulesDir: "{{rules.dir}}"
 *       resultType: com.example.Decision
 * </pre>
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "drools", title = "Drools", syntax = "drools:name", producerOnly = true,
        remote = false,
        category = {Category.WORKFLOW, Category.TRANSFORMATION}, headersClass = DroolsConstants.class)
public class DroolsEndpoint extends DefaultEndpoint {
    @UriPath
    @Metadata(required = true)
    private String name;
    @UriParam
    @Metadata(required = true)
    private String rulesDir;
    // The defaults of these four are the component's (DroolsComponent), which createEndpoint copies in first.
    @UriParam(defaultValue = DroolsComponent.DEFAULT_FILE_PATTERN)
    private String filePattern = DroolsComponent.DEFAULT_FILE_PATTERN;
    @UriParam(defaultValue = "true")
    private boolean reload = true;
    @UriParam(defaultValue = "500")
    private long reloadDelay = 500;
    @UriParam
    private String resultType;
    @UriParam(defaultValue = "single")
    private DroolsResultMode resultMode = DroolsResultMode.single;
    @UriParam
    private String factsHeader;
    @UriParam
    private Map<String, Object> globals;

    // Volatile: set by the thread that starts the endpoint, read by every thread that sends to it.
    private volatile RuleBook ruleBook;
    private volatile Class<?> resultClass;

    public DroolsEndpoint(String uri, DroolsComponent component) {
        super(uri, component);
    }

    @Override
    public DroolsComponent getComponent() {
        return (DroolsComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new DroolsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("drools: is a producer only: use it in to(...)");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (resultType != null && !resultType.isBlank()) {
            resultClass = getCamelContext().getClassResolver().resolveMandatoryClass(resultType.trim());
        }
        // Compiles now: a broken rule set stops the route (and the application) from starting, with file:line:column.
        ruleBook = getComponent().ruleBook(name, rulesDir, filePattern, reload, reloadDelay);
    }

    RuleBook ruleBook() {
        RuleBook book = ruleBook;
        if (book == null) {
            // e.g. a toD whose endpoint another thread is still starting, or one used after the context stopped
            throw new IllegalStateException("drools:" + name + " is not started: its rules are compiled when it starts");
        }
        return book;
    }

    Class<?> resultClass() {
        return resultClass;
    }

    public String getName() {
        return name;
    }

    /** A name for the rule set, used in logs and the {@code CamelDroolsRuleset} header. */
    public void setName(String name) {
        this.name = name;
    }

    public String getRulesDir() {
        return rulesDir;
    }

    /**
     * Folder holding the rule files, as a Camel resource location: classpath:rules/orders (compiled once, never
     * reloaded), file:rules/orders, or a plain path, which is a file-system folder too (relative to the working
     * directory, or absolute). A classpath folder must lie in a directory or a jar on the classpath.
     */
    public void setRulesDir(String rulesDir) {
        this.rulesDir = rulesDir;
    }

    public String getFilePattern() {
        return filePattern;
    }

    /** Comma-separated globs of the files to compile: DRL and Excel/CSV decision tables by default. */
    public void setFilePattern(String filePattern) {
        this.filePattern = filePattern;
    }

    public boolean isReload() {
        return reload;
    }

    /**
     * Watch the folder and recompile when files change (file-system folders only: a classpath folder is compiled
     * once). A change that compiles replaces the rules atomically; one
     * that does not is rejected and the previous rules keep serving.
     */
    public void setReload(boolean reload) {
        this.reload = reload;
    }

    public long getReloadDelay() {
        return reloadDelay;
    }

    /** Milliseconds between checks of the folder; a change is compiled once it stayed unchanged for one period. */
    public void setReloadDelay(long reloadDelay) {
        this.reloadDelay = reloadDelay;
    }

    public String getResultType() {
        return resultType;
    }

    /**
     * Fully-qualified class of the facts that are the result: after the rules fired, the facts of this type in
     * working memory become the body. When unset, the body stays the object that was inserted (rules may have
     * changed it).
     */
    public void setResultType(String resultType) {
        this.resultType = resultType;
    }

    public DroolsResultMode getResultMode() {
        return resultMode;
    }

    /** {@code single}: the body becomes the one result (null when none, an error when several); {@code list}: a List. */
    public void setResultMode(DroolsResultMode resultMode) {
        this.resultMode = resultMode;
    }

    public String getFactsHeader() {
        return factsHeader;
    }

    /** Name of a header whose value is inserted as facts besides the body (an Iterable is inserted item by item). */
    public void setFactsHeader(String factsHeader) {
        this.factsHeader = factsHeader;
    }

    public Map<String, Object> getGlobals() {
        return globals;
    }

    /**
     * Globals for every evaluation, e.g. {@code #ruleGlobals} naming a {@code Map} bean; each name must be
     * declared as a {@code global} in the rules. They are set per evaluation, never shared between sessions.
     */
    public void setGlobals(Map<String, Object> globals) {
        this.globals = globals;
    }
}
