package dev.candidaterouter.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpServerLimitsTest {
    @Test
    void aTimeoutOfZeroIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> new HttpServerLimits(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP_IDLE_TIMEOUT_SECONDS and HTTP_REQUEST_READ_TIMEOUT_SECONDS must be positive, were 0 and 30");
    }
}
