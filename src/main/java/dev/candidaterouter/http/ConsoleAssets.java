package dev.candidaterouter.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.webjars.WebJarVersionLocator;

/**
 * The console's files (routes/console.yaml): our own pages, script and style from the classpath folder
 * {@code console/}, and the JavaScript libraries from their WebJars ({@code /console/webjars/<name>/<file>}, the
 * version found in the jar, so a version bump is a change to the POM only). Nothing here holds data: every page
 * fetches its data from the token-checked admin API. Only a plain path of known file types is served; anything
 * else is not found.
 */
public class ConsoleAssets {
    /** What a route answers with: the file's bytes and its content type. */
    public record Asset(byte[] content, String contentType) {
    }

    private static final String PREFIX = "/console";
    private static final String OWN_FILES = "console/";
    /** Letters, digits, {@code . _ -} in each segment, no segment starting with a dot (so no {@code ..}). */
    private static final Pattern FILE = Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}/){0,6}[A-Za-z0-9_-][A-Za-z0-9._-]{0,100}");
    private static final Pattern WEBJAR = Pattern.compile("webjars/([A-Za-z0-9_-][A-Za-z0-9._-]{0,100})/(.+)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final WebJarVersionLocator webjars = new WebJarVersionLocator();

    /**
     * The file for a request path under {@code /console} ({@code /console} and {@code /console/} are the page).
     *
     * @throws UnknownAsset when there is no such file
     */
    public Asset asset(String requestPath) {
        String path = requestPath == null ? "" : requestPath;
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            throw new UnknownAsset(path);
        }
        String file = path.length() <= PREFIX.length() + 1 ? "index.html" : path.substring(PREFIX.length() + 1);
        if (!FILE.matcher(file).matches()) {
            throw new UnknownAsset(path);
        }
        String type = TYPES.get(extension(file));
        if (type == null) {
            throw new UnknownAsset(path);
        }
        Matcher webjar = WEBJAR.matcher(file);
        String resource = webjar.matches() ? webjars.fullPath(webjar.group(1), webjar.group(2)) : OWN_FILES + file;
        if (resource == null) {
            throw new UnknownAsset(path);
        }
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnknownAsset(path);
            }
            return new Asset(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read console file " + resource, e);
        }
    }

    private static String extension(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** No console file by that path (answered 404). */
    public static class UnknownAsset extends RuntimeException {
        public UnknownAsset(String path) {
            super("no console file " + path);
        }
    }
}
