package dev.candidaterouter.knit;

/**
 * An inbox event read, and for a candidate record assembled and decided, before its transaction
 * (candidate-pipeline.yaml, prepare-knit-event, made by {@link PreparedEvents}): what act-on-knit-event needs to act
 * on it. Typed loosely where the values belong to later stages (the knit package sits below them).
 *
 * @param inboxEvent the stored row
 * @param knitEvent the event read from it
 * @param kind what it asks for ({@link KnitEvent#kind()})
 * @param body what the transaction starts from: the assembled profile for a candidate record, else the event
 * @param decidedAhead the rules' decision made on the profile, or null
 */
public record PreparedEvent(InboxEvent inboxEvent, KnitEvent knitEvent, String kind, Object body, Object decidedAhead) {
    /**
     * The inbox row's sequence; equality stays the record's, field by field. Camel hashes the object a route
     * expression calls a method on ({@code ${body.knitEvent}} in act-on-prepared-event: its bean-info cache is keyed
     * by the instance), and the record's own hash walked the whole profile and decision each time.
     */
    @Override
    public int hashCode() {
        return inboxEvent == null ? 0 : Long.hashCode(inboxEvent.seq());
    }
}
