package dev.candidaterouter.knit;

/**
 * Makes the {@link PreparedEvent} that prepare-knit-event hands to the chunk's transaction (candidate-pipeline.yaml).
 *
 * <p>A bean of its own in the registry, so that the route's step calls it directly: a static method named by its type
 * (Camel's {@code beanType}) made Camel search the registry for a bean of that type on every event and copy the
 * exchange for the call, some 2.6% of the CPU in the end-to-end benchmark (BENCHMARKS.md round 20).
 */
public class PreparedEvents {
    /** The event as read and, for a candidate record, assembled and decided (see {@link PreparedEvent}'s fields). */
    public PreparedEvent of(InboxEvent inboxEvent, KnitEvent knitEvent, String kind, Object body, Object decidedAhead) {
        return new PreparedEvent(inboxEvent, knitEvent, kind, body, decidedAhead);
    }
}
