package dev.candidaterouter.dispatch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/dispatches/replay[?status=...&channel=...&reason=...&since=...&until=...&id=...&dryRun=true]}:
 * puts failed sends back to pending, in bulk (see {@link ReplayFilter}), e.g. every SMS that failed for good
 * because of a template typo, once the template is fixed. Answers how many and which rows were replayed, or with
 * {@code dryRun=true} which would be, changing nothing.
 */
public class DispatchReplay {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.sends");

    private final DispatchRepository dispatches;

    public DispatchReplay(DispatchRepository dispatches) {
        this.dispatches = dispatches;
    }

    /**
     * @param query the request's raw query string (null when none)
     * @throws BadReplayFilter for a parameter that cannot be used
     * @throws NoReplayableDispatch when {@code id} names no row, or one that is not a failed send matching the filter
     */
    public Map<String, Object> replay(@Header(Exchange.HTTP_QUERY) String query) {
        ReplayFilter filter = ReplayFilter.parse(query);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (filter.dryRun()) {
            List<Long> ids = dispatches.replayable(filter);
            requireFound(filter, ids.isEmpty());
            answer.put("dryRun", true);
            answer.put("wouldReplay", ids.size());
            answer.put("ids", ids);
            return answer;
        }
        DispatchRepository.Replayed replayed = dispatches.replay(filter);
        requireFound(filter, replayed.ids().isEmpty());
        LOG.info("replay requested ({}): {} send(s) back to pending {}, {} cancelled notification(s) brought back with them",
                filter.describe(), replayed.ids().size(), firstIds(replayed.ids()), replayed.notificationsRestored().size());
        answer.put("replayed", replayed.ids().size());
        answer.put("ids", replayed.ids());
        answer.put("notificationsRestored", replayed.notificationsRestored());
        return answer;
    }

    /** The ids for the log line: a replay of 50,000 rows must not write a 400 KB line (the answer has them all). */
    private static String firstIds(List<Long> ids) {
        return ids.size() <= 100 ? ids.toString() : ids.subList(0, 100).toString().replace("]", ", ...]");
    }

    /** A bulk filter that matches nothing is an answer (0); an id that matches nothing is a mistake worth a 404. */
    private void requireFound(ReplayFilter filter, boolean nothingMatched) {
        if (filter.id() == null || !nothingMatched) {
            return;
        }
        long id = filter.id();
        String status = dispatches.status(id).orElseThrow(() -> new NoReplayableDispatch("no dispatch row with id " + id));
        if (!ReplayFilter.REPLAYABLE.contains(status)) {
            throw new NoReplayableDispatch("dispatch " + id + " is " + status + ": only " + String.join(", ", ReplayFilter.REPLAYABLE)
                    + " sends can be replayed");
        }
        throw new NoReplayableDispatch("dispatch " + id + " (" + status + ") does not match the other filters: " + filter.describe());
    }
}
