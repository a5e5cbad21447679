package dev.candidaterouter.dispatch;

import dev.candidaterouter.assessment.Channel;
import dev.candidaterouter.masking.LogSafeText;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which failed sends {@code POST /admin/dispatches/replay} puts back, read from its query string:
 * {@code status} (dead, failed_permanent, review; comma-separated), {@code channel} (assessment, email, sms, knit;
 * comma-separated), {@code reason} (a piece of the stored error, any case), {@code since}/{@code until} (ISO-8601
 * instants, on the time the row last changed, i.e. when it failed), {@code id} and {@code dryRun}. Every
 * condition given must hold. Without {@code status}: dead rows, or with {@code id} any replayable state.
 *
 * <p>An unknown parameter is refused rather than ignored: a misspelt filter ({@code stauts=review}) must not
 * silently replay every dead send.
 */
public record ReplayFilter(Set<String> statuses, Set<Channel> channels, String reason, Instant since, Instant until,
        Long id, boolean dryRun) {

    /** The states a send can be replayed from. */
    public static final List<String> REPLAYABLE = List.of(DispatchRepository.DEAD, DispatchRepository.FAILED_PERMANENT,
            DispatchRepository.REVIEW);
    private static final List<String> PARAMETERS = List.of("status", "channel", "reason", "since", "until", "id", "dryRun");
    private static final List<String> LISTS = List.of("status", "channel");

    /** Reads the raw (still URL-encoded) query string, null or empty for none. @throws BadReplayFilter naming the parameter */
    public static ReplayFilter parse(String rawQuery) {
        Map<String, String> params = parameters(rawQuery);
        Long id = params.containsKey("id") ? id(params.get("id")) : null;
        Set<String> statuses = params.containsKey("status") ? statuses(params.get("status"))
                : new LinkedHashSet<>(id != null ? REPLAYABLE : List.of(DispatchRepository.DEAD));
        Set<Channel> channels = params.containsKey("channel") ? channels(params.get("channel")) : new LinkedHashSet<>();
        String reason = params.get("reason");
        Instant since = params.containsKey("since") ? instant("since", params.get("since")) : null;
        Instant until = params.containsKey("until") ? instant("until", params.get("until")) : null;
        if (since != null && until != null && !since.isBefore(until)) {
            throw new BadReplayFilter("since (" + since + ") must be before until (" + until + ")");
        }
        boolean dryRun = params.containsKey("dryRun") && flag("dryRun", params.get("dryRun"));
        return new ReplayFilter(Collections.unmodifiableSet(statuses), Collections.unmodifiableSet(channels), reason, since,
                until, id, dryRun);
    }

    /** The filter in words, for the log line of a replay. */
    public String describe() {
        StringBuilder b = new StringBuilder("status in ").append(statuses);
        if (!channels.isEmpty()) {
            b.append(", channel in ").append(channels);
        }
        if (reason != null) {
            b.append(", reason contains '").append(LogSafeText.mask(reason).replaceAll("\\p{Cntrl}", " ")).append('\'');
        }
        if (since != null) {
            b.append(", since ").append(since);
        }
        if (until != null) {
            b.append(", until ").append(until);
        }
        if (id != null) {
            b.append(", id ").append(id);
        }
        return b.toString();
    }

    /** Non-blank parameters by name; a list parameter given twice is joined, any other twice is refused. */
    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isBlank()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            String name = decode(kv[0]);
            String value = kv.length < 2 ? "" : decode(kv[1]).strip();
            if (!PARAMETERS.contains(name)) {
                throw new BadReplayFilter("unknown parameter '" + clip(name) + "'; known: " + String.join(", ", PARAMETERS));
            }
            if (value.isEmpty()) {
                continue;
            }
            if (params.containsKey(name) && !LISTS.contains(name)) {
                throw new BadReplayFilter(name + " given twice");
            }
            params.merge(name, value, (a, b) -> a + "," + b);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadReplayFilter("query string is not URL-encoded: " + clip(s));
        }
    }

    private static Long id(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadReplayFilter("id must be a dispatch row id (a number), was '" + clip(value) + "'");
        }
    }

    private static Set<String> statuses(String value) {
        Set<String> statuses = new LinkedHashSet<>();
        for (String s : items(value)) {
            String status = s.toLowerCase(Locale.ROOT);
            if (!REPLAYABLE.contains(status)) {
                throw new BadReplayFilter("status must be one or more of " + String.join(", ", REPLAYABLE)
                        + " (comma-separated), was '" + clip(s) + "'");
            }
            statuses.add(status);
        }
        return statuses;
    }

    private static Set<Channel> channels(String value) {
        Set<Channel> channels = new LinkedHashSet<>();
        for (String c : items(value)) {
            try {
                channels.add(Channel.valueOf(c.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new BadReplayFilter("channel must be one or more of assessment, email, sms, knit (comma-separated), was '"
                        + clip(c) + "'");
            }
        }
        return channels;
    }

    private static List<String> items(String value) {
        List<String> items = new ArrayList<>();
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                items.add(s.strip());
            }
        }
        return items;
    }

    /**
     * An ISO-8601 instant, {@code 2026-11-30T09:00:00Z} or with an offset. A '+' of an offset that came unencoded
     * was decoded to a space (form encoding); an instant never has one, so it is read as the '+' it was.
     */
    private static Instant instant(String name, String value) {
        String text = value.replace(' ', '+');
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadReplayFilter(name + " must be an ISO-8601 instant such as 2026-11-30T09:00:00Z, was '" + clip(value) + "'");
        }
    }

    private static boolean flag(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadReplayFilter(name + " must be true or false, was '" + clip(value) + "'");
        };
    }

    /** Parameters are echoed in error answers (JSON-quoted); a long one is cut. */
    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
