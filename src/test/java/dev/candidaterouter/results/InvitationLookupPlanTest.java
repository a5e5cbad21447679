package dev.candidaterouter.results;

import static org.assertj.core.api.Assertions.assertThat;

import dev.candidaterouter.TestDatabases;
import dev.candidaterouter.dispatch.DispatchJob;
import dev.candidaterouter.store.Database;
import dev.candidaterouter.store.Jdbc;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result finds its invitation through the index on provider ids, which on SQLite holds invitations only (V19: the
 * notifications' Message-IDs and message sids are never looked up). A lookup that stopped naming the channel would
 * read every send instead.
 */
class InvitationLookupPlanTest {
    @TempDir
    Path dir;

    @Test
    void aResultFindsItsInvitationThroughThePartialProviderIndexOnSqlite() throws Exception {
        try (Database db = TestDatabases.open("sqlite", dir)) {
            List<String> plan = new Jdbc(db.dataSource()).query("EXPLAIN QUERY PLAN " + ResultIntake.INVITATION_BY_PROVIDER_ID,
                    rs -> rs.getString("detail"), "inv-1", DispatchJob.INVITATION);
            assertThat(plan).anyMatch(step -> step.contains("USING INDEX ix_dispatch_provider (provider_id=?)"))
                    .noneMatch(step -> step.startsWith("SCAN"));
        }
    }
}
