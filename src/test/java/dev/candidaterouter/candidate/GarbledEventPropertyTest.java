package dev.candidaterouter.candidate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Takes the valid sample event, damages it at random (deleted models and fields, wrong types, garbage dates,
 * unknown proficiencies, broken base64…) and checks that nothing throws and that every damaged field is named
 * in the profile's data issues. Seeded, so a failure replays.
 */
class GarbledEventPropertyTest {
    private static final long SEED = 20250630L;
    private static final int EVENTS = 300;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path attachments;

    /** What a field holds, which decides how it can be damaged so that the damage must be reported. */
    private enum Kind { TEXT, DATE, TIMESTAMP, BOOL, PROFICIENCY, BASE64, OBJECT, OBJECT_LIST, TEXT_LIST, ENTRY }

    /** A place in the event: its container, its key or index there, its path as issues name it. */
    private record Slot(JsonNode parent, String key, int index, String path, Kind kind) {
        void set(JsonNode value) {
            if (key != null) {
                ((ObjectNode) parent).set(key, value);
            } else {
                ((ArrayNode) parent).set(index, value);
            }
        }

        void remove() {
            if (key != null) {
                ((ObjectNode) parent).remove(key);
            } else {
                ((ArrayNode) parent).set(index, NODES.nullNode());
            }
        }
    }

    @Test
    void garbledEventsNeverFailAndEveryGarbledFieldIsReported() {
        Random random = new Random(SEED);
        ProfileAssembler assembler = Events.assembler(attachments);
        ModelReader reader = new ModelReader();
        ModelCollector collector = new ModelCollector();
        CamelContext camel = new DefaultCamelContext();
        int checked = 0;

        for (int run = 0; run < EVENTS; run++) {
            ObjectNode event = Events.sample();
            Set<String> garbled = new TreeSet<>();
            int damages = 1 + random.nextInt(6);
            for (int d = 0; d < damages; d++) {
                damage(event, random, garbled);
            }
            String recordId = "rec-" + run;
            List<CandidateProfile> profile = new ArrayList<>();

            assertThatCode(() -> {
                Exchange collected = null;
                for (ModelPart part : ModelPart.of(event)) {
                    Exchange split = new DefaultExchange(camel);
                    split.getMessage().setBody(reader.read(part));
                    collected = collector.aggregate(collected, split);
                }
                KnitModels models = collected == null ? KnitModels.empty() : collected.getMessage().getBody(KnitModels.class);
                profile.add(assembler.assemble("int-1", recordId, models));
            }).as("run %d: %s", run, event).doesNotThrowAnyException();

            CandidateProfile p = profile.get(0);
            assertThat(p.getDataIssues()).extracting(DataIssue::field).as("run %d: %s", run, event.toString()).containsAll(garbled);
            assertThat(p.getCandidateId()).isNotBlank();
            checked += garbled.size();
        }
        // Guards against a generator that stopped damaging anything.
        assertThat(checked).isGreaterThan(EVENTS);
    }

    /** Damages one random place; records its path when the damage must be reported. */
    private static void damage(ObjectNode event, Random random, Set<String> garbled) {
        List<Slot> slots = new ArrayList<>();
        collect(event, "", slots, Kind.ENTRY);
        if (slots.isEmpty()) {
            return;
        }
        Slot slot = slots.get(random.nextInt(slots.size()));
        // Whatever was reported inside this place is gone once the place itself changes.
        garbled.removeIf(path -> path.equals(slot.path()) || path.startsWith(slot.path() + ".")
                || path.startsWith(slot.path() + "["));
        if (random.nextInt(4) == 0) {
            // Missing data is not a problem to report.
            if (random.nextBoolean()) {
                slot.remove();
            } else {
                slot.set(NODES.nullNode());
            }
            return;
        }
        slot.set(wrongValue(slot.kind(), random));
        garbled.add(slot.path());
    }

    private static JsonNode wrongValue(Kind kind, Random random) {
        List<JsonNode> choices = switch (kind) {
            case TEXT -> List.of(object(), array(), NODES.booleanNode(true));
            case DATE -> List.of(NODES.textNode("2021-13-45"), NODES.textNode("yesterday"),
                    NODES.textNode("31/12/2020"), NODES.textNode("2021-02-29"), NODES.numberNode(20200101), object());
            case TIMESTAMP -> List.of(NODES.textNode("not-a-time"), NODES.textNode("2025-02-30T10:00:00Z"),
                    NODES.numberNode(1741542012000L), array());
            case BOOL -> List.of(NODES.textNode("yes"), NODES.textNode("maybe"), NODES.numberNode(1), array());
            case PROFICIENCY -> List.of(NODES.textNode("Guru"), NODES.textNode("5/5"), NODES.numberNode(3), object());
            case BASE64 -> List.of(NODES.textNode("@@@ not base64 @@@"), NODES.textNode("abcde"),
                    NODES.textNode("ab+c-d=="), object());
            case OBJECT -> List.of(array(), NODES.textNode("info"), NODES.numberNode(1));
            case OBJECT_LIST, TEXT_LIST -> List.of(NODES.textNode("oops"), object(), NODES.numberNode(2));
            case ENTRY -> List.of(NODES.numberNode(7), NODES.textNode("entry"), array());
        };
        return choices.get(random.nextInt(choices.size()));
    }

    private static ObjectNode object() {
        return NODES.objectNode().put("unexpected", "object");
    }

    private static ArrayNode array() {
        return NODES.arrayNode().add(1);
    }

    /** Every damageable place of the event as it is now: the fields Knit defines, inside containers still of their shape. */
    private static void collect(JsonNode node, String path, List<Slot> slots, Kind itemKind) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                JsonNode value = node.get(name);
                String fieldPath = path.isEmpty() ? name : path + "." + name;
                if (value.isNull() || (path.isEmpty() && !ModelPart.MODELS.contains(name))
                        || name.equals("somethingNew") || name.equals("unexpected")) {
                    // Unknown fields, including the junk put in by earlier damage, are not read at all.
                    return;
                }
                Kind kind = kindOf(name, path.isEmpty());
                slots.add(new Slot(node, name, -1, fieldPath, kind));
                boolean container = (kind == Kind.OBJECT && value.isObject())
                        || ((kind == Kind.OBJECT_LIST || kind == Kind.TEXT_LIST) && value.isArray());
                if (container) {
                    collect(value, fieldPath, slots, kind == Kind.TEXT_LIST ? Kind.TEXT : Kind.ENTRY);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String itemPath = path + "[" + i + "]";
                if (!item.isNull()) {
                    slots.add(new Slot(node, null, i, itemPath, itemKind));
                    if (itemKind == Kind.ENTRY && item.isObject()) {
                        collect(item, itemPath, slots, Kind.ENTRY);
                    }
                }
            }
        }
    }

    private static Kind kindOf(String name, boolean model) {
        if (model) {
            return name.equals(ModelPart.INFO) ? Kind.OBJECT : Kind.OBJECT_LIST;
        }
        return switch (name) {
            case "fromDate", "toDate", "startDate", "endDate" -> Kind.DATE;
            case "createdAt", "updatedAt" -> Kind.TIMESTAMP;
            case "currentlyPursuing", "currentlyWorking" -> Kind.BOOL;
            case "proficiency" -> Kind.PROFICIENCY;
            case "attachmentContent" -> Kind.BASE64;
            case "emails", "phones" -> Kind.OBJECT_LIST;
            case "tags", "links", "applications" -> Kind.TEXT_LIST;
            default -> Kind.TEXT;
        };
    }
}
