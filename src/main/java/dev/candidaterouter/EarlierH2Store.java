package dev.candidaterouter;

import dev.candidaterouter.config.ConfigurationException;
import dev.candidaterouter.store.Database;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Versions before SQLite became the embedded default kept their data in an H2 file beside where SQLite's now goes
 * ({@code ./data/candidate-router.mv.db}). Starting on a new, empty SQLite file beside it would forget every inbox
 * event, decision and send, and the next sync would invite everyone again: the process refuses to start instead
 * and says how to keep the H2 file or start afresh.
 */
final class EarlierH2Store {
    private EarlierH2Store() {
    }

    /** @throws ConfigurationException when {@code url} names an SQLite file not created yet next to an H2 file of the same name */
    static void refuseToStartBesideIt(String url) {
        Path sqlite = Database.sqliteFile(url).orElse(null);
        if (sqlite == null || !sqlite.toString().endsWith(".db")) {
            return;
        }
        String base = sqlite.toString().substring(0, sqlite.toString().length() - ".db".length());
        Path h2 = Path.of(base + ".mv.db");
        if (!Files.exists(sqlite) && Files.exists(h2)) {
            throw new ConfigurationException("DB_URL: " + h2 + " holds the data of an earlier version (H2), and " + sqlite
                    + " would start empty beside it, so every candidate would be decided and invited again. Keep the H2"
                    + " file with DB_URL=jdbc:h2:file:" + base + ", or move it away to start afresh on SQLite.");
        }
    }
}
