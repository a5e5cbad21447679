package dev.candidaterouter.knit.sandbox;

import java.nio.file.Path;

/** A sample file could not be read or is not the JSON shape the sandbox expects; names the file and the problem. */
public class SampleLoadException extends RuntimeException {
    private final Path file;

    public SampleLoadException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
