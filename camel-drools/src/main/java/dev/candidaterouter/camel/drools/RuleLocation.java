package dev.candidaterouter.camel.drools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.camel.spi.ClassResolver;

/**
 * Where a rule set's files are, from the {@code rulesDir} option in Camel's resource spelling (as {@code mustache:}
 * and {@code jsonata:} take their templates): {@code file:rules} or a plain {@code rules} is a folder on the file
 * system, watched for changes; {@code classpath:rules/orders} is a folder on the classpath, compiled once (what is
 * on the classpath does not change while the application runs). A classpath folder is listed where it lies: in a
 * directory of the classpath, or in a jar (through the JDK's zip file system). Folders that only a special class
 * loader can reach (a jar nested in a jar) cannot be listed portably; such a location fails with that said.
 *
 * @param folder the folder to list and read
 * @param name the location as the user wrote it, for messages and status
 * @param classpath whether it came from the classpath (never watched)
 * @param key the same for every spelling of one location ({@code classpath:rules/x}, {@code classpath:/rules/x/};
 *     {@code rules}, {@code file:rules}, {@code ./rules}), so endpoints on one folder share one compiled rule book
 */
public record RuleLocation(Path folder, String name, boolean classpath, String key) {
    static final String CLASSPATH = "classpath:";
    static final String FILE = "file:";

    /**
     * Where {@code rulesDir} points. A {@code classpath:} folder must exist now (its jar is opened to list it); a
     * file-system folder is not checked here.
     * @throws RuleCompilationException when a classpath folder is not on the classpath
     * @throws IllegalArgumentException when a classpath location cannot be listed or climbs above the root
     */
    public static RuleLocation resolve(String rulesDir, ClassResolver classResolver) {
        String location = rulesDir.trim();
        if (location.startsWith(CLASSPATH)) {
            String path = classpathPath(location);
            return new RuleLocation(classpathFolder(location, path, classResolver), location, true, CLASSPATH + path);
        }
        Path folder = Path.of(location.startsWith(FILE) ? location.substring(FILE.length()) : location);
        return new RuleLocation(folder, location, false, folder.toAbsolutePath().normalize().toString());
    }

    /** The resource path a class loader takes: no leading or trailing slash, no empty, "." or ".." segments. */
    private static String classpathPath(String location) {
        String path = location.substring(CLASSPATH.length()).replace('\\', '/');
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (segments.pollLast() == null) {
                    throw new IllegalArgumentException(location + " climbs above the classpath root");
                }
                continue;
            }
            segments.addLast(segment);
        }
        return String.join("/", segments);
    }

    private static Path classpathFolder(String location, String path, ClassResolver classResolver) {
        URL url = classResolver.loadResourceAsURL(path);
        if (url == null) {
            throw new RuleCompilationException(location, List.of(new RuleProblem(location, 0, 0,
                    "rules folder not found on the classpath")));
        }
        try {
            URI uri = url.toURI();
            try {
                return Path.of(uri);
            } catch (FileSystemNotFoundException e) {
                // A folder inside a jar: open the jar's zip file system once; it stays open for the process, as the
                // rules in it stay on the classpath.
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException opened) {
                    // another rule set opened the same jar meanwhile
                }
                return Path.of(uri);
            }
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            throw new IllegalArgumentException(location + " is at " + url + ", which cannot be listed as a folder: put the"
                    + " rules in a folder or a jar on the classpath, or use a file: location", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + url + " to list " + location, e);
        }
    }
}
