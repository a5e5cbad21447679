package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * FieldReader reads Knit's usual date and timestamp shapes by hand (IsoMoments) and leaves the rest to the ISO
 * formatters (formattedInstant, formattedDate): both ways must read every text alike.
 */
class IsoMomentsTest {

    @Test
    void readsKnitsUsualShapes() {
        assertThat(FieldReader.parseInstant("2025-01-20T00:30:00Z")).contains(Instant.parse("2025-01-20T00:30:00Z"));
        assertThat(FieldReader.parseInstant(" 2025-01-20T00:30:00.123+01:30 "))
                .contains(Instant.parse("2025-01-19T23:00:00.123Z"));
        assertThat(FieldReader.parseInstant("2025-01-20T00:30:00.000000001-05:00"))
                .contains(Instant.parse("2025-01-20T05:30:00.000000001Z"));
        assertThat(FieldReader.parseInstant("2025-01-20T00:30:00")).as("no zone: UTC")
                .contains(Instant.parse("2025-01-20T00:30:00Z"));
        assertThat(FieldReader.parseDate("2024-02-29")).contains(LocalDate.of(2024, 2, 29));
        assertThat(IsoMoments.instant("2025-01-20T00:30:00Z")).isNotNull();
        assertThat(IsoMoments.date("2024-02-29")).isNotNull();
    }

    @Test
    void leavesOtherShapesAndImpossibleValuesToTheFormatters() {
        // Not read by hand, yet valid ISO: the formatters still read them.
        assertThat(IsoMoments.instant("2025-01-20T00:30Z")).isNull();
        assertThat(FieldReader.parseInstant("2025-01-20T00:30Z")).contains(Instant.parse("2025-01-20T00:30:00Z"));
        assertThat(IsoMoments.instant("2025-01-20T00:30:00+01:00[Europe/Paris]")).isNull();
        assertThat(FieldReader.parseInstant("2025-01-20T00:30:00+01:00[Europe/Paris]"))
                .contains(Instant.parse("2025-01-19T23:30:00Z"));
        assertThat(FieldReader.parseInstant("2025-01-20")).as("a plain date: its UTC midnight")
                .contains(Instant.parse("2025-01-20T00:00:00Z"));
        // No such moment either way.
        for (String impossible : new String[] {"2025-02-30T00:00:00Z", "2025-13-01T00:00:00Z", "2025-01-01T24:00:00Z",
                "2025-01-01T00:00:60Z", "2025-01-01T00:00:00+19:00", "2025-01-01T00:00:00.1234567890Z"}) {
            assertThat(IsoMoments.instant(impossible)).as(impossible).isNull();
            assertThat(FieldReader.parseInstant(impossible)).as(impossible).isEmpty();
        }
        assertThat(IsoMoments.date("2023-02-29")).isNull();
        assertThat(FieldReader.parseDate("2023-02-29")).isEmpty();
    }

    @Test
    void readsRandomTextsAsTheFormattersDo() {
        SplittableRandom random = new SplittableRandom(23);
        int byHand = 0;
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            String text = randomMoment(random);
            String stripped = text.strip();
            Optional<Instant> formatted = FieldReader.formattedInstant(stripped);
            assertThat(FieldReader.parseInstant(text)).as("instant of '%s'", text).isEqualTo(formatted);
            assertThat(FieldReader.parseDate(text)).as("date of '%s'", text).isEqualTo(FieldReader.formattedDate(stripped));
            byHand += IsoMoments.instant(stripped) != null ? 1 : 0;
            refused += formatted.isEmpty() ? 1 : 0;
        }
        // The texts exercised both ways: many read by hand, many refused (and some valid ones left to the formatters).
        assertThat(byHand).isGreaterThan(10_000);
        assertThat(refused).isGreaterThan(10_000);
    }

    /** Dates and timestamps near Knit's shapes, with values out of range and shapes the hand path leaves alone. */
    private static String randomMoment(SplittableRandom r) {
        StringBuilder s = new StringBuilder();
        if (r.nextInt(40) == 0) {
            s.append(r.nextBoolean() ? "+" : "-").append(pad(r.nextInt(100_000), 5));
        } else {
            s.append(pad(r.nextInt(10_000), 4));
        }
        s.append('-').append(pad(r.nextInt(14), 2)).append('-').append(pad(r.nextInt(33), 2));
        if (r.nextInt(4) > 0) {
            s.append(r.nextInt(30) == 0 ? "t" : "T").append(pad(r.nextInt(26), 2)).append(':').append(pad(r.nextInt(61), 2));
            if (r.nextInt(10) > 0) {
                s.append(':').append(pad(r.nextInt(62), 2));
                int fraction = r.nextInt(14) - 2;
                if (fraction >= 0) {
                    s.append('.');
                    for (int d = 0; d < fraction; d++) {
                        s.append((char) ('0' + r.nextInt(10)));
                    }
                }
            }
            switch (r.nextInt(9)) {
                case 0 -> { }
                case 1, 2, 3 -> s.append('Z');
                case 4 -> s.append('z');
                case 5, 6 -> s.append(r.nextBoolean() ? '+' : '-').append(pad(r.nextInt(20), 2)).append(':')
                        .append(pad(r.nextInt(61), 2));
                case 7 -> s.append(r.nextBoolean() ? '+' : '-').append(pad(r.nextInt(20), 2)).append(':')
                        .append(pad(r.nextInt(61), 2)).append(':').append(pad(r.nextInt(61), 2));
                default -> s.append("+01:00[Europe/Paris]");
            }
        }
        if (r.nextInt(20) == 0) {
            s.setCharAt(r.nextInt(s.length()), "0Tx:-+. Z٣".charAt(r.nextInt(10)));
        }
        if (r.nextInt(20) == 0) {
            s.setLength(r.nextInt(s.length() + 1));
        }
        return r.nextInt(20) == 0 ? " " + s + " " : s.toString();
    }

    private static String pad(int value, int width) {
        String digits = Integer.toString(value);
        return "0".repeat(Math.max(0, width - digits.length())) + digits;
    }
}
