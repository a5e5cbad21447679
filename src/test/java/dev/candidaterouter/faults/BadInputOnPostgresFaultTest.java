package dev.candidaterouter.faults;

import dev.candidaterouter.Postgres;
import dev.candidaterouter.RunningApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;

/**
 * The bad-input corpus on PostgreSQL, which is stricter than H2 about text (no NUL characters in TEXT columns):
 * the same answers and stored outcomes are expected.
 */
@Tag("faults")
class BadInputOnPostgresFaultTest extends BadInputFaultTest {
    @Override
    protected Map<String, String> settings(Path home) throws Exception {
        Map<String, String> s = RunningApp.defaults(home);
        s.put("db.url", Postgres.freshSchemaUrl());
        s.put("db.user", Postgres.USER);
        s.put("db.password", Postgres.PASSWORD);
        return s;
    }

    @Override
    protected String scenario() {
        return "bad-input-postgres";
    }
}
