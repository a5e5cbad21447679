package dev.candidaterouter.dispatch;

import dev.candidaterouter.admin.BadAdminRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/dispatches/replay}: puts finished-but-failed sends back to pending. With an id, that one row
 * (dead, review or failed_permanent); without, every dead row.
 */
public class DispatchReplay {
    private static final Logger LOG = LoggerFactory.getLogger("dev.candidaterouter.sends");

    private final DispatchRepository dispatches;

    public DispatchReplay(DispatchRepository dispatches) {
        this.dispatches = dispatches;
    }

    /** @param id the query parameter {@code id}, or null for all dead rows */
    public Map<String, Object> replay(String id) {
        Long rowId = null;
        if (id != null && !id.isBlank()) {
            try {
                rowId = Long.parseLong(id.strip());
            } catch (NumberFormatException e) {
                throw new BadAdminRequest("id must be a dispatch row id (a number), was '" + id + "'");
            }
        }
        int replayed = dispatches.replay(rowId);
        LOG.info("replay requested ({}): {} send(s) back to pending", rowId == null ? "all dead sends" : "row " + rowId, replayed);
        return rowId == null ? Map.of("replayed", replayed) : Map.of("replayed", replayed, "id", rowId);
    }
}
