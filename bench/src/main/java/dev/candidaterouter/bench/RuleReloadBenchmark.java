package dev.candidaterouter.bench;

import dev.candidaterouter.camel.drools.RuleBook;
import dev.candidaterouter.camel.drools.RuleBookStatus;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Issue 5: how long one reload of the shipped rules takes ({@link RuleBook#reloadNow()}: list, read, compile,
 * swap). This is the time a rules change takes to reach the pipeline after the watcher noticed it, and the CPU
 * it takes from the pipeline meanwhile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RuleReloadBenchmark {
    private RuleBook ruleBook;

    @Setup(Level.Trial)
    public void setUp() {
        ruleBook = new RuleBook(Path.of("rules"), "*.drl");
        ruleBook.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ruleBook.close();
    }

    @Benchmark
    public RuleBookStatus reloadNow() {
        RuleBookStatus status = ruleBook.reloadNow();
        if (status.lastError() != null) {
            throw new IllegalStateException("shipped rules did not compile: " + status.lastError());
        }
        return status;
    }
}
