package dev.candidaterouter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded H2 file's size during a run against what the same data takes once compacted. At each mark the app is
 * frozen (SIGSTOP) while its file is copied, then resumed (SIGCONT): the copy is the file as a {@code kill -9} at
 * that instant would leave it (a copy taken while H2 writes is torn: H2 reuses freed space in place). After the run
 * each copy is opened on its own — which also shows it survives such a crash — and compacted with {@code SHUTDOWN
 * COMPACT}. The ratio file / compacted is the bloat issue 17 bounds (at most 3).
 */
final class StoreSize {
    private final Path file;
    private final Path copies;
    private final Map<String, Long> sizes = new LinkedHashMap<>();

    /** @param dbPath the H2 database path without {@code .mv.db}, as in the JDBC URL */
    StoreSize(Path dbPath, Path copies) {
        this.file = Path.of(dbPath + ".mv.db");
        this.copies = copies;
    }

    long currentBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Copies the file now, under this name, with the app (process {@code pid}) frozen meanwhile. */
    void mark(String name, long pid) throws IOException, InterruptedException {
        Files.createDirectories(copies);
        signal("-STOP", pid);
        try {
            long size = currentBytes();
            Files.copy(file, copies.resolve(name + ".mv.db"), StandardCopyOption.REPLACE_EXISTING);
            sizes.put(name, size);
        } finally {
            signal("-CONT", pid);
        }
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill " + signal + " " + pid + " exited with " + exit);
        }
    }

    /** Compacts every copy and prints one RESULT line each: file size, compacted size, ratio. */
    void report() {
        sizes.forEach((name, size) -> {
            Path copy = copies.resolve(name);
            try {
                try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy, "sa", "");
                     Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN COMPACT");
                }
                long compacted = Files.size(Path.of(copy + ".mv.db"));
                System.out.printf("RESULT store at %s: file %.1f MiB, compacted %.1f MiB, ratio %.2f%n", name,
                        size / 1048576.0, compacted / 1048576.0, (double) size / compacted);
                Files.deleteIfExists(Path.of(copy + ".mv.db"));
            } catch (SQLException | IOException e) {
                System.out.printf("RESULT store at %s: file %.1f MiB, copy not readable: %s%n", name, size / 1048576.0,
                        e.getMessage());
            }
        });
    }
}
