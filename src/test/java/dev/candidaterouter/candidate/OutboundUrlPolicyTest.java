package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OutboundUrlPolicyTest {
    // Internal addresses are on the allow-list on purpose: being listed must not make them reachable.
    private final OutboundUrlPolicy policy = OutboundUrlPolicy.fromList(
            "files.example.com, *.cdn.example.net 127.0.0.1,10.0.0.1, 169.254.169.254, localhost");

    @ParameterizedTest
    @ValueSource(strings = {
        "https://files.example.com/cv.pdf",
        "http://FILES.example.com./cv.pdf?sig=abc",
        "https://eu.cdn.example.net/a/b.pdf",
        "https://a.b.cdn.example.net:8443/x"})
    void allowListedHostsOverHttpAreFollowed(String url) throws RefusedUrlException {
        assertThat(policy.allows(url)).isTrue();
        assertThat(policy.requireAllowed(url).getScheme()).isIn("http", "https");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://127.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/",
        "http://192.168.1.10/",
        "http://172.16.5.4/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[fd12:3456::1]/",
        "http://[fe80::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:8080/",
        "http://api.localhost/"})
    void internalAddressesAreRefusedEvenWhenAllowListed(String url) {
        assertThatThrownBy(() -> policy.requireAllowed(url)).isInstanceOf(RefusedUrlException.class)
                .hasMessageContainingAll("host", "internal");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://evil.example.org/cv.pdf",
        "https://cdn.example.net/cv.pdf",
        "https://files.example.com.evil.org/cv.pdf",
        "https://8.8.8.8/cv.pdf"})
    void hostsNotOnTheAllowListAreRefused(String url) {
        assertThatThrownBy(() -> policy.requireAllowed(url)).isInstanceOf(RefusedUrlException.class)
                .hasMessageContaining("not on the allow-list");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ftp://files.example.com/cv.pdf",
        "file:///etc/passwd",
        "https://user:pw@files.example.com/cv.pdf",
        "http://2130706433/",
        "http://0x7f.1/",
        "not a url",
        "//files.example.com/cv.pdf"})
    void otherSchemesCredentialsAndOddHostsAreRefused(String url) {
        assertThat(policy.allows(url)).isFalse();
    }

    @Test
    void anEmptyAllowListFollowsNothing() {
        assertThat(OutboundUrlPolicy.fromList(null).allows("https://files.example.com/cv.pdf")).isFalse();
        assertThat(new OutboundUrlPolicy(List.of()).allows("https://files.example.com/cv.pdf")).isFalse();
    }

    @Test
    void resolvedAddressesCanBeCheckedByFetchers() throws Exception {
        assertThat(OutboundUrlPolicy.isInternalAddress(InetAddress.getByName("169.254.169.254"))).isTrue();
        assertThat(OutboundUrlPolicy.isInternalAddress(InetAddress.getByName("fc00::1"))).isTrue();
        assertThat(OutboundUrlPolicy.isInternalAddress(InetAddress.getByName("93.184.216.34"))).isFalse();
    }
}
