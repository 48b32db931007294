package io.traverse.network.testing;

import io.traverse.events.EventEnvelope;
import io.traverse.events.MigrationMode;
import io.traverse.events.MigrationRequested;
import io.traverse.events.SourceNic;
import io.traverse.events.SourceVm;
import io.traverse.events.VmSized;
import io.traverse.testbed.SampleEvents;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The guide's sample VM ({@link SampleEvents}) with NICs of the test's choosing. MACs are random locally administered
 * ones (02:...), so parallel runs and leftovers in the shared testbed never collide.
 */
public final class NetworkTestVms {

    private NetworkTestVms() {
    }

    public static SourceNic nic(int key, String portGroup) {
        return new SourceNic(key, randomMac(), portGroup, portGroup);
    }

    /** A NIC whose guest reports these addresses (VMware Tools' guest.net). */
    public static SourceNic nic(int key, String portGroup, List<String> guestIps) {
        return new SourceNic(key, randomMac(), portGroup, portGroup, guestIps);
    }

    /** A vm.sized of a new migration of the sample VM with these NICs, under this mapping, dropping these MACs. */
    public static EventEnvelope sized(UUID mappingId, List<SourceNic> nics, List<String> dropNics) {
        SampleEvents sample = SampleEvents.forNewMigration();
        return sized(sample.migrationId(), mappingId, nics, dropNics);
    }

    /** Another vm.sized (new event id) for the same migration, as a retry from migration.requested sends. */
    public static EventEnvelope sized(UUID migrationId, UUID mappingId, List<SourceNic> nics, List<String> dropNics) {
        return sized(migrationId, mappingId, nics, dropNics, null, null);
    }

    /** A vm.sized of a new migration whose plan chose MAC and IP preservation (null: network-mapper's default). */
    public static EventEnvelope sized(UUID mappingId, List<SourceNic> nics, Boolean preserveMac, Boolean preserveIp) {
        return sized(SampleEvents.forNewMigration().migrationId(), mappingId, nics, List.of(), preserveMac, preserveIp);
    }

    private static EventEnvelope sized(UUID migrationId, UUID mappingId, List<SourceNic> nics, List<String> dropNics,
                                       Boolean preserveMac, Boolean preserveIp) {
        SampleEvents sample = new SampleEvents(migrationId);
        MigrationRequested r = sample.request();
        MigrationRequested request = new MigrationRequested(r.planId(), r.waveNumber(), r.vmId(), r.vmName(),
                MigrationMode.COLD, (Duration) null, null, dropNics, r.requestedBy(), mappingId, preserveMac, preserveIp);
        SourceVm v = sample.vm();
        SourceVm vm = new SourceVm(v.id(), v.name(), v.uuid(), v.vcpus(), v.memoryMb(), v.guestId(), v.firmware(),
                v.powerState(), v.cluster(), v.host(), v.datacenter(), v.cbtEnabled(), v.disks(), nics);
        return EventEnvelope.of("flavor-service", migrationId, new VmSized(request, vm, sample.flavor()));
    }

    public static String randomMac() {
        Random r = new Random();
        StringBuilder b = new StringBuilder("02");
        for (int i = 0; i < 5; i++) {
            b.append(':').append(String.format("%02x", r.nextInt(256)));
        }
        return b.toString();
    }
}
