package io.traverse.flavor;

import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.PowerState;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceNic;
import io.traverse.events.SourceVm;
import io.traverse.events.VmDiscovered;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** vm.discovered events for VMs of a given size, each for a new migration. */
public final class FlavorTestVms {

    private FlavorTestVms() {
    }

    public static EventEnvelope discovered(int vcpus, long memoryMb, Firmware firmware, String flavorOverride) {
        UUID migrationId = UUID.randomUUID();
        MigrationRequested request = new MigrationRequested(UUID.randomUUID(), 1, "vm-7" + vcpus, "sized-vm",
                MigrationMode.COLD, (Duration) null, flavorOverride, List.of(), "test");
        SourceVm vm = new SourceVm("vm-7" + vcpus, "sized-vm", UUID.randomUUID().toString(), vcpus, memoryMb,
                "otherGuest", firmware, PowerState.POWERED_ON, "DC0_C0", "DC0_C0_H0", "DC0", true,
                List.of(new SourceDisk(2000, "[LocalDS_0] sized-vm/sized-vm.vmdk", "LocalDS_0", 1L << 30, true,
                        "pvscsi 0:0", null)),
                List.of(new SourceNic(4000, "00:50:56:aa:00:01", "DC0_DVPG0", "DC0_DVPG0")));
        return EventEnvelope.of("discovery-service", migrationId, new VmDiscovered(request, vm));
    }
}
