package dev.candidaterouter.candidate;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds the candidate's resume among Knit's attachments and makes it reachable: the {@code RESUME} attachment,
 * else the first one; its {@code downloadLink}, else its {@code link}, each only if {@link OutboundUrlPolicy}
 * allows it; else its {@code attachmentContent}, decoded, capped in size and stored under
 * {@code <directory>/<integrationId>/<candidateId>/<file name>}. Whatever cannot be used is reported as a
 * {@link DataIssue}.
 *
 * <p>A locator made with {@link #withoutStoring} checks inline content exactly the same way (size, base64) but
 * writes nothing: it describes the resume that would be stored, without a path. Rule evaluations and scenarios use
 * it, so what analysts send never reaches the disk.
 */
public class ResumeLocator {
    /** Decoded attachments larger than this are refused unless configured otherwise: 5 MiB. */
    public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024;
    /** Where decoded attachments go unless configured otherwise. */
    public static final Path DEFAULT_DIRECTORY = Path.of("data", "attachments");

    private static final Pattern UNSAFE_CHARS = Pattern.compile("[^\\p{L}\\p{N}._-]");
    private static final Pattern EDGE_DOTS_AND_UNDERSCORES = Pattern.compile("^[._]+|[._]+$");
    private static final int MAX_NAME_LENGTH = 120;

    private final OutboundUrlPolicy urlPolicy;
    /** Null for a locator that does not store. */
    private final Path directory;
    private final long maxBytes;

    /**
     * @param urlPolicy which links may be handed on
     * @param directory root under which decoded attachments are stored
     * @param maxBytes  largest decoded attachment accepted
     */
    public ResumeLocator(OutboundUrlPolicy urlPolicy, Path directory, long maxBytes) {
        this.urlPolicy = urlPolicy;
        this.directory = directory.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    private ResumeLocator(OutboundUrlPolicy urlPolicy, long maxBytes) {
        this.urlPolicy = urlPolicy;
        this.directory = null;
        this.maxBytes = maxBytes;
    }

    /**
     * A locator that never writes: usable inline content gives a {@link ResumeRef} with neither link nor path.
     * For evaluating rules, where nothing may be stored.
     */
    public static ResumeLocator withoutStoring(OutboundUrlPolicy urlPolicy, long maxBytes) {
        return new ResumeLocator(urlPolicy, maxBytes);
    }

    /** With the default directory and size cap. */
    public ResumeLocator(OutboundUrlPolicy urlPolicy) {
        this(urlPolicy, DEFAULT_DIRECTORY, DEFAULT_MAX_BYTES);
    }

    /**
     * @param issues receives a {@link DataIssue} for each link refused or content unusable
     * @return where the resume is, or null when no attachment offers a usable one
     * @throws AttachmentStorageException when decoded content cannot be written
     */
    public ResumeRef locate(String integrationId, String candidateId, List<Attachment> attachments, List<DataIssue> issues) {
        int index = chosenIndex(attachments);
        if (index < 0) {
            return null;
        }
        Attachment chosen = attachments.get(index);
        String path = ModelPart.ATTACHMENTS + "[" + index + "]";
        String url = allowedLink(chosen.downloadLink(), path + ".downloadLink", issues);
        if (url == null) {
            url = allowedLink(chosen.link(), path + ".link", issues);
        }
        if (url != null) {
            return new ResumeRef(chosen.fileName(), chosen.fileType(), url, null);
        }
        byte[] content = usableContent(chosen, path + ".attachmentContent", issues);
        if (content == null) {
            return null;
        }
        if (directory == null) {
            return new ResumeRef(chosen.fileName(), chosen.fileType(), null, null);
        }
        String stored = store(integrationId, candidateId, chosen, content, path + ".attachmentContent", issues);
        return stored == null ? null : new ResumeRef(chosen.fileName(), chosen.fileType(), null, stored);
    }

    /** Where a candidate's decoded attachments are stored (also what erasure and retention delete). */
    public Path candidateFolder(String integrationId, String candidateId) {
        requireStoring();
        return directory.resolve(safeFileName(integrationId, "unknown-integration"))
                .resolve(safeFileName(candidateId, "unknown-candidate"));
    }

    /** The folder holding every stored attachment. */
    public Path directory() {
        requireStoring();
        return directory;
    }

    private void requireStoring() {
        if (directory == null) {
            throw new IllegalStateException("this resume locator does not store attachments");
        }
    }

    /** The name under which a file called {@code given} is stored: its last path segment, made harmless. */
    static String safeFileName(String given, String fallback) {
        String name = given == null ? "" : given.strip();
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = UNSAFE_CHARS.matcher(name).replaceAll("_");
        name = EDGE_DOTS_AND_UNDERSCORES.matcher(name).replaceAll("");
        if (name.length() > MAX_NAME_LENGTH) {
            name = name.substring(name.length() - MAX_NAME_LENGTH);
        }
        return name.isEmpty() ? fallback : name;
    }

    private static int chosenIndex(List<Attachment> attachments) {
        for (int i = 0; i < attachments.size(); i++) {
            String type = attachments.get(i).fileType();
            if (type != null && type.strip().toUpperCase(Locale.ROOT).equals("RESUME")) {
                return i;
            }
        }
        return attachments.isEmpty() ? -1 : 0;
    }

    private String allowedLink(String link, String field, List<DataIssue> issues) {
        if (link == null || link.isBlank()) {
            return null;
        }
        try {
            return urlPolicy.requireAllowed(link).toString();
        } catch (RefusedUrlException refused) {
            issues.add(new DataIssue(field, "link not followed: " + refused.getMessage()));
            return null;
        }
    }

    /** The decoded content, or null (with an issue unless there is none) when it cannot be used. */
    private byte[] usableContent(Attachment attachment, String field, List<DataIssue> issues) {
        String content = attachment.attachmentContent();
        if (Base64Content.isBlank(content)) {
            return null;
        }
        if (Base64Content.minDecodedSize(content) > maxBytes) {
            // Refused before decoding, so an oversized attachment never sits in memory twice.
            issues.add(new DataIssue(field, "content is larger than the limit of " + maxBytes + " bytes"));
            return null;
        }
        byte[] bytes;
        try {
            bytes = Base64Content.decode(content);
        } catch (IllegalArgumentException notBase64) {
            issues.add(new DataIssue(field, "not valid base64: " + notBase64.getMessage()));
            return null;
        }
        if (bytes.length > maxBytes) {
            issues.add(new DataIssue(field, "content is larger than the limit of " + maxBytes + " bytes"));
            return null;
        }
        return bytes;
    }

    private String store(String integrationId, String candidateId, Attachment attachment, byte[] bytes, String field,
                         List<DataIssue> issues) {
        Path target = candidateFolder(integrationId, candidateId)
                .resolve(safeFileName(attachment.fileName(), "attachment"))
                .normalize();
        if (!target.startsWith(directory)) {
            // Cannot happen with the names made safe above; kept as the last line of defence.
            issues.add(new DataIssue(field, "file name would leave the attachment directory"));
            return null;
        }
        write(target, bytes);
        return target.toString();
    }

    /** Writes through a temporary file so that readers never see half a resume. */
    private static void write(Path target, byte[] bytes) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
            try {
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException notOnThisDisk) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new AttachmentStorageException("could not store attachment at " + target, e);
        }
    }
}
