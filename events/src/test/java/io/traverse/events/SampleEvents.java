package io.traverse.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A realistic instance of every event: one warm migration of a two-disk, two-NIC RHEL VM from the vcsim-like
 * inventory onto the FFP target (m2.medium-bfv, frontier-net, rbd volumes). Fixed ids and times, so the examples
 * generated into docs/events.md are stable.
 */
public final class SampleEvents {

    public static final UUID MIGRATION_ID = UUID.fromString("0b6f3c52-9a1e-4d7b-8c2f-5e4a1d9b7c30");
    public static final UUID PLAN_ID = UUID.fromString("6d2a7e14-3b8c-4f59-a0d1-c7e95b2f4a86");
    public static final UUID MAPPING_ID = UUID.fromString("3f8e2c71-5d4b-4a96-b1e7-9c0a2d6f8e15");
    public static final Instant TIME = Instant.parse("2025-11-25T14:06:12.345678Z");

    private SampleEvents() {
    }

    public static MigrationRequested request() {
        return new MigrationRequested(PLAN_ID, 1, "vm-1042", "erp-app-01", MigrationMode.WARM, Duration.ofHours(4),
                null, List.of("00:50:56:a1:2b:3d"), "alice", MAPPING_ID, true, true);
    }

    public static SourceVm sourceVm() {
        return new SourceVm("vm-1042", "erp-app-01", "5021f1d6-8c7b-4a3e-9d2c-1b0a9f8e7d6c", 2, 4096,
                "rhel9_64Guest", Firmware.EFI, PowerState.POWERED_ON, "DC0_C0", "DC0_C0_H0", "DC0", true,
                List.of(new SourceDisk(2000, "[LocalDS_0] erp-app-01/erp-app-01.vmdk", "LocalDS_0", 42_949_672_960L,
                                true, "pvscsi 0:0", "52 de c0 d9 b9 43 9d 10-61 d5 4c 1b e9 7b 65 63/44"),
                        new SourceDisk(2001, "[LocalDS_1] erp-app-01/erp-app-01_1.vmdk", "LocalDS_1",
                                107_374_182_400L, false, "pvscsi 0:1",
                                "52 de c0 d9 b9 43 9d 10-61 d5 4c 1b e9 7b 65 63/17")),
                List.of(new SourceNic(4000, "00:50:56:a1:2b:3c", "dvportgroup-13", "DC0_DVPG0",
                                List.of("10.20.0.42", "fe80::250:56ff:fea1:2b3c")),
                        new SourceNic(4001, "00:50:56:a1:2b:3d", "network-7", "VM Network")));
    }

    public static TargetFlavor flavor() {
        return new TargetFlavor("5c7e1b2a-0d4f-4e8a-9b6c-3f2d1e0a9b8c", "m2.medium-bfv", 2, 4096, 0, false);
    }

    public static VmMapped mapped() {
        return new VmMapped(request(), sourceVm(), flavor(), "nova",
                List.of(new PortMapping("00:50:56:a1:2b:3c", "8e3f2a1b-7c6d-4e5f-9a0b-1c2d3e4f5a6b",
                        "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f", "10.20.0.42",
                        true, List.of("3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"), true, null)),
                Map.of(2000, "rbd", 2001, "rbd"));
    }

    /** A payload of the given type; the switch fails to compile when a type has no sample. */
    public static MigrationEvent payload(EventType type) {
        return switch (type) {
            case MIGRATION_REQUESTED -> request();
            case VM_DISCOVERED -> new VmDiscovered(request(), sourceVm());
            case VM_SIZED -> new VmSized(request(), sourceVm(), flavor());
            case VM_MAPPED -> mapped();
            case DISK_SYNC_REQUESTED -> new DiskSyncRequested(3, true, true);
            case DISK_PROGRESS -> new DiskProgress(2001, 1, 53_687_091_200L, 107_374_182_400L, 157_286_400L, 341L);
            case DISK_SYNCED -> new DiskSynced(3, true,
                    List.of(new SyncedDisk(2000, "c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f",
                                    "52 de c0 d9 b9 43 9d 10-61 d5 4c 1b e9 7b 65 63/51", 8_388_608L,
                                    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 2_140L),
                            new SyncedDisk(2001, "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f7a",
                                    "52 de c0 d9 b9 43 9d 10-61 d5 4c 1b e9 7b 65 63/24", 0L, null, 310L)),
                    mapped(), 2_630L);
            case VM_CONVERTED -> new VmConverted(ConversionPath.LIGHT, "virt-v2v-in-place", "2.6.0",
                    "RHEL 9 guest already has virtio modules; EFI boot entry fixed",
                    List.of("c9d8e7f6-a5b4-4c3d-9e2f-1a0b9c8d7e6f", "d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f7a"), mapped());
            case INSTANCE_ACTIVE -> new InstanceActive("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d", "migrated-erp-app-01",
                    "m2.medium-bfv", "compute-03", List.of("10.20.0.42"),
                    List.of("f0e1d2c3-b4a5-4968-8776-5a4b3c2d1e0f"));
            case MIGRATION_FAILED -> new MigrationFailed(Phase.MAPPING,
                    "port group 'VM Network' (network-7) has no target network in plan mapping", false);
            case MIGRATION_CANCELLED -> new MigrationCancelled("maintenance window moved to Saturday", "alice");
            case INVENTORY_CHANGED -> new InventoryChanged("vcenter-dc0", List.of(
                    new InventoryChange("vm-1042", "erp-app-01", InventoryChange.Kind.MODIFIED,
                            PowerState.POWERED_OFF),
                    new InventoryChange("vm-1077", "build-agent-07", InventoryChange.Kind.REMOVED, null)));
        };
    }

    /** The service that sends this sample. */
    public static String source(EventType type) {
        return switch (type) {
            case MIGRATION_REQUESTED, DISK_SYNC_REQUESTED, MIGRATION_CANCELLED -> "migration-api";
            case VM_DISCOVERED, INVENTORY_CHANGED -> "discovery-service";
            case VM_SIZED -> "flavor-service";
            case VM_MAPPED, MIGRATION_FAILED -> "network-mapper";
            case DISK_PROGRESS, DISK_SYNCED -> "disk-transfer-worker";
            case VM_CONVERTED -> "conversion-worker";
            case INSTANCE_ACTIVE -> "launch-service";
        };
    }

    /** A complete envelope of the given type with a stable id and time. */
    public static EventEnvelope envelope(EventType type) {
        return new EventEnvelope(UUID.nameUUIDFromBytes(type.type().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                type.type(), source(type), TIME, type.perMigration() ? MIGRATION_ID : null,
                EventEnvelope.SCHEMA_VERSION, payload(type));
    }
}
