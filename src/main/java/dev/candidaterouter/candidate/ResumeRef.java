package dev.candidaterouter.candidate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the candidate's resume can be found: a link Knit gave ({@code url}) or a file we decoded from
 * {@code attachmentContent} and stored ({@code storedPath}). At most one of the two is set; neither is when the
 * content was only checked, not stored (rule evaluations: {@link ResumeLocator#withoutStoring}). A path is only
 * written out when there is one.
 */
public record ResumeRef(String fileName, String fileType, String url,
        @JsonInclude(JsonInclude.Include.NON_NULL) String storedPath) {
}
