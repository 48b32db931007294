package io.traverse.migration.engine;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The daily window (UTC) in which an automatic cutover may start, e.g. {@code 22:00-04:00}; it may wrap midnight.
 */
public record CutoverWindow(LocalTime start, LocalTime end) {

    /** Parses {@code HH:mm-HH:mm}. @throws IllegalArgumentException with a message a person understands */
    public static CutoverWindow parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("-");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a cutover window is HH:mm-HH:mm in UTC, e.g. 22:00-04:00; got '" + text + "'");
        }
        try {
            return new CutoverWindow(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a cutover window is HH:mm-HH:mm in UTC, e.g. 22:00-04:00; got '" + text + "'");
        }
    }

    public boolean contains(Instant at) {
        LocalTime t = LocalTime.ofInstant(at, ZoneOffset.UTC);
        return start.isBefore(end) || start.equals(end)
                ? !t.isBefore(start) && t.isBefore(end.equals(start) ? LocalTime.MAX : end)
                : !t.isBefore(start) || t.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
