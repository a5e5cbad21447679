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
import java.util.List;
import java.util.Map;

/**
 * The embedded store's size during a run against what the same data takes once compacted. At each mark the app is
 * frozen (SIGSTOP) while its files are copied, then resumed (SIGCONT): the copy is the store as a {@code kill -9} at
 * that instant would leave it (a copy taken while the engine writes is torn). After the run each copy is opened on
 * its own — which also shows it survives such a crash — and compacted: H2 with {@code SHUTDOWN COMPACT}, SQLite with
 * {@code VACUUM INTO} a new file. The ratio store / compacted is the bloat issue 17 bounds (at most 3). For SQLite
 * the store is the database file and its write-ahead log together.
 */
final class StoreSize {
    private final boolean sqlite;
    /** The files that make up the store: H2's {@code .mv.db}; SQLite's file and its {@code -wal}. */
    private final List<Path> files;
    private final Path copies;
    private final Map<String, Long> sizes = new LinkedHashMap<>();

    private StoreSize(boolean sqlite, List<Path> files, Path copies) {
        this.sqlite = sqlite;
        this.files = files;
        this.copies = copies;
    }

    /** @param dbPath the H2 database path without {@code .mv.db}, as in the JDBC URL */
    static StoreSize h2(Path dbPath, Path copies) {
        return new StoreSize(false, List.of(Path.of(dbPath + ".mv.db")), copies);
    }

    /** @param dbFile the SQLite database file, as in the JDBC URL */
    static StoreSize sqlite(Path dbFile, Path copies) {
        return new StoreSize(true, List.of(dbFile, Path.of(dbFile + "-wal")), copies);
    }

    long currentBytes() {
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException absent) {
                // the WAL before the first write, or after a clean close
            }
        }
        return total;
    }

    /** Copies the files now, under this name, with the app (process {@code pid}) frozen meanwhile. */
    void mark(String name, long pid) throws IOException, InterruptedException {
        Files.createDirectories(copies);
        signal("-STOP", pid);
        try {
            long size = currentBytes();
            for (Path f : files) {
                if (Files.exists(f)) {
                    Files.copy(f, copyOf(name, f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            sizes.put(name, size);
        } finally {
            signal("-CONT", pid);
        }
    }

    /** H2: {@code <name>.mv.db}; SQLite: {@code <name>.db} and {@code <name>.db-wal}, so SQLite finds its log. */
    private Path copyOf(String name, Path file) {
        if (!sqlite) {
            return copies.resolve(name + ".mv.db");
        }
        return copies.resolve(name + (file.toString().endsWith("-wal") ? ".db-wal" : ".db"));
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill " + signal + " " + pid + " exited with " + exit);
        }
    }

    /** Compacts every copy and prints one RESULT line each: store size, compacted size, ratio. */
    void report() {
        sizes.forEach((name, size) -> {
            try {
                long compacted = sqlite ? vacuumedSqlite(name) : compactedH2(name);
                System.out.printf("RESULT store at %s: file %.1f MiB, compacted %.1f MiB, ratio %.2f%n", name,
                        size / 1048576.0, compacted / 1048576.0, (double) size / compacted);
            } catch (SQLException | IOException e) {
                System.out.printf("RESULT store at %s: file %.1f MiB, copy not readable: %s%n", name, size / 1048576.0,
                        e.getMessage());
            }
        });
    }

    private long compactedH2(String name) throws SQLException, IOException {
        Path copy = copies.resolve(name);
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copy, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        long compacted = Files.size(Path.of(copy + ".mv.db"));
        Files.deleteIfExists(Path.of(copy + ".mv.db"));
        return compacted;
    }

    private long vacuumedSqlite(String name) throws SQLException, IOException {
        Path copy = copies.resolve(name + ".db");
        Path vacuumed = copies.resolve(name + "-vacuumed.db");
        Files.deleteIfExists(vacuumed);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + vacuumed + "'");
        }
        long compacted = Files.size(vacuumed);
        for (String suffix : List.of(".db", ".db-wal", ".db-shm", "-vacuumed.db")) {
            Files.deleteIfExists(copies.resolve(name + suffix));
        }
        return compacted;
    }
}
