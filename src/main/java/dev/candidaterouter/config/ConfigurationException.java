package dev.candidaterouter.config;

/**
 * A setting is missing or wrong. The message names the setting (the environment variable an operator sets) and
 * what it must be; it never contains a secret's value. The process reports it in one line and exits non-zero.
 */
public class ConfigurationException extends IllegalStateException {
    public ConfigurationException(String message) {
        super(message);
    }
}
