package dev.candidaterouter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.candidaterouter.CapturedLogs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpServerLimitsTest {
    private static final HttpServerLimits LIMITS = new HttpServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(30), 10240);

    @Test
    void aTimeoutOfZeroIsRefusedNamingBothSettings() {
        assertThatThrownBy(() -> new HttpServerLimits(Duration.ZERO, Duration.ofSeconds(30), 10240))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP_IDLE_TIMEOUT_SECONDS and HTTP_REQUEST_READ_TIMEOUT_SECONDS must be positive, were 0 and 30");
    }

    @Test
    void aMinimumBodyRateOfZeroIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new HttpServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(30), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HTTP_MIN_REQUEST_BYTES_PER_SECOND must be positive, was 0");
    }

    @Test
    void theLimitedVertxEqualsItselfAndNothingElse() {
        Vertx vertx = Vertx.vertx();
        try {
            Vertx limited = LIMITS.applyTo(vertx);
            assertThat(limited.equals(limited)).isTrue();
            assertThat(limited.equals(vertx)).isFalse();
            assertThat(limited.hashCode()).isEqualTo(System.identityHashCode(limited));
            Set<Vertx> registered = new HashSet<>(Set.of(limited));
            assertThat(registered.contains(limited)).isTrue();
        } finally {
            vertx.close();
        }
    }

    @Test
    void aConnectionThatCannotBeWatchedIsReportedOnceAsAWarning() {
        // A stand-in for a connection type whose Netty pipeline cannot be reached, as after a Vert.x upgrade.
        HttpConnection unknown = (HttpConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "unknown connection";
                    default -> null;
                });
        try (CapturedLogs logs = CapturedLogs.capture()) {
            RequestReadTimeout.watch(unknown, Duration.ofSeconds(30), 10240);
            RequestReadTimeout.watch(unknown, Duration.ofSeconds(30), 10240);
            assertThat(logs.text().lines().filter(l -> l.startsWith("WARN") && l.contains("HTTP_REQUEST_READ_TIMEOUT_SECONDS is not applied")))
                    .hasSize(1);
        }
    }
}
