package io.traverse.conversion.volumes;

import java.io.IOException;
import java.util.Optional;

/** Finds the volumes disk-transfer-worker synced: Cinder on the OpenStack target, local files on the local stack. */
public interface ConversionVolumes {

    Optional<ConversionVolume> find(String volumeId) throws IOException;
}
