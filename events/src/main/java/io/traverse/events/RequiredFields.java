package io.traverse.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

/**
 * Which payload fields must be present on the wire, and the check of a JSON tree against that. A component is
 * required when it is primitive or carries {@code @NotNull}, {@code @NotBlank} or {@code @NotEmpty}; every other
 * component is optional and left out of the JSON when null. The AsyncAPI document's {@code required} lists follow
 * the same rule (checked by its contract test).
 *
 * <p>This checks presence only; values (patterns, ranges) are for Bean Validation in the services.
 */
final class RequiredFields {

    private static final List<Class<? extends Annotation>> REQUIRED_MARKERS =
            List.of(NotNull.class, NotBlank.class, NotEmpty.class);

    private RequiredFields() {
    }

    static boolean isRequired(RecordComponent component) {
        if (component.getType().isPrimitive()) {
            return true;
        }
        for (Class<? extends Annotation> marker : REQUIRED_MARKERS) {
            if (component.getAccessor().isAnnotationPresent(marker)
                    || component.getAnnotatedType().isAnnotationPresent(marker)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fails on the first required field that is absent or null in {@code node}, or null element of a list or map,
     * recursing into nested records and lists of records.
     *
     * @param path where {@code node} sits in the event, e.g. {@code data}
     * @throws MalformedEventException naming the event type and the field's full path
     */
    static void check(Class<?> recordType, JsonNode node, String path, String eventType) {
        for (RecordComponent component : recordType.getRecordComponents()) {
            String fieldPath = path + "." + component.getName();
            JsonNode value = node.get(component.getName());
            if (value == null || value.isNull()) {
                if (isRequired(component)) {
                    throw new MalformedEventException(
                            eventType + " event is missing required field '" + fieldPath + "'");
                }
                continue;
            }
            Class<?> type = component.getType();
            if (type.isRecord()) {
                checkObject(type, value, fieldPath, eventType);
            } else if (List.class.isAssignableFrom(type) && value.isArray()) {
                Class<?> element = typeArgument(component.getGenericType(), 0);
                for (int i = 0; i < value.size(); i++) {
                    String elementPath = fieldPath + "[" + i + "]";
                    requireElement(value.get(i), elementPath, eventType);
                    if (element != null && element.isRecord()) {
                        checkObject(element, value.get(i), elementPath, eventType);
                    }
                }
            } else if (Map.class.isAssignableFrom(type) && value.isObject()) {
                value.properties().forEach(entry ->
                        requireElement(entry.getValue(), fieldPath + "[\"" + entry.getKey() + "\"]", eventType));
            }
        }
    }

    private static void checkObject(Class<?> recordType, JsonNode value, String path, String eventType) {
        if (!value.isObject()) {
            throw new MalformedEventException(eventType + " event field '" + path + "' must be a JSON object ("
                    + recordType.getSimpleName() + "), got " + value.getNodeType().name().toLowerCase());
        }
        check(recordType, value, path, eventType);
    }

    /** Lists and maps in payloads never hold null (their records copy them with {@code List.copyOf}). */
    private static void requireElement(JsonNode element, String path, String eventType) {
        if (element.isNull()) {
            throw new MalformedEventException(eventType + " event field '" + path + "' is null; list elements and "
                    + "map values must not be");
        }
    }

    private static Class<?> typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
            return argument;
        }
        return null;
    }
}
