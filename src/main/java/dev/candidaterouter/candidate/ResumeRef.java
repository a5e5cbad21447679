package dev.candidaterouter.candidate;

/**
 * Where the candidate's resume can be found: a link Knit gave ({@code url}) or a file we decoded from
 * {@code attachmentContent} and stored ({@code storedPath}). At most one of the two is set.
 */
public record ResumeRef(String fileName, String fileType, String url, String storedPath) {
}
