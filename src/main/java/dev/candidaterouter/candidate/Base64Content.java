package dev.candidaterouter.candidate;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Decodes Knit's {@code attachmentContent}. ATSs differ: some use the URL-safe alphabet, some wrap lines,
 * some drop the padding, so whitespace is ignored and the alphabet is chosen from the characters present.
 */
final class Base64Content {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Base64Content() {
    }

    /**
     * @throws IllegalArgumentException when the text is not base64 in either alphabet
     */
    static byte[] decode(String text) {
        String compact = WHITESPACE.matcher(text).replaceAll("");
        boolean urlAlphabet = compact.indexOf('-') >= 0 || compact.indexOf('_') >= 0;
        return (urlAlphabet ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(compact);
    }

    /** True when there is nothing but whitespace to decode. */
    static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** A lower bound of the decoded size, cheap to get: lets oversized content be refused before decoding it. */
    static long minDecodedSize(String text) {
        long significant = text.chars().filter(c -> !Character.isWhitespace(c) && c != '=').count();
        return significant * 3 / 4;
    }
}
