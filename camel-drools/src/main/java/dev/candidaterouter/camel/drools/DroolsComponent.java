package dev.candidaterouter.camel.drools;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code drools:} component: runs Drools rules from a folder of rule files, on the file system or the
 * classpath, on each exchange's body. Endpoints that name the same folder and file pattern share one compiled
 * {@link RuleBook}, so a rule set is compiled and watched once however many routes use it. A rule set is known by its endpoint name ({@code drools:<name>});
 * {@link #addRuleSetListener} tells an application about each one, e.g. to publish its state as metrics.
 *
 * <p>{@code filePattern}, {@code reload}, {@code reloadDelay} and {@code resultMode} set here (e.g.
 * {@code camel.component.drools.reload=false}) are the defaults of every endpoint; an endpoint's own option wins.
 */
@Component("drools")
public class DroolsComponent extends DefaultComponent {
    static final String DEFAULT_FILE_PATTERN = "*.drl,*.csv,*.xls,*.xlsx";

    @Metadata(defaultValue = DEFAULT_FILE_PATTERN)
    private String filePattern = DEFAULT_FILE_PATTERN;
    @Metadata(defaultValue = "true")
    private boolean reload = true;
    @Metadata(defaultValue = "500")
    private long reloadDelay = 500;
    @Metadata(defaultValue = "single")
    private DroolsResultMode resultMode = DroolsResultMode.single;

    private final Map<String, RuleBook> ruleBooks = new ConcurrentHashMap<>();
    private final Map<String, RuleBook> ruleSets = new LinkedHashMap<>();
    private final List<BiConsumer<String, RuleBook>> ruleSetListeners = new ArrayList<>();
    /** Runs the folder checks of every rule book that reloads: one thread, Camel's, stopped with the context. */
    private ScheduledExecutorService watcher;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DroolsEndpoint endpoint = new DroolsEndpoint(uri, this);
        endpoint.setName(remaining);
        endpoint.setFilePattern(filePattern);
        endpoint.setReload(reload);
        endpoint.setReloadDelay(reloadDelay);
        endpoint.setResultMode(resultMode);
        setProperties(endpoint, parameters);
        if (endpoint.getRulesDir() == null || endpoint.getRulesDir().isBlank()) {
            throw new IllegalArgumentException("drools:" + remaining
                    + " needs the rulesDir option (a folder of rule files: a path, file:path or classpath:path)");
        }
        return endpoint;
    }

    /**
     * The rule book for a location, compiled on first use, for the rule set {@code name}. Endpoints share a rule
     * book only when everything that changes how it is compiled or watched is the same: an endpoint that does not
     * reload never gets one that another endpoint's watcher swaps under it. A {@code classpath:} rule set is compiled
     * once and never watched, whatever {@code reload} says: the classpath does not change under a running process.
     * @throws RuleCompilationException when it does not compile or is not there
     */
    RuleBook ruleBook(String name, String rulesDir, String filePattern, boolean reload, long reloadDelay) {
        RuleLocation location = RuleLocation.resolve(rulesDir, getCamelContext().getClassResolver());
        boolean watch = reload && !location.classpath();
        String key = location.key() + "|" + filePattern + "|" + (watch ? "reload every " + reloadDelay + " ms" : "no reload");
        RuleBook book = ruleBooks.computeIfAbsent(key,
                k -> new RuleBook(location.folder(), location.name(), filePattern, Clock.systemUTC()));
        book.start();
        if (watch) {
            book.watch(Duration.ofMillis(reloadDelay), watcher());
        }
        List<BiConsumer<String, RuleBook>> toTell = List.of();
        synchronized (ruleSets) {
            // The first folder a name is used with is the rule set of that name.
            if (ruleSets.putIfAbsent(name, book) == null) {
                toTell = List.copyOf(ruleSetListeners);
            }
        }
        toTell.forEach(listener -> listener.accept(name, book));
        return book;
    }

    /**
     * Calls {@code listener} with the name and rule book of every rule set: those in use now, and each new one when
     * its first endpoint starts. Rule books live as long as the component, so a listener may keep reading them.
     */
    public void addRuleSetListener(BiConsumer<String, RuleBook> listener) {
        Map<String, RuleBook> known;
        synchronized (ruleSets) {
            ruleSetListeners.add(listener);
            known = new LinkedHashMap<>(ruleSets);
        }
        known.forEach(listener);
    }

    /** The rule sets in use by endpoint name (several names may share one folder's rule book). */
    public Map<String, RuleBook> getRuleSets() {
        synchronized (ruleSets) {
            return Map.copyOf(ruleSets);
        }
    }

    /** Every rule book in use, for health checks and status pages. */
    public Collection<RuleBook> getRuleBooks() {
        return List.copyOf(ruleBooks.values());
    }

    public String getFilePattern() {
        return filePattern;
    }

    /** Default for every endpoint: comma-separated globs of the files to compile. */
    public void setFilePattern(String filePattern) {
        this.filePattern = filePattern;
    }

    public boolean isReload() {
        return reload;
    }

    /** Default for every endpoint: watch the rules folder and recompile when its files change. */
    public void setReload(boolean reload) {
        this.reload = reload;
    }

    public long getReloadDelay() {
        return reloadDelay;
    }

    /** Default for every endpoint: milliseconds between checks of the rules folder. */
    public void setReloadDelay(long reloadDelay) {
        this.reloadDelay = reloadDelay;
    }

    public DroolsResultMode getResultMode() {
        return resultMode;
    }

    /** Default for every endpoint: {@code single} (the one result fact is the body) or {@code list} (all of them). */
    public void setResultMode(DroolsResultMode resultMode) {
        this.resultMode = resultMode;
    }

    private synchronized ScheduledExecutorService watcher() {
        if (watcher == null) {
            watcher = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "DroolsWatch");
        }
        return watcher;
    }

    @Override
    protected void doStop() throws Exception {
        ruleBooks.values().forEach(RuleBook::close);
        ruleBooks.clear();
        synchronized (this) {
            if (watcher != null) {
                getCamelContext().getExecutorServiceManager().shutdownNow(watcher);
                watcher = null;
            }
        }
        synchronized (ruleSets) {
            ruleSets.clear();
        }
        super.doStop();
    }
}
