package dev.candidaterouter.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The platform's reports read into results, or refused naming the field. */
class ResultReportReaderTest {
    private final ResultReportReader reader = new ResultReportReader(new ObjectMapper());

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheGenericContractAndComputesThePercentage() {
        ResultReport r = reader.generic(bytes("""
                {"invitationId":"inv-1","status":"completed","score":42.5,"maxScore":50,
                 "reportUrl":"https://p.example.com/r/1","completedAt":"2026-11-30T11:00:00+01:00"}"""), false);
        assertThat(r.invitationId()).isEqualTo("inv-1");
        assertThat(r.percentageOrComputed()).isEqualByComparingTo("85");
        assertThat(r.completedAt()).isEqualTo(Instant.parse("2026-11-30T10:00:00Z"));
        assertThat(r.dedupKey()).isEqualTo("report:completed:inv-1");
        assertThat(reader.generic(bytes("{\"invitationId\":\"inv-1\",\"status\":\"expired\"}"), false).score()).isNull();
    }

    @Test
    void pendingIsNoResultOnlyInAPollsAnswer() {
        byte[] pending = bytes("{\"invitationId\":\"inv-1\",\"status\":\"pending\"}");
        assertThat(reader.generic(pending, true)).isNull();
        assertThatThrownBy(() -> reader.generic(pending, false)).isInstanceOf(BadResultReport.class)
                .hasMessage("status 'pending' is unknown: completed or expired");
    }

    @Test
    void mapsHackerRanksCandidateWithoutItsPersonalData() {
        byte[] done = bytes("""
                {"id":"98765","status":7,"score":42,"percentage_score":84,"email":"a@b.example","full_name":"A B",
                 "pdf_url":"https://hr.example.com/pdf/1","attempt_endtime":"2026-11-30T10:00:00Z"}""");
        ResultReport r = reader.hackerRank("98765", done);
        assertThat(r.status()).isEqualTo("completed");
        assertThat(r.percentageOrComputed()).isEqualByComparingTo("84");
        assertThat(r.reportUrl()).isEqualTo("https://hr.example.com/pdf/1");
        assertThat(r.body()).doesNotContain("a@b.example").doesNotContain("A B");
        assertThat(reader.hackerRank("98765", bytes("{\"status\":-1,\"invite_valid\":true}"))).isNull();
        assertThat(reader.hackerRankInviteWithdrawn(bytes("{\"status\":-1,\"invite_valid\":false}"))).isTrue();
        assertThatThrownBy(() -> reader.hackerRank("98765", bytes("{\"status\":7,\"percentage_score\":140}")))
                .hasMessage("percentage_score 140 is out of range 0..100");
    }

    @Test
    void anInfiniteScoreIsOutOfRangeNotACrash() {
        assertThatThrownBy(() -> reader.generic(bytes("{\"invitationId\":\"i\",\"status\":\"completed\",\"score\":1e400}"), false))
                .isInstanceOf(BadResultReport.class).hasMessageContaining("score is out of range");
    }
}
