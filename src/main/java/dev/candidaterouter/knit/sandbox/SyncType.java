package dev.candidaterouter.knit.sandbox;

import java.util.Arrays;
import java.util.Optional;

/** The two kinds of sync run Knit offers, with their wire names. */
public enum SyncType {
    /** Every record, as {@code record.new} events. */
    INITIAL_SYNC("initial_sync"),
    /** Only what changed since the last run, as {@code record.modified} / {@code record.deleted} events. */
    DELTA_SYNC("delta_sync");

    private final String wireName;

    SyncType(String wireName) {
        this.wireName = wireName;
    }

    /** The name Knit uses in {@code sync.start} bodies and event envelopes. */
    public String wireName() {
        return wireName;
    }

    /** The type for a wire name, if Knit knows it. */
    public static Optional<SyncType> fromWireName(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }
}
