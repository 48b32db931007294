package io.traverse.testbed;

import io.traverse.events.ConversionPath;
import io.traverse.events.DiskSyncRequested;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.Firmware;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.PortMapping;
import io.traverse.events.PowerState;
import io.traverse.events.SourceDisk;
import io.traverse.events.SourceNic;
import io.traverse.events.SourceVm;
import io.traverse.events.SyncedDisk;
import io.traverse.events.TargetFlavor;
import io.traverse.events.VmConverted;
import io.traverse.events.VmDiscovered;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Realistic events for one VM of the integration guide's vcsim inventory (1 vCPU, 32 MB, one 10 GiB thin disk on
 * LocalDS_0, one NIC on DC0_DVPG0) as it moves through the pipeline, for tests that need a phase's input.
 */
public final class SampleEvents {

    public static final String VM_ID = "vm-42";
    public static final String VM_NAME = "DC0_C0_RP0_VM0";

    private final UUID migrationId;

    public SampleEvents(UUID migrationId) {
        this.migrationId = migrationId;
    }

    /** A fresh migration id each time. */
    public static SampleEvents forNewMigration() {
        return new SampleEvents(UUID.randomUUID());
    }

    public UUID migrationId() {
        return migrationId;
    }

    public MigrationRequested request() {
        return new MigrationRequested(UUID.nameUUIDFromBytes(("plan-" + migrationId).getBytes()), 1, VM_ID, VM_NAME,
                MigrationMode.WARM, java.time.Duration.ofMinutes(30), null, List.of(), "test");
    }

    public SourceVm vm() {
        return new SourceVm(VM_ID, VM_NAME, "42005e3a-7c2b-4f1d-9a3b-1d2e3f4a5b6c", 1, 32, "otherGuest", Firmware.BIOS,
                PowerState.POWERED_ON, "DC0_C0", "DC0_C0_H0", "DC0", true,
                List.of(new SourceDisk(204, "[LocalDS_0] " + VM_NAME + "/disk1.vmdk", "LocalDS_0", 10L << 30, true,
                        "pvscsi", null)),
                List.of(new SourceNic(4000, "00:50:56:00:00:01", "DC0_DVPG0", "DC0_DVPG0")));
    }

    public TargetFlavor flavor() {
        return new TargetFlavor("1", "m1.tiny", 1, 256, 0, false);
    }

    public VmMapped mapped() {
        return new VmMapped(request(), vm(), flavor(), "nova",
                List.of(new PortMapping("00:50:56:00:00:01", "9f0b1f5e-frontier-net", null,
                        "5d1c2b3a-port", "10.20.0.15", true, List.of("default"))),
                Map.of(204, "__DEFAULT__"));
    }

    public EventEnvelope migrationRequested() {
        return EventEnvelope.of("migration-api", migrationId, request());
    }

    public EventEnvelope vmDiscovered() {
        return EventEnvelope.of("discovery-service", migrationId, new VmDiscovered(request(), vm()));
    }

    public EventEnvelope vmSized() {
        return EventEnvelope.of("flavor-service", migrationId, new VmSized(request(), vm(), flavor()));
    }

    public EventEnvelope vmMapped() {
        return EventEnvelope.of("network-mapper", migrationId, mapped());
    }

    public EventEnvelope diskSyncRequested(int round, boolean cutover) {
        return EventEnvelope.of("migration-api", migrationId, new DiskSyncRequested(round, cutover, true));
    }

    public EventEnvelope diskSynced(int round, boolean cutover) {
        return EventEnvelope.of("disk-transfer-worker", migrationId, new DiskSynced(round, cutover,
                List.of(new SyncedDisk(204, "0c7e1a2b-volume", "52 de 1a 7e/" + round, 10L << 30, null)), mapped()));
    }

    /** A round as the worker reports it: {@code bytes} copied on disk 204 in {@code durationMillis}. */
    public EventEnvelope diskSynced(int round, boolean cutover, long bytes, long durationMillis) {
        return EventEnvelope.of("disk-transfer-worker", migrationId, new DiskSynced(round, cutover,
                List.of(new SyncedDisk(204, "0c7e1a2b-volume", "52 de 1a 7e/" + round, bytes, null, durationMillis)),
                mapped(), durationMillis));
    }

    public EventEnvelope vmConverted() {
        return EventEnvelope.of("conversion-worker", migrationId, new VmConverted(ConversionPath.NONE, null, null,
                "no operating system on the disks", List.of("0c7e1a2b-volume"), mapped()));
    }
}
