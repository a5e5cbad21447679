package dev.candidaterouter.candidate;

import dev.candidaterouter.knit.KnitEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Knit's order events ({@code candidateAssessment}) to what we hold. Deciding the candidate afterwards is the
 * pipeline's next step (routes/assessment-orders.yaml), which gives the rules the candidate's latest order as a fact
 * ({@link CandidateApplications#attach}).
 */
public class AssessmentOrders {
    private static final Logger LOG = LoggerFactory.getLogger(AssessmentOrders.class);

    private final AssessmentOrderRepository orders;
    private final CandidateRepository candidates;

    public AssessmentOrders(AssessmentOrderRepository orders, CandidateRepository candidates) {
        this.orders = orders;
        this.candidates = candidates;
    }

    /**
     * Stores an order.
     *
     * @return null when stored; else why the event is ignored (it names no order or no candidate)
     */
    public String accept(KnitEvent event, ReadRecord<AssessmentOrder> read) {
        AssessmentOrder o = read.value();
        if (o == null) {
            return "order event names no order (candidateAssessment.id or recordId) or no candidate "
                    + "(candidateAssessment.candidate.id or candidateId)"
                    + (read.issues().isEmpty() ? "" : "; " + read.issues());
        }
        orders.accept(event.integrationId(), o, read.issues(), event.inboxSeq());
        LOG.info("order {} from the ATS: package {} for candidate {} (application {}, job {})", o.getId(),
                o.getPackageId(), o.getCandidateId(), o.getApplicationId(), o.getJobId());
        return null;
    }

    /** True when we never heard of the candidate: they are then assembled from the order's candidate. */
    public boolean candidateUnknown(String integrationId, String candidateId) {
        return candidates.state(integrationId, candidateId).isEmpty();
    }

    /**
     * Why the ordered candidate is not decided, or null when they are: a candidate deleted in the ATS is not revived
     * by an order (only their own record.new does that); the order is kept.
     */
    public String notDecided(String integrationId, String candidateId) {
        return candidates.state(integrationId, candidateId).filter("deleted"::equals)
                .map(deleted -> "order kept, nobody invited: candidate " + candidateId + " was deleted in the ATS")
                .orElse(null);
    }
}
