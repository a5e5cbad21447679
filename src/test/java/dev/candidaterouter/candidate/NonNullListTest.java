package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NonNullListTest {

    @Test
    void nullIsEmptyAndNullsAreLeftOut() {
        assertThat(NonNullList.copy(null)).isEmpty();
        assertThat(NonNullList.copy(Arrays.asList("a", null, "b", null))).containsExactly("a", "b");
        assertThat(NonNullList.copy(Arrays.asList((String) null))).isEmpty();
    }

    @Test
    void theCopyIsImmutableAndDoesNotFollowItsSource() {
        for (List<String> source : List.of(new ArrayList<>(List.of("a", "b")), new ArrayList<>(Arrays.asList("a", null, "b")))) {
            List<String> copy = NonNullList.copy(source);
            source.set(0, "changed");
            source.add("more");
            assertThat(copy).containsExactly("a", "b");
            assertThatThrownBy(() -> copy.add("c")).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
