package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.traverse.events.DiskSynced;
import io.traverse.events.EventEnvelope;
import io.traverse.events.EventType;
import io.traverse.events.InstanceActive;
import io.traverse.events.PortMapping;
import io.traverse.events.SourceNic;
import io.traverse.events.SyncedDisk;
import io.traverse.events.VmConverted;
import io.traverse.events.VmMapped;
import io.traverse.events.VmSized;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user checks after a VM is MIGRATED, in every place it shows: the source is powered off; Nova has an ACTIVE
 * instance with the flavor flavor-service matched; its boot volume holds exactly the source disk's bytes; its port
 * keeps the source MAC; the timeline holds every phase in order; and every event is on its Kafka topic in pipeline
 * order.
 */
record MigratedVm(String migrationId, String vm, InstanceActive active, VmMapped mapped, VmConverted converted,
                  List<DiskSynced> rounds) {

    static final List<EventType> PIPELINE = List.of(EventType.MIGRATION_REQUESTED, EventType.VM_DISCOVERED,
            EventType.VM_SIZED, EventType.VM_MAPPED, EventType.DISK_SYNCED, EventType.VM_CONVERTED, EventType.INSTANCE_ACTIVE);

    /** @param precopyRounds the pre-copy rounds expected before the cutover round (0 for cold) */
    static MigratedVm verify(Stack stack, Target target, TopicLog kafka, String id, String vm, int precopyRounds)
            throws Exception {
        UUID mid = UUID.fromString(id);
        JsonNode migration = Api.migration(id);
        assertEquals("MIGRATED", migration.path("state").asText(), vm + ": " + migration);

        // every event on its topic, in pipeline order (each topic keeps one migration's order; across topics, time)
        Instant last = Instant.MIN;
        for (EventType t : PIPELINE) {
            List<EventEnvelope> events = kafka.of(t, mid);
            int expected = t == EventType.DISK_SYNCED ? precopyRounds + 1 : 1;
            assertEquals(expected, events.size(), vm + ": " + t.type() + " events on " + t.topic());
            for (EventEnvelope e : events) {
                assertFalse(e.time().isBefore(last), vm + ": " + t.type() + " at " + e.time() + " before the previous event at " + last);
                last = e.time();
            }
        }
        VmSized sized = (VmSized) kafka.of(EventType.VM_SIZED, mid).get(0).data();
        VmMapped mapped = (VmMapped) kafka.of(EventType.VM_MAPPED, mid).get(0).data();
        List<DiskSynced> rounds = kafka.of(EventType.DISK_SYNCED, mid).stream().map(e -> (DiskSynced) e.data()).toList();
        VmConverted converted = (VmConverted) kafka.of(EventType.VM_CONVERTED, mid).get(0).data();
        InstanceActive active = (InstanceActive) kafka.of(EventType.INSTANCE_ACTIVE, mid).get(0).data();
        MigratedVm result = new MigratedVm(id, vm, active, mapped, converted, rounds);

        // rounds: the pre-copies, then the cutover
        for (int i = 0; i < rounds.size(); i++) {
            assertEquals(i + 1, rounds.get(i).round(), vm + ": rounds in order");
            assertEquals(i == rounds.size() - 1, rounds.get(i).cutover(), vm + ": only the last round is the cutover");
        }

        // the source is powered off
        String info = stack.govc("vm.info", vm);
        assertTrue(info.contains("Power: poweredOff"), vm + " is powered off: " + info);

        // an ACTIVE instance with the matched flavor, shown the same in the API
        JsonNode server = target.server(active.instanceId());
        assertEquals("ACTIVE", server.path("status").asText(), vm + ": " + server);
        assertEquals(sized.flavor().name(), server.path("flavor").path("original_name").asText(), vm + ": flavor");
        assertEquals(sized.flavor().name(), migration.path("target").path("flavor").asText(), vm + ": flavor in the API");

        // the boot volume holds exactly the source disk's bytes (byte for byte over the disk's capacity)
        assertFalse(converted.volumeIds().isEmpty(), vm + ": volumes");
        String volumeId = converted.volumeIds().get(0);
        SyncedDisk synced = rounds.get(rounds.size() - 1).disks().get(0);
        assertEquals(volumeId, synced.volumeId(), vm + ": the cutover round wrote the boot volume");
        assertEquals("__DEFAULT__", target.volume(volumeId).path("volume_type").asText(), vm + ": volume type from the mapping");
        SourceDisk source = SourceDisk.of(stack, vm);
        long diff = SourceDisk.firstDifference(source.flat(), Path.of("/srv/cinder-nfs/volume-" + volumeId),
                mapped.vm().disks().get(0).capacityBytes());
        assertEquals(-1, diff, vm + ": volume " + volumeId + " differs from the source disk at byte " + diff);

        // the MAC is kept on the instance's port
        SourceNic nic = mapped.vm().nics().get(0);
        assertEquals(1, mapped.ports().size(), vm + ": ports");
        PortMapping pm = mapped.ports().get(0);
        assertTrue(pm.macPreserved(), vm + ": MAC preserved");
        JsonNode port = target.port(pm.portId());
        assertEquals(nic.macAddress(), port.path("mac_address").asText(), vm + ": MAC of the target port");
        assertEquals(active.instanceId(), port.path("device_id").asText(), vm + ": the port is the instance's");

        // the timeline: every pipeline event in order, and every state on the way
        JsonNode timeline = Api.timeline(id);
        List<String> types = new ArrayList<>();
        Set<String> states = new LinkedHashSet<>();
        for (JsonNode t : timeline) {
            types.add(t.path("type").asText());
            states.add(t.path("toState").asText());
        }
        int at = -1;
        for (EventType t : PIPELINE) {
            int i = types.subList(at + 1, types.size()).indexOf(t.type());
            assertTrue(i >= 0, vm + ": " + t.type() + " after position " + at + " in the timeline " + types);
            at += i + 1;
        }
        List<String> expectedStates = new ArrayList<>(List.of("DISCOVERING", "SIZING", "MAPPING"));
        if (precopyRounds > 0) {
            expectedStates.add("PRECOPYING");
        }
        expectedStates.addAll(List.of("CUTTING_OVER", "CONVERTING", "LAUNCHING", "MIGRATED"));
        assertEquals(expectedStates, states.stream().filter(expectedStates::contains).toList(), vm + ": states " + states);
        assertEquals("MIGRATED", timeline.get(timeline.size() - 1).path("toState").asText(), vm + ": last state");
        Stack.log(vm + " verified: " + active.instanceName() + " ACTIVE (" + active.flavorName() + "), volume " + volumeId
                + " equal to the source disk, MAC " + nic.macAddress() + ", " + rounds.size() + " round(s)");
        return result;
    }
}
