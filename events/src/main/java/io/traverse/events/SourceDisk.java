package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * One virtual disk of the source VM.
 *
 * @param key           device key in the VM's hardware, e.g. {@code 2000}; identifies the disk in every later event
 * @param fileName      datastore path of the VMDK, e.g. {@code [LocalDS_0] vm-42/disk1.vmdk}
 * @param datastore     datastore name, e.g. {@code LocalDS_0}
 * @param capacityBytes provisioned size in bytes; the target volume is at least this big
 * @param thin          true when thin provisioned
 * @param controller    controller the disk hangs on, as {@code type bus:unit}, e.g. {@code pvscsi 0:0}, {@code sata 0:1}
 * @param changeId      CBT change id of the disk at discovery, or null when CBT is off
 */
public record SourceDisk(
        int key,
        @NotBlank @Pattern(regexp = "\\[[^\\]]+\\] .+") String fileName,
        @NotBlank String datastore,
        @Positive long capacityBytes,
        boolean thin,
        @NotBlank String controller,
        String changeId) {
}
