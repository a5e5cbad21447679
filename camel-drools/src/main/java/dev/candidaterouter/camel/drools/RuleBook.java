package dev.candidaterouter.camel.drools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.builder.DecisionTableConfiguration;
import org.kie.internal.builder.DecisionTableInputType;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled rules of one folder, shared by every exchange. Compiles every matching file ({@code .drl}, and
 * {@code .csv}/{@code .xls}/{@code .xlsx} decision tables) into one {@link KieBase}; when watching, recompiles off
 * the hot path after the files changed and swaps the new base in atomically — exchanges already running finish
 * on the base they started with. A change that does not compile is rejected: the previous rules keep serving and
 * {@link #status()} reports the error until the files are fixed.
 */
public final class RuleBook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleBook.class);
    private static final String RESOURCES = "src/main/resources/";
    /** Sessions a generation's pool starts with; it makes more while all are in use, as evaluations run at once. */
    private static final int SESSIONS = 2;
    /** Every build gets its own release id: builds sharing one mix packages (apache/incubator-kie#6617). */
    private static final AtomicLong BUILDS = new AtomicLong();
    private static final java.util.regex.Pattern PARSER_POSITION = java.util.regex.Pattern.compile("Line (\\d+):(\\d+)");

    private final Path dir;
    /** The location as configured (a folder, {@code file:} or {@code classpath:}), in messages and status. */
    private final String location;
    private final String filePattern;
    private final Clock clock;
    private final AtomicReference<CompiledRules> current = new AtomicReference<>();
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String rejectedFingerprint;
    private final AtomicLong rejections = new AtomicLong();
    private ScheduledFuture<?> watcher;
    private String lastSeenFingerprint;
    private final List<Consumer<CompiledRules>> versionListeners = new CopyOnWriteArrayList<>();

    public RuleBook(Path dir, String filePattern) {
        this(dir, dir.toString(), filePattern, Clock.systemUTC());
    }

    RuleBook(Path dir, String location, String filePattern, Clock clock) {
        this.dir = dir;
        this.location = location;
        this.filePattern = filePattern;
        this.clock = clock;
    }

    /** Compiles the folder for the first time. @throws RuleCompilationException listing every error */
    public synchronized void start() {
        if (current.get() == null) {
            current.set(compile(dir, location, filePattern, clock));
            lastSeenFingerprint = fingerprint();
            LOG.info("rules loaded from {}: {} rule(s) in {} file(s), version {}", location, current.get().ruleCount(),
                    current.get().files().size(), current.get().version());
            tell(current.get());
        }
    }

    /**
     * Calls {@code listener} with the rules that serve now (if the book is started) and with each new version that
     * replaces them (a reload that compiles to the same version is not news). Calls come from the thread that
     * loaded the rules: the route's start, or the folder watcher; a listener that fails is logged, never stops a
     * reload. For an application's rule history.
     */
    public synchronized void onNewVersion(Consumer<CompiledRules> listener) {
        versionListeners.add(listener);
        CompiledRules now = current.get();
        if (now != null) {
            tell(listener, now);
        }
    }

    private void tell(CompiledRules rules) {
        versionListeners.forEach(listener -> tell(listener, rules));
    }

    private void tell(Consumer<CompiledRules> listener, CompiledRules rules) {
        try {
            listener.accept(rules);
        } catch (RuntimeException e) {
            LOG.warn("a listener of rules in {} failed on version {}: {}", location, rules.version(), e.toString());
        }
    }

    /** The rules to use for one evaluation: read once per exchange. */
    public CompiledRules current() {
        CompiledRules rules = current.get();
        if (rules == null) {
            throw new IllegalStateException("rule book for " + location + " is not started");
        }
        return rules;
    }

    public RuleBookStatus status() {
        CompiledRules rules = current.get();
        return new RuleBookStatus(location, rules == null ? null : rules.version(),
                rules == null ? null : rules.loadedAt(), rules == null ? 0 : rules.ruleCount(),
                rules == null ? List.of() : rules.files(), lastError, lastErrorAt, rejections.get());
    }

    /**
     * Compiles the folder now and swaps the result in if it compiles; otherwise keeps the current rules and
     * records the error. Returns the resulting status.
     */
    public synchronized RuleBookStatus reloadNow() {
        lastSeenFingerprint = fingerprint();
        try {
            CompiledRules fresh = compile(dir, location, filePattern, clock);
            CompiledRules old = current.getAndSet(fresh);
            lastError = null;
            lastErrorAt = null;
            rejectedFingerprint = null;
            if (old == null || !old.version().equals(fresh.version())) {
                LOG.info("rules reloaded from {}: {} rule(s), version {} (was {})", location, fresh.ruleCount(), fresh.version(),
                        old == null ? "-" : old.version());
                tell(fresh);
            }
        } catch (RuleCompilationException e) {
            lastError = e.getMessage();
            lastErrorAt = clock.instant();
            rejectedFingerprint = lastSeenFingerprint;
            rejections.incrementAndGet();
            LOG.warn("rejected rules in {}; still serving version {}: {}", location,
                    current.get() == null ? "-" : current.get().version(), e.getMessage());
        } catch (RuntimeException e) {
            lastError = "rules in " + location + " could not be read: " + e.getMessage();
            lastErrorAt = clock.instant();
            rejections.incrementAndGet();
            LOG.warn(lastError, e);
        }
        return status();
    }

    /**
     * Watches the folder by polling file names, sizes and modification times every {@code delay}; a change is
     * compiled once it stayed the same for a full period, so an editor's several writes count as one change.
     * Polling rather than a WatchService: it behaves the same on every file system (container overlays,
     * network mounts) and costs a directory listing per period. The checks run on {@code scheduler}, which the
     * caller owns (the component: a thread pool of Camel's ExecutorServiceManager, shut down with the context);
     * {@link #close} stops them.
     */
    public synchronized void watch(Duration delay, ScheduledExecutorService scheduler) {
        if (watcher != null) {
            return;
        }
        long period = Math.max(50, delay.toMillis());
        watcher = scheduler.scheduleWithFixedDelay(new Runnable() {
            private String previous = lastSeenFingerprint;

            @Override
            public void run() {
                try {
                    String now = fingerprint();
                    boolean settled = now.equals(previous);
                    previous = now;
                    if (settled && !now.equals(lastSeenFingerprint) && !now.equals(rejectedFingerprint)) {
                        reloadNow();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("watching rules in {} failed: {}", location, e.getMessage());
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.cancel(false);
            watcher = null;
        }
    }

    /** Compiles without keeping anything: the problems found, empty when the folder compiles. */
    public static List<RuleProblem> check(Path dir, String filePattern) {
        try {
            compile(dir, filePattern, Clock.systemUTC());
            return List.of();
        } catch (RuleCompilationException e) {
            return e.problems();
        }
    }

    /** Compiles every matching file of {@code dir} into a fresh KieBase. */
    public static CompiledRules compile(Path dir, String filePattern, Clock clock) {
        return compile(dir, dir.toString(), filePattern, clock);
    }

    /** Compiles every matching file of {@code dir}, known as {@code location} in messages, into a fresh KieBase. */
    static CompiledRules compile(Path dir, String location, String filePattern, Clock clock) {
        List<Path> files = ruleFiles(dir, location, filePattern);
        if (files.isEmpty()) {
            throw new RuleCompilationException(location, List.of(new RuleProblem(location, 0, 0,
                    "no rule files matching " + filePattern)));
        }
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("dev.candidaterouter.rules", "rulebook", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        MessageDigest digest = sha256();
        List<String> names = new ArrayList<>();
        Map<String, byte[]> contents = new HashMap<>();
        for (Path file : files) {
            byte[] content = read(file);
            String name = file.getFileName().toString();
            names.add(name);
            contents.put(name, content);
            digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(content);
            kfs.write(resource(ks, name, content));
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> errors = builder.getResults().getMessages(Message.Level.ERROR);
        if (!errors.isEmpty()) {
            List<RuleProblem> problems = errors.stream().map(m -> problem(location, m, contents)).distinct().toList();
            throw new RuleCompilationException(location, withoutParserEcho(problems));
        }
        KieContainer container = ks.newKieContainer(releaseId);
        KieBase base = container.getKieBase();
        // The container keeps what it needs; dropping the module keeps repeated reloads from piling up modules.
        ks.getRepository().removeKieModule(releaseId);
        int rules = base.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
        String version = HexFormat.of().formatHex(digest.digest(), 0, 6);
        return new CompiledRules(base, version, List.copyOf(names), rules, clock.instant(),
                Collections.unmodifiableSortedMap(new TreeMap<>(contents)), container.newKieSessionsPool(SESSIONS));
    }

    /**
     * A rule file as a KIE resource. Decision tables say which spreadsheet format they are in: Drools reads
     * {@code .csv} as a binary Excel file otherwise and silently finds no rules.
     */
    private static Resource resource(KieServices ks, String name, byte[] content) {
        Resource resource = ks.getResources().newByteArrayResource(content).setSourcePath(RESOURCES + name);
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".xls") || lower.endsWith(".xlsx")) {
            DecisionTableConfiguration table = KnowledgeBuilderFactory.newDecisionTableConfiguration();
            table.setInputType(lower.endsWith(".csv") ? DecisionTableInputType.CSV
                    : lower.endsWith(".xlsx") ? DecisionTableInputType.XLSX : DecisionTableInputType.XLS);
            resource.setResourceType(ResourceType.DTABLE);
            resource.setConfiguration(table);
        } else {
            resource.setResourceType(ResourceType.DRL);
        }
        return resource;
    }

    private static RuleProblem problem(String location, Message m, Map<String, byte[]> contents) {
        String path = m.getPath() == null ? "" : m.getPath();
        String name = path.startsWith(RESOURCES) ? path.substring(RESOURCES.length()) : path;
        String file = name.isEmpty() ? location : location.endsWith("/") ? location + name : location + "/" + name;
        String text = m.getText() == null ? "" : m.getText().strip().replaceAll("\\s*\\n\\s*", " ");
        int line = m.getLine();
        int column = m.getColumn();
        // Parser errors carry their column only in the text ("Line 137:48 mismatched input ...", counted from 0),
        // said once here, counted from 1 as editors do.
        java.util.regex.Matcher at = PARSER_POSITION.matcher(text);
        if (column <= 0 && at.find() && Integer.parseInt(at.group(1)) == line) {
            column = Integer.parseInt(at.group(2)) + 1;
            text = (text.substring(0, at.start()) + text.substring(at.end())).replaceAll("\\s+", " ").strip();
        }
        if (column <= 0 && line > 0 && name.endsWith(".drl") && contents.containsKey(name)) {
            // Compile errors come with the rule's first line and no column (Drools drops the column it has);
            // the name they quote locates them in the rule. Only in DRL: a decision table's line numbers are those
            // of the DRL generated from it, so a search in the spreadsheet's text would point somewhere plausible
            // and wrong.
            int[] found = locate(new String(contents.get(name), java.nio.charset.StandardCharsets.UTF_8), line, text);
            if (found != null) {
                line = found[0];
                column = found[1];
            }
        }
        return new RuleProblem(file, line, column, text);
    }

    /** What compile errors quote: 'Type', method name(, or the expression that could not be analysed. */
    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile(
            "'([^']+)'|[Tt]he method (\\w+)\\(|Unable to Analyse Expression (.+?):");

    /** Line and column (1-based) of the first name the message quotes, from the rule's first line to its end. */
    private static int[] locate(String content, int fromLine, String text) {
        java.util.regex.Matcher q = QUOTED.matcher(text);
        if (!q.find()) {
            return null;
        }
        String needle = q.group(1) != null ? q.group(1) : q.group(2) != null ? q.group(2) + "(" : q.group(3).strip();
        String[] lines = content.split("\\R", -1);
        for (int i = fromLine - 1; i >= 0 && i < lines.length; i++) {
            int col = lines[i].indexOf(needle);
            if (col >= 0) {
                return new int[] {i + 1, col + 1};
            }
            if (i > fromLine - 1 && lines[i].strip().equals("end")) {
                return null;
            }
        }
        return null;
    }

    /**
     * Drools adds "Parser returned a null Package" (no line, no column) to a file's syntax errors; it says nothing
     * the errors before it did not. Kept only when it is the file's sole problem.
     */
    private static List<RuleProblem> withoutParserEcho(List<RuleProblem> problems) {
        return problems.stream().filter(p -> !(p.line() <= 0 && p.message().startsWith("Parser returned a null Package")
                && problems.stream().anyMatch(o -> o != p && o.file().equals(p.file())))).toList();
    }

    private String fingerprint() {
        StringBuilder b = new StringBuilder();
        for (Path f : ruleFiles(dir, location, filePattern)) {
            try {
                b.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                        .append(Files.getLastModifiedTime(f).toMillis()).append(';');
            } catch (IOException e) {
                b.append(f.getFileName()).append(":gone;");
            }
        }
        return b.toString();
    }

    static List<Path> ruleFiles(Path dir, String location, String filePattern) {
        List<PathMatcher> matchers = Arrays.stream(filePattern.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new RuleCompilationException(location, List.of(new RuleProblem(location, 0, 0,
                    "rules folder does not exist")));
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (Files.isRegularFile(p) && matchers.stream().anyMatch(m -> m.matches(p.getFileName()))) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list rules folder " + location, e);
        }
        files.sort(null);
        return files;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rule file " + file, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
