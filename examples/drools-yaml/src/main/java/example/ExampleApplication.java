package example;

import org.apache.camel.main.Main;

/** Starts Camel Main: application.properties, the YAML routes; drools: is found on the classpath. */
public final class ExampleApplication {
    private ExampleApplication() {
    }

    public static void main(String[] args) throws Exception {
        new Main(ExampleApplication.class).run(args);
    }
}
