package dev.candidaterouter.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the time goes, from a JFR recording's CPU samples ({@code jdk.ExecutionSample}): the share of samples per
 * thread group, per area of code (the first frame, from the top of the stack, in a package we can name), and per
 * top method. {@code java ... ProfileSummary <file.jfr> [top]}.
 */
public final class ProfileSummary {
    /** Package prefixes, most specific first: the first one met walking down from the top of a stack names the area. */
    private static final List<String[]> AREAS = List.of(
            new String[] {"org.h2.", "H2 database"},
            new String[] {"org.postgresql.", "PostgreSQL driver"},
            new String[] {"com.zaxxer.hikari.", "connection pool"},
            new String[] {"org.drools.", "Drools"},
            new String[] {"org.kie.", "Drools"},
            new String[] {"org.mvel2.", "Drools (MVEL)"},
            new String[] {"com.fasterxml.jackson.", "Jackson JSON"},
            new String[] {"dev.candidaterouter.knit.sandbox.", "Knit sandbox (sender)"},
            new String[] {"dev.candidaterouter.", "candidate-router code"},
            new String[] {"io.vertx.", "HTTP server (Vert.x)"},
            new String[] {"io.netty.", "HTTP server (Netty)"},
            new String[] {"org.apache.camel.", "Camel routing"},
            new String[] {"org.apache.logging.", "logging"},
            new String[] {"jdk.internal.net.http.", "JDK HTTP client"},
            new String[] {"sun.nio.", "JDK I/O"},
            new String[] {"java.io.", "JDK I/O"},
            new String[] {"java.nio.", "JDK I/O"});

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 25);
    }

    static void print(Path recording, int top) throws IOException {
        Map<String, Integer> byArea = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byOwnCaller = new HashMap<>();
        int total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || event.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            RecordedFrame first = frames.get(0);
            byMethod.merge(first.getMethod().getType().getName() + "." + first.getMethod().getName(), 1, Integer::sum);
            String area = area(frames);
            byArea.merge(area, 1, Integer::sum);
            byOwnCaller.merge(area + " <- " + ownCaller(frames), 1, Integer::sum);
            String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
            byThread.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+", ""), 1, Integer::sum);
        }
        System.out.printf("JFR %s: %d CPU samples%n", recording, total);
        print("by area (first named package from the top of the stack)", byArea, total, top);
        print("by thread", byThread, total, top);
        print("by area and the candidate-router method it was called from", byOwnCaller, total, top);
        print("by top method", byMethod, total, top);
    }

    /** The first frame of our own code (past the JDBC wrapper) from the top of the stack: which call the time is spent in. */
    private static String ownCaller(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (type.startsWith("dev.candidaterouter.") && !type.startsWith("dev.candidaterouter.store.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return "(no candidate-router frame)";
    }

    private static String area(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (String[] area : AREAS) {
                if (type.startsWith(area[0])) {
                    return area[1];
                }
            }
        }
        return "JDK / other";
    }

    private static void print(String title, Map<String, Integer> counts, int total, int top) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, total),
                        e.getValue(), e.getKey()));
    }
}
