package dev.candidaterouter.knit.sandbox;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the Knit sandbox on its own, for integration engineers without a Knit account:
 * <pre>
 * java -cp ... dev.candidaterouter.knit.sandbox.KnitSandboxMain --port 8090 --api-key dev-key \
 *      --integration-id acme --webhook http://localhost:8080/webhooks/knit --samples samples/knit [--duplicates] [--shuffle]
 * </pre>
 * Prints where it listens and a curl command that starts a sync, then serves until the process is stopped.
 */
public final class KnitSandboxMain {
    static final String USAGE = """
            usage: knit-sandbox [options]
              --port N               HTTP port of the simulated Knit API (default 8090; 0 = any free port)
              --bind ADDRESS         interface to listen on (default 127.0.0.1)
              --api-key KEY          key clients must send as 'Authorization: Bearer KEY'; signs events (default: a random key, printed)
              --integration-id ID    accepted X-Knit-Integration-Id; repeat for several customers (default sandbox-integration)
              --webhook URL          where events are POSTed (default http://localhost:8080/webhooks/knit)
              --samples DIR          sample candidates: DIR/*.json for initial syncs, DIR/delta/*.json for delta syncs (default samples/knit)
              --duplicates           deliver every event twice
              --shuffle              deliver each run's records in random order
              --seed N               seed for --shuffle (default 42)
              --concurrency N        events of a run in flight at once, 1..64 (default 1: in order)
              --drop-connection      hang up after the webhook got each event once, forcing a retry
              --max-attempts N       delivery attempts per event (default 8)
              --initial-backoff-ms N first retry pause, doubled each time up to 10 s (default 200)
              --help                 this text
            """;

    private KnitSandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KnitSandbox.Settings settings;
        try {
            settings = parse(args);
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (settings == null) {
            System.out.print(USAGE);
            return;
        }
        KnitSandbox sandbox = new KnitSandbox(settings).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.stop();
            stopped.countDown();
        }, "knit-sandbox-shutdown"));
        printInstructions(sandbox, System.out);
        stopped.await();
    }

    /**
     * Reads the flags.
     *
     * @return the settings, or null when {@code --help} was asked for
     * @throws UsageException naming the flag that is unknown, lacks a value or has a bad value
     */
    static KnitSandbox.Settings parse(String[] args) {
        KnitSandbox.Settings.Builder builder = KnitSandbox.Settings.builder().port(8090).apiKey(KnitSandbox.randomApiKey())
                .webhookUrl("http://localhost:8080/webhooks/knit");
        List<String> integrationIds = new ArrayList<>();
        Path samples = Path.of("samples", "knit");
        int maxAttempts = RetryPolicy.DEFAULT.maxAttempts();
        long initialBackoffMs = RetryPolicy.DEFAULT.initialBackoff().toMillis();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            switch (flag) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--duplicates" -> builder.duplicateDeliveries(true);
                case "--shuffle" -> builder.shuffle(true);
                case "--drop-connection" -> builder.dropConnectionAfterSend(true);
                case "--port" -> builder.port(number(flag, value(args, ++i, flag)));
                case "--bind" -> builder.bindAddress(value(args, ++i, flag));
                case "--api-key" -> builder.apiKey(value(args, ++i, flag));
                case "--integration-id" -> integrationIds.add(value(args, ++i, flag));
                case "--webhook" -> builder.webhookUrl(value(args, ++i, flag));
                case "--samples" -> samples = Path.of(value(args, ++i, flag));
                case "--seed" -> builder.shuffleSeed(number(flag, value(args, ++i, flag)));
                case "--concurrency" -> builder.deliveryConcurrency(number(flag, value(args, ++i, flag)));
                case "--max-attempts" -> maxAttempts = number(flag, value(args, ++i, flag));
                case "--initial-backoff-ms" -> initialBackoffMs = number(flag, value(args, ++i, flag));
                default -> throw new UsageException("unknown option: " + flag);
            }
        }
        if (!Files.isDirectory(samples)) {
            throw new UsageException("samples folder not found: " + samples.toAbsolutePath());
        }
        if (integrationIds.isEmpty()) {
            integrationIds.add("sandbox-integration");
        }
        for (String id : integrationIds) {
            builder.integration(id, samples);
        }
        try {
            return builder.retryPolicy(new RetryPolicy(maxAttempts, Duration.ofMillis(initialBackoffMs), 2.0,
                    RetryPolicy.DEFAULT.maxBackoff())).build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static void printInstructions(KnitSandbox sandbox, PrintStream out) {
        KnitSandbox.Settings settings = sandbox.settings();
        String integrationId = settings.integrations().keySet().iterator().next();
        out.println("Knit sandbox listening on " + sandbox.baseUrl());
        out.println("Events go to " + settings.webhookUrl() + ", signed with the API key " + settings.apiKey()
                + " (a candidate-router with the same KNIT_API_KEY accepts them).");
        out.println("Integrations: " + settings.integrations());
        out.println("Start an initial sync (use \"syncType\":\"delta_sync\" for a delta sync):");
        out.println("  curl -i -X POST " + sandbox.baseUrl() + SyncStartEndpoint.PATH + " \\");
        out.println("    -H 'Authorization: Bearer " + settings.apiKey() + "' \\");
        out.println("    -H 'X-Knit-Integration-Id: " + integrationId + "' \\");
        out.println("    -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"dataType\":\"ats_candidates\",\"syncType\":\"initial_sync\"}'");
        out.println("Stop with Ctrl+C.");
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args[index];
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " needs a whole number, got '" + value + "'");
        }
    }

    /** A command line the sandbox cannot run with; the message says which flag and why. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
