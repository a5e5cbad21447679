package dev.candidaterouter.knit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PreparedEventTest {
    /** Stands in for a profile or decision whose hash would walk all its fields. */
    private static final Object UNHASHABLE = new Object() {
        @Override
        public int hashCode() {
            throw new AssertionError("the prepared event's hash read its profile or decision");
        }
    };

    @Test
    void hashesOnTheInboxRowWithoutReadingTheProfileOrDecision() {
        PreparedEvent event = new PreparedEvent(row(7), null, "candidate-record", UNHASHABLE, UNHASHABLE);

        assertThat(event.hashCode()).isEqualTo(new PreparedEvent(row(7), null, "candidate-record", "other", null).hashCode());
        assertThat(event.hashCode()).isNotEqualTo(new PreparedEvent(row(8), null, "candidate-record", UNHASHABLE, UNHASHABLE).hashCode());
    }

    @Test
    void equalityStaysFieldByField() {
        assertThat(new PreparedEvent(row(7), null, "job-record", "a", null))
                .isEqualTo(new PreparedEvent(row(7), null, "job-record", "a", null))
                .isNotEqualTo(new PreparedEvent(row(7), null, "job-record", "b", null));
    }

    private static InboxEvent row(long seq) {
        return new InboxEvent(seq, "int", "event-" + seq, "record.new", "rec", "{}", 0, Instant.EPOCH);
    }
}
