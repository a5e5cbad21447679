package dev.candidaterouter.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.store.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * {@code GET /admin/overview?days=14}, the console's first page: decisions per day (UTC) by assessment, invited or
 * not, and by fired rule; sends now, by channel and status; assessment results received, completed, their average
 * percentage and how many the result rules passed (by their own pass marks, {@code assessment_result.passed}). Each table is read with one grouped query, and the fired
 * rules (a text per decision) in one more pass over the window's decisions, counted here as the rows stream by: four
 * queries however many candidates there are. Counts only: no candidate is named.
 */
public class Overview {
    static final int DEFAULT_DAYS = 14;
    static final int MAX_DAYS = 366;
    /** What the console and the backtest call a decision that invites nobody. */
    static final String NOT_INVITED = "not invited";

    public record Report(int days, String from, String to, List<DayCount> decisions, List<DayInvited> invited,
            List<DayCount> rules, List<SendCount> sends, Results results) {
    }

    /** Days are ISO dates (UTC). Decisions on one day for one assessment (or {@value #NOT_INVITED}), or firings of one rule on one day. */
    public record DayCount(String day, String name, long count) {
    }

    public record DayInvited(String day, long invited, long notInvited) {
    }

    public record SendCount(String channel, String status, long count) {
    }

    /** Results received in the window; {@code averagePercentage} of the completed ones (null without any). */
    public record Results(long received, long completed, long expired, Double averagePercentage, long passed) {
    }

    private final DataSource dataSource;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Overview(DataSource dataSource, ObjectMapper mapper, Clock clock) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * @param days the window in days, today (UTC) included: 1 to {@value #MAX_DAYS}, {@value #DEFAULT_DAYS} when absent
     * @throws BadOverviewQuery when {@code days} is not such a number
     */
    public String overview(String days) throws SQLException, JsonProcessingException {
        int window = days(days);
        LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = to.minusDays(window - 1L);
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = dataSource.getConnection()) {
            Dialect dialect = Dialect.ofUrl(c.getMetaData().getURL());
            Object since = dialect.moment(start);
            // The day of a decision in UTC (a plain CAST would use the session's time zone).
            String decisionDay = dialect.utcDay("decided_at");
            // In a transaction, so PostgreSQL streams rows by the fetch size instead of holding a whole result.
            c.setAutoCommit(false);
            List<DayCount> decisions = new ArrayList<>();
            Map<LocalDate, long[]> invited = new TreeMap<>();
            Map<LocalDate, Map<String, Long>> byAssessment = new TreeMap<>();
            query(c, "SELECT " + decisionDay + ", assessment_id, invited AND NOT unreachable AND assessment_id IS NOT NULL, COUNT(*) "
                    + "FROM decision WHERE decided_at >= ? GROUP BY " + decisionDay + ", assessment_id, invited, unreachable", since, rs -> {
                LocalDate day = LocalDate.parse(rs.getString(1));
                boolean isInvited = rs.getBoolean(3);
                long n = rs.getLong(4);
                byAssessment.computeIfAbsent(day, d -> new TreeMap<>()).merge(isInvited ? rs.getString(2) : NOT_INVITED, n, Long::sum);
                invited.computeIfAbsent(day, d -> new long[2])[isInvited ? 0 : 1] += n;
            });
            byAssessment.forEach((day, counts) -> counts.forEach((name, n) -> decisions.add(new DayCount(day.toString(), name, n))));

            Map<LocalDate, Map<String, Long>> byRule = new TreeMap<>();
            query(c, "SELECT " + decisionDay + ", fired_rules FROM decision WHERE decided_at >= ?", since, rs -> {
                String fired = rs.getString(2);
                if (fired != null) {
                    Map<String, Long> counts = byRule.computeIfAbsent(LocalDate.parse(rs.getString(1)), d -> new TreeMap<>());
                    fired.lines().filter(rule -> !rule.isBlank()).forEach(rule -> counts.merge(rule, 1L, Long::sum));
                }
            });
            List<DayCount> rules = new ArrayList<>();
            byRule.forEach((day, counts) -> counts.forEach((rule, n) -> rules.add(new DayCount(day.toString(), rule, n))));

            List<SendCount> sends = new ArrayList<>();
            query(c, "SELECT channel, status, COUNT(*) FROM dispatch GROUP BY channel, status ORDER BY channel, status", null,
                    rs -> sends.add(new SendCount(rs.getString(1), rs.getString(2), rs.getLong(3))));

            Results results = results(c, since);
            c.commit();
            List<DayInvited> invitedDays = new ArrayList<>();
            invited.forEach((day, n) -> invitedDays.add(new DayInvited(day.toString(), n[0], n[1])));
            return mapper.writeValueAsString(new Report(window, from.toString(), to.toString(), decisions, invitedDays, rules, sends, results));
        }
    }

    private static Results results(Connection c, Object since) throws SQLException {
        long[] counts = new long[5]; // received, completed, expired, passed, completed with a percentage
        double[] percentageSum = new double[1];
        query(c, "SELECT status, COUNT(*), SUM(percentage), COUNT(percentage), "
                + "SUM(CASE WHEN passed THEN 1 ELSE 0 END) "
                + "FROM assessment_result WHERE received_at >= ? GROUP BY status", since, rs -> {
            long n = rs.getLong(2);
            counts[0] += n;
            if ("completed".equals(rs.getString(1))) {
                counts[1] += n;
                percentageSum[0] += rs.getDouble(3);
                counts[4] += rs.getLong(4);
                counts[3] += rs.getLong(5);
            } else if ("expired".equals(rs.getString(1))) {
                counts[2] += n;
            }
        });
        Double average = counts[4] == 0 ? null : Math.round(percentageSum[0] / counts[4] * 10) / 10.0;
        return new Results(counts[0], counts[1], counts[2], average, counts[3]);
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Runs a query with an optional moment parameter (bound as the dialect wants it), handing each row to {@code reader} as it streams by. */
    private static void query(Connection c, String sql, Object since, RowReader reader) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(500);
            if (since != null) {
                ps.setObject(1, since);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private static int days(String days) {
        if (days == null || days.isBlank()) {
            return DEFAULT_DAYS;
        }
        try {
            int n = Integer.parseInt(days.strip());
            if (n >= 1 && n <= MAX_DAYS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadOverviewQuery("days must be a whole number from 1 to " + MAX_DAYS + ", was '" + days + "'");
    }
}
