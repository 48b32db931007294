package io.traverse.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON form of {@link EventEnvelope}: an object with the envelope's attributes and the payload under
 * {@code data}, ISO-8601 times and durations, null fields left out.
 *
 * <p>Decoding takes the payload class from {@code type} ({@link EventType#payloadClass()}), ignores unknown
 * properties at every level (a newer producer may add fields) and rejects, with a {@link MalformedEventException}
 * that names the field and the event type: bad JSON, an unknown type, a missing required attribute or field, or a
 * value of the wrong JSON type. Encoding rejects a payload whose required field is null the same way.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** The envelope as read, before the payload is bound to its class. */
    private record Wire(UUID id, String type, String source, Instant time, UUID migrationId, int schemaVersion) {
    }

    private static final List<String> REQUIRED_ATTRIBUTES = List.of("id", "source", "time", "schemaVersion", "data");

    private EventJson() {
    }

    /**
     * A copy of the configured mapper (Java time as ISO-8601, unknown properties ignored, nulls left out), for code
     * that writes or reads payload records outside an envelope, e.g. a REST resource or the timeline store.
     */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /** UTF-8 JSON of the event. */
    public static byte[] encode(EventEnvelope event) {
        try {
            return MAPPER.writeValueAsBytes(checkedTree(event));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("cannot encode " + event.type() + " event: " + e.getOriginalMessage(), e);
        }
    }

    /** JSON of the event, as a string. */
    public static String encodeToString(EventEnvelope event) {
        try {
            return MAPPER.writeValueAsString(checkedTree(event));
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("cannot encode " + event.type() + " event: " + e.getOriginalMessage(), e);
        }
    }

    /** The event in UTF-8 JSON. */
    public static EventEnvelope decode(byte[] json) {
        if (json == null) {
            throw new MalformedEventException("cannot decode an event from null bytes");
        }
        try {
            return decode(MAPPER.readTree(json));
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    /** The event in JSON. */
    public static EventEnvelope decode(String json) {
        if (json == null) {
            throw new MalformedEventException("cannot decode an event from a null string");
        }
        try {
            return decode(MAPPER.readTree(json));
        } catch (IOException e) {
            throw notJson(e);
        }
    }

    private static JsonNode checkedTree(EventEnvelope event) {
        if (event == null) {
            throw new MalformedEventException("cannot encode a null event");
        }
        JsonNode tree = MAPPER.valueToTree(event);
        try {
            RequiredFields.check(event.data().getClass(), tree.get("data"), "data", event.type());
        } catch (MalformedEventException e) {
            throw new MalformedEventException("cannot encode: " + e.getMessage(), e);
        }
        return tree;
    }

    private static EventEnvelope decode(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("an event must be a JSON object, got "
                    + (root == null || root.isMissingNode() ? "nothing" : root.getNodeType().name().toLowerCase()));
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new MalformedEventException("event is missing required attribute 'type'");
        }
        if (!typeNode.isTextual()) {
            throw new MalformedEventException("event attribute 'type' must be a string, got " + typeNode);
        }
        EventType type = EventType.fromType(typeNode.asText());
        for (String attribute : REQUIRED_ATTRIBUTES) {
            requireAttribute(root, attribute, type);
        }
        if (type.perMigration()) {
            requireAttribute(root, "migrationId", type);
        }
        JsonNode dataNode = root.get("data");
        if (!dataNode.isObject()) {
            throw new MalformedEventException(type.type() + " event attribute 'data' must be a JSON object ("
                    + type.payloadClass().getSimpleName() + "), got " + dataNode.getNodeType().name().toLowerCase());
        }
        RequiredFields.check(type.payloadClass(), dataNode, "data", type.type());

        Wire wire = bind(root, Wire.class, "", type);
        MigrationEvent data = bind(dataNode, type.payloadClass(), "data", type);
        return new EventEnvelope(wire.id(), wire.type(), wire.source(), wire.time(), wire.migrationId(),
                wire.schemaVersion(), data);
    }

    private static void requireAttribute(JsonNode root, String attribute, EventType type) {
        JsonNode value = root.get(attribute);
        if (value == null || value.isNull()) {
            throw new MalformedEventException(type.type() + " event is missing required attribute '" + attribute + "'");
        }
    }

    private static <T> T bind(JsonNode node, Class<T> target, String prefix, EventType type) {
        try {
            return MAPPER.treeToValue(node, target);
        } catch (JsonMappingException e) {
            throw new MalformedEventException(type.type() + " event field '" + path(prefix, e) + "' is invalid: "
                    + firstLine(e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(type.type() + " event is invalid: " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String path(String prefix, JsonMappingException e) {
        StringBuilder path = new StringBuilder(prefix);
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static MalformedEventException notJson(IOException e) {
        String detail = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
        return new MalformedEventException("event is not valid JSON: " + firstLine(detail), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
