package io.traverse.migration.preflight;

/**
 * One preflight result: which rule, how bad, about which VM (null for the whole wave) and a message a person
 * understands.
 */
public record Finding(String rule, Severity severity, String vmId, String vmName, String message) {
}
