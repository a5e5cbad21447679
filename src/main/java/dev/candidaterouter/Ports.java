package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * SERVER_PORT and MANAGEMENT_PORT must be port numbers, free, and not the same: Camel's HTTP server starts on its
 * default port after a typo, and fails to bind in the background (the process would run on, deaf) when the port is
 * taken; on one port Camel would serve the management endpoints next to the webhook.
 */
final class Ports {
    private Ports() {
    }

    static void requireFree(Settings settings) {
        requireFree(settings, "server.port", 8080, null);
        requireFree(settings, "management.port", 9876, settings.text("management.host", "127.0.0.1"));
        if (settings.integer("management.port", 9876) == settings.integer("server.port", 8080)) {
            throw new ConfigurationException("MANAGEMENT_PORT must differ from SERVER_PORT (both "
                    + settings.integer("server.port", 8080) + "): health details, info and metrics stay off the public port");
        }
    }

    /** @param host the address the server will bind, null for all of them */
    private static void requireFree(Settings settings, String key, int fallback, String host) {
        int port = settings.integer(key, fallback);
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(settings.name(key) + " must be a port number, was " + port);
        }
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port));
        } catch (IOException e) {
            // Taken, or (for MANAGEMENT_HOST) an address this machine does not have: either way the server would
            // fail to bind in the background and leave a process that answers nothing.
            throw new ConfigurationException(settings.name(key) + ": cannot listen on " + (host == null ? "" : host + ":")
                    + "port " + port + " (" + (e.getMessage() == null ? "already in use" : e.getMessage()) + ")");
        }
    }
}
