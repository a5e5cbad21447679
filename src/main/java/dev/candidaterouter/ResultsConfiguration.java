package dev.candidaterouter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.candidaterouter.metrics.RouterMetrics;
import dev.candidaterouter.results.ResultIntake;
import dev.candidaterouter.results.ResultPolls;
import dev.candidaterouter.results.ResultReportReader;
import dev.candidaterouter.results.ResultSignature;
import dev.candidaterouter.results.ResultWebhook;
import dev.candidaterouter.results.SimulatedPlatform;
import dev.candidaterouter.store.Database;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;

/**
 * Assessment results in (routes/assessment-results.yaml): the platform's signed callback, the polling of open
 * invitations, and outbox mode's simulated platform, all storing through one {@link ResultIntake}. The durations and
 * the share were checked at start-up (StartupChecks).
 */
public class ResultsConfiguration implements CamelConfiguration {
    @BindToRegistry("resultReportReader")
    public ResultReportReader resultReportReader(ObjectMapper mapper) {
        return new ResultReportReader(mapper);
    }

    @BindToRegistry("resultIntake")
    public ResultIntake resultIntake(DataSource dataSource, Clock clock, RouterMetrics metrics, ResultReportReader reader,
            @PropertyInject("result.match-window") String matchWindow) {
        return new ResultIntake(dataSource, clock, Duration.parse(matchWindow.strip()), metrics, reader);
    }

    /** ASSESSMENT_WEBHOOK_SECRET unset: the webhook answers 403 "not configured" (polling still finds results). */
    @BindToRegistry("resultWebhook")
    public ResultWebhook resultWebhook(ResultIntake intake, ResultReportReader reader, RouterMetrics metrics, Database database,
            ObjectMapper mapper, @PropertyInject("assessment.webhook-secret") String secret,
            @PropertyInject("result.webhook-max-body-bytes") long maxBodyBytes) {
        return new ResultWebhook(secret.isEmpty() ? null : new ResultSignature(secret), intake, reader, maxBodyBytes, metrics,
                database.durableCommits(), mapper);
    }

    @BindToRegistry("resultPolls")
    public ResultPolls resultPolls(DataSource dataSource, Clock clock, ResultIntake intake, ResultReportReader reader,
            @PropertyInject("result.poll-interval") String interval, @PropertyInject("result.poll-after-expiry") String afterExpiry) {
        return new ResultPolls(dataSource, clock, Duration.parse(interval.strip()), Duration.parse(afterExpiry.strip()), intake, reader);
    }

    @BindToRegistry("simulatedPlatform")
    public SimulatedPlatform simulatedPlatform(DataSource dataSource, Clock clock, ResultIntake intake, ObjectMapper mapper,
            @PropertyInject("result.simulated-share") double share, @PropertyInject("result.simulated-delay") String delay,
            @PropertyInject("outbox.test-url-base") String reportUrlBase) {
        return new SimulatedPlatform(dataSource, clock, share, Duration.parse(delay.strip()), reportUrlBase.strip(), intake, mapper);
    }
}
