package dev.candidaterouter.candidate;

import dev.candidaterouter.Application;
import dev.candidaterouter.RunningApp;
import dev.candidaterouter.store.Jdbc;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes of routes/candidate-pipeline.yaml as the application runs them (Camel Main, its configuration classes
 * and beans, the YAML loaded from the file), with the test defaults and no inbox polling to race a test's own sends.
 * A test adds its mock endpoints in {@link #configureContext}.
 */
abstract class PipelineRoutesTestSupport extends CamelMainTestSupport {
    @TempDir
    static Path home;

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        Application.configurations().forEach(configuration::addConfiguration);
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties p = new Properties();
        p.putAll(RunningApp.defaults(home));
        p.put("camel.main.routes-include-pattern", "file:routes/candidate-pipeline.yaml");
        p.put("inbox.poll-interval-ms", "3600000");
        p.put("server.port", String.valueOf(freePort()));
        p.put("management.port", String.valueOf(freePort()));
        context.withUseOverridePropertiesWithPropertiesComponent(p);
    }

    protected Jdbc jdbc() {
        return new Jdbc(context.getRegistry().lookupByNameAndType("dataSource", DataSource.class));
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
