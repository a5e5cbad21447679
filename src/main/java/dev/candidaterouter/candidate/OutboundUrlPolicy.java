package dev.candidaterouter.candidate;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which URLs taken from third-party data we may fetch. Links in candidate data come from the ATS, i.e. from
 * whoever can edit a candidate there, so following them blindly would let them make us call our own network
 * (SSRF). A URL passes only if it is http(s), its host is on the allow-list, and the host is not
 * {@code localhost} nor an IP literal in a loopback, private, link-local, unique-local, shared or any-local
 * range.
 *
 * <p>Allow-list entries are host names ({@code files.example.com}) or wildcards ({@code *.example.com}, which
 * matches subdomains only, not {@code example.com} itself). Names are not resolved here: a fetcher should also
 * check the address it actually connects to with {@link #isInternalAddress(InetAddress)}.
 */
public final class OutboundUrlPolicy {
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hosts like {@code 2130706433} or {@code 0x7f.1} that some resolvers read as IPv4 addresses. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]+|\\d+)(\\.(0x[0-9a-f]+|\\d+))*");

    private final Set<String> exactHosts = new HashSet<>();
    private final List<String> subdomainSuffixes = new ArrayList<>();

    /** @param allowedHosts host names or {@code *.domain} wildcards; case and a trailing dot do not matter */
    public OutboundUrlPolicy(Collection<String> allowedHosts) {
        for (String entry : allowedHosts) {
            String host = normaliseHost(entry);
            if (host.isEmpty()) {
                continue;
            }
            if (host.startsWith("*.")) {
                subdomainSuffixes.add(host.substring(1));
            } else {
                exactHosts.add(host);
            }
        }
    }

    /** From a comma- or whitespace-separated list, as in the {@code ATTACHMENT_HOSTS} setting; null or blank allows nothing. */
    public static OutboundUrlPolicy fromList(String hosts) {
        if (hosts == null || hosts.isBlank()) {
            return new OutboundUrlPolicy(List.of());
        }
        return new OutboundUrlPolicy(List.of(hosts.strip().split("[,\\s]+")));
    }

    /**
     * @return the URL, parsed
     * @throws RefusedUrlException with the reason when the URL may not be fetched
     */
    public URI requireAllowed(String url) throws RefusedUrlException {
        URI uri;
        try {
            uri = new URI(url == null ? "" : url.strip());
        } catch (URISyntaxException e) {
            throw new RefusedUrlException("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedUrlException("only http and https links are followed, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedUrlException("links with credentials are not followed");
        }
        if (uri.getHost() == null) {
            throw new RefusedUrlException("the link has no host name we can read");
        }
        String host = normaliseHost(uri.getHost());
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            throw new RefusedUrlException("host " + host + " is an internal address (this machine)");
        }
        InetAddress literal = ipLiteral(host);
        if (literal != null && isInternalAddress(literal)) {
            throw new RefusedUrlException("host " + host + " is an internal address");
        }
        if (literal == null && NUMERIC_HOST.matcher(host).matches()) {
            throw new RefusedUrlException("host " + host + " is a numeric address in an unusual form");
        }
        if (!isAllowedHost(host)) {
            throw new RefusedUrlException("host " + host + " is not on the allow-list");
        }
        return uri;
    }

    /** True when {@link #requireAllowed(String)} would accept the URL. */
    public boolean allows(String url) {
        try {
            requireAllowed(url);
            return true;
        } catch (RefusedUrlException refused) {
            return false;
        }
    }

    /**
     * True for addresses that reach this machine or a private network: any-local, loopback, link-local
     * (including cloud metadata at 169.254.169.254), private and shared (10/8, 172.16/12, 192.168/16,
     * 100.64/10, 0/8), IPv6 unique-local (fc00::/7) and site-local, and multicast.
     */
    public static boolean isInternalAddress(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second <= 127);
        }
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }

    private boolean isAllowedHost(String host) {
        if (exactHosts.contains(host)) {
            return true;
        }
        for (String suffix : subdomainSuffixes) {
            if (host.endsWith(suffix) && host.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** The address when the host is written as an IP literal, else null; never looks a name up. */
    private static InetAddress ipLiteral(String host) {
        try {
            if (IPV4_LITERAL.matcher(host).matches()) {
                String[] parts = host.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(parts[i]);
                    if (octet > 255) {
                        return null;
                    }
                    bytes[i] = (byte) octet;
                }
                return InetAddress.getByAddress(bytes);
            }
            if (host.contains(":")) {
                String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
                // A text with a colon is parsed as IPv6 and never resolved.
                return InetAddress.getByName(literal);
            }
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
        return null;
    }

    private static String normaliseHost(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
