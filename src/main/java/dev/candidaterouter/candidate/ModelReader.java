package dev.candidaterouter.candidate;

import dev.candidaterouter.knit.KnitEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one of Knit's candidate models from JSON into typed records. Never throws for bad data: a field of
 * the wrong type or with an unreadable value is left empty and reported as a {@link DataIssue} with its path
 * ({@code experiences[2].startDate}); the rest of the record is kept. Stateless, so one instance can serve
 * every exchange.
 */
public class ModelReader {

    /**
     * The models a candidate record's event carries, one part each, for {@link #read} ({@link ModelPart#ofEvent}).
     * Here so the route splits on a bean it names: a static method by class name ({@code beanType}) had Camel search
     * its registry by type for every event.
     */
    public List<ModelPart> parts(KnitEvent event) {
        return ModelPart.ofEvent(event);
    }

    /** Reads one model; an unknown model name gives an empty result with an issue. */
    public ParsedModel read(ModelPart part) {
        List<DataIssue> issues = new ArrayList<>();
        String model = part.model() == null ? "" : part.model();
        Object value = switch (model) {
            case ModelPart.INFO -> info(FieldReader.object(part.json(), model, issues));
            case ModelPart.EDUCATION -> FieldReader.objects(part.json(), model, issues, ModelReader::education);
            case ModelPart.LOCATIONS -> FieldReader.objects(part.json(), model, issues, ModelReader::location);
            case ModelPart.SKILLS -> FieldReader.objects(part.json(), model, issues, ModelReader::skill);
            case ModelPart.EXPERIENCES -> FieldReader.objects(part.json(), model, issues, ModelReader::experience);
            case ModelPart.ATTACHMENTS -> FieldReader.objects(part.json(), model, issues, ModelReader::attachment);
            default -> {
                issues.add(new DataIssue(model, "not one of Knit's candidate models; ignored"));
                yield null;
            }
        };
        return new ParsedModel(model, value, issues);
    }

    private static CandidateInfo info(FieldReader f) {
        if (f == null) {
            return null;
        }
        return new CandidateInfo(
                f.text("id"),
                f.text("firstName"),
                f.text("lastName"),
                f.objects("emails", ModelReader::email),
                f.objects("phones", ModelReader::phone),
                f.texts("links"),
                f.texts("tags"),
                f.text("title"),
                f.text("company"),
                f.instant("createdAt"),
                f.instant("updatedAt"),
                f.texts("applications"));
    }

    private static EmailAddress email(FieldReader f) {
        return new EmailAddress(f.text("type"), f.text("email", "address", "value"));
    }

    private static PhoneNumber phone(FieldReader f) {
        return new PhoneNumber(f.text("type"), f.text("phoneNumber", "number", "value"));
    }

    private static Education education(FieldReader f) {
        return new Education(
                f.text("id"),
                f.text("degree", "degreeName"),
                f.text("institute", "institution"),
                f.text("major"),
                f.text("minor"),
                f.text("score"),
                f.date("fromDate"),
                f.date("toDate"),
                f.bool("currentlyPursuing"),
                f.text("description"));
    }

    private static Location location(FieldReader f) {
        return new Location(
                f.text("addressLine1"),
                f.text("addressLine2"),
                f.text("city"),
                f.text("state"),
                f.text("country"),
                f.text("zipCode"),
                f.text("addressType"));
    }

    private static Skill skill(FieldReader f) {
        return new Skill(f.text("skillName", "name"), f.proficiency("proficiency"));
    }

    private static Experience experience(FieldReader f) {
        return new Experience(
                f.text("company"),
                f.text("jobTitle", "title"),
                f.date("startDate"),
                f.date("endDate"),
                f.bool("currentlyWorking"),
                f.text("description"));
    }

    private static Attachment attachment(FieldReader f) {
        return new Attachment(
                f.text("fileType"),
                f.text("fileName"),
                f.instant("createdAt"),
                f.text("downloadLink"),
                f.text("link"),
                base64(f, "attachmentContent"));
    }

    /** The content only if it decodes: unreadable bytes are reported here, once, whichever attachment is used. */
    private static String base64(FieldReader f, String field) {
        String content = f.text(field);
        if (Base64Content.isBlank(content)) {
            return null;
        }
        try {
            Base64Content.decode(content);
            return content;
        } catch (IllegalArgumentException notBase64) {
            f.report(field, "not valid base64: " + notBase64.getMessage());
            return null;
        }
    }
}
