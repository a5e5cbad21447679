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
 */
record RuleLocation(Path folder, String name, boolean classpath) {
    static final String CLASSPATH = "classpath:";
    static final String FILE = "file:";

    static RuleLocation resolve(String rulesDir, ClassResolver classResolver) {
        String location = rulesDir.trim();
        if (location.startsWith(CLASSPATH)) {
            return new RuleLocation(classpathFolder(location, classResolver), location, true);
        }
        String path = location.startsWith(FILE) ? location.substring(FILE.length()) : location;
        return new RuleLocation(Path.of(path), location, false);
    }

    private static Path classpathFolder(String location, ClassResolver classResolver) {
        String path = location.substring(CLASSPATH.length());
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
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
