package dev.candidaterouter.config;

import dev.candidaterouter.logging.SecretValues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The {@code {{envsecret:NAME}}} placeholder: the value of environment variable {@code NAME}, or else the content of
 * the file named by {@code NAME_FILE} (Docker/Kubernetes secrets), or else empty. Secrets never sit in
 * application.properties, and the error for an unreadable file names the variable, never the value. Not called
 * {@code secret}: that is camel-kubernetes' function for Kubernetes secrets, which a route of ours may also want.
 */
@org.apache.camel.spi.annotations.PropertiesFunction("envsecret")
public class SecretFunction implements PropertiesFunction {
    private final Map<String, String> environment;

    public SecretFunction() {
        this(System.getenv());
    }

    SecretFunction(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public String getName() {
        return "envsecret";
    }

    @Override
    public String apply(String name) {
        String value = read(name);
        SecretValues.remember(value); // whatever is read as a secret is kept out of every log line
        return value;
    }

    private String read(String name) {
        String direct = environment.get(name);
        if (direct != null && !direct.isEmpty()) {
            return direct;
        }
        String file = environment.get(name + "_FILE");
        if (file == null || file.isBlank()) {
            return "";
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigurationException("cannot read " + name + "_FILE (" + file + "): " + e.getClass().getSimpleName());
        }
    }
}
