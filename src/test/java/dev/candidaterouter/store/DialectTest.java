package dev.candidaterouter.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** SQLite's moments: fixed-width UTC text, so that text order is time order (the claim and due queries rely on it). */
class DialectTest {
    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void aMomentIsMicrosecondUtcTextOfOneWidth() {
        assertThat(Dialect.SQLITE.moment(Instant.parse("2026-12-01T09:30:00Z"))).isEqualTo("2026-12-01T09:30:00.000000Z");
        assertThat(Dialect.SQLITE.moment(Instant.parse("2026-02-03T04:05:06.007008999Z")))
                .as("nanoseconds cut to microseconds").isEqualTo("2026-02-03T04:05:06.007008Z");
        assertThat(Dialect.SQLITE.moment(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000000Z");
        assertThat(Dialect.SQLITE.moment(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00.000000Z");
        assertThat(Dialect.SQLITE.moment(Instant.parse("9999-12-31T23:59:59.999999Z"))).isEqualTo("9999-12-31T23:59:59.999999Z");
    }

    @Test
    void everyMomentReadsAsTheFormatterWritesIt() {
        SplittableRandom random = new SplittableRandom(17);
        long from = Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(from, to), random.nextInt(1_000_000_000));
            assertThat(Dialect.SQLITE.moment(instant)).as("%s", instant).isEqualTo(PATTERN.format(instant));
        }
    }

    @Test
    void otherDatabasesBindTheMomentAsATimestamp() {
        Instant instant = Instant.parse("2026-12-01T09:30:00Z");
        assertThat(Dialect.POSTGRES.moment(instant)).isEqualTo(instant.atOffset(ZoneOffset.UTC));
        assertThat(Dialect.H2.moment(instant)).isEqualTo(instant.atOffset(ZoneOffset.UTC));
    }
}
