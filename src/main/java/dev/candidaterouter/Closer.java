package dev.candidaterouter;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Closes a resource when the Camel context stops, after the routes stopped using it. */
final class Closer extends ServiceSupport {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);
    private final String name;
    private final AutoCloseable resource;

    Closer(String name, AutoCloseable resource) {
        this.name = name;
        this.resource = resource;
    }

    @Override
    protected void doStop() throws Exception {
        LOG.debug("closing {}", name);
        resource.close();
    }
}
