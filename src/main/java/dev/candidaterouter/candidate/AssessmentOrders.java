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

    /**
     * True when we never heard of the order's candidate: they are then assembled from the order's candidate. For an
     * order {@link #accept} took (it names a candidate).
     */
    public boolean candidateUnknown(KnitEvent event, ReadRecord<AssessmentOrder> order) {
        return candidates.state(event.integrationId(), order.value().getCandidateId()).isEmpty();
    }

    /**
     * Why the ordered candidate is not decided, or null when they are: a candidate deleted in the ATS is not revived
     * by an order (only their own record.new does that); the order is kept. For an order {@link #accept} took.
     */
    public String notDecided(KnitEvent event, ReadRecord<AssessmentOrder> order) {
        String candidateId = order.value().getCandidateId();
        return candidates.state(event.integrationId(), candidateId).filter("deleted"::equals)
                .map(deleted -> "order kept, nobody invited: candidate " + candidateId + " was deleted in the ATS")
                .orElse(null);
    }
}
