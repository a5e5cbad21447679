package dev.candidaterouter.candidate;

import java.util.List;
import java.util.Objects;

/** Turns a list that may be null or hold nulls into an immutable list without them: Knit's lists are nullable. */
final class NonNullList {
    private NonNullList() {
    }

    static <T> List<T> copy(List<? extends T> items) {
        if (items == null) {
            return List.of();
        }
        return List.copyOf(items.stream().filter(Objects::nonNull).toList());
    }
}
