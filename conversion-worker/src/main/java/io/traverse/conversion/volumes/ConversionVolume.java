package io.traverse.conversion.volumes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A target volume holding one synced disk, as the conversion Job sees it: its bytes (the attached block device, or
 * the file standing in for it) and its metadata, where the conversion leaves its marker.
 */
public interface ConversionVolume {

    /** Metadata key of the marker (the name the CBT feature and os-migrate use): "true" once the guest is converted. */
    String CONVERTED = "converted";
    String TOOL = "traverse.conversion.tool";
    String TOOL_VERSION = "traverse.conversion.tool-version";
    String PATH = "traverse.conversion.path";

    String id();

    Path device();

    Map<String, String> metadata() throws IOException;

    /** Sets the given keys, leaving the others. */
    void updateMetadata(Map<String, String> changes) throws IOException;

    default boolean converted() throws IOException {
        return "true".equalsIgnoreCase(metadata().get(CONVERTED));
    }
}
