package io.traverse.flavor.flavor;

import io.traverse.events.Firmware;
import io.traverse.events.SourceVm;

/**
 * What a source VM needs from a flavor.
 *
 * @param vcpus    vCPUs
 * @param ramMb    RAM in MiB
 * @param firmware how it boots
 */
public record SizingNeeds(int vcpus, long ramMb, Firmware firmware) {

    public static SizingNeeds of(SourceVm vm) {
        return new SizingNeeds(vm.vcpus(), vm.memoryMb(), vm.firmware());
    }

    public String describe() {
        return vcpus + " vCPU / " + ramMb + " MB" + (firmware == Firmware.EFI ? " / EFI" : "");
    }
}
