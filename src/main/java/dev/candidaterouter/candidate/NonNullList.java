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
        for (T item : items) {
            if (item == null) {
                return List.copyOf(items.stream().filter(Objects::nonNull).toList());
            }
        }
        // Without nulls, List.copyOf returns a list that is already immutable as it is: KnitModels copies its six
        // lists each time a model is added, and used to copy every list twice each time.
        return List.copyOf(items);
    }
}
