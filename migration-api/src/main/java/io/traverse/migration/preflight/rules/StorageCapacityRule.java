package io.traverse.migration.preflight.rules;

import io.traverse.migration.inventory.InventoryVm;
import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import io.traverse.migration.preflight.TargetCloud;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Every disk of the wave becomes a Cinder volume of the disk's size (whole GiB, rounded up), so the whole wave must
 * fit at once: the project's volume and gigabyte quota, and — with an admin identity — the free capacity of the
 * backend pools each volume type can land on (Cinder's scheduler-stats; a type pinned to a backend by
 * {@code volume_backend_name} only counts that backend's pools). A disk larger than any one pool's free space can
 * never be created. Both are Critical; without an admin identity the pools are an Advisory "not checked".
 */
@ApplicationScoped
public class StorageCapacityRule implements PreflightRule {

    /**
     * Volume type of a disk whose datastore the mapping does not name, or of every disk without a mapping: what
     * network-mapper uses then ({@code traverse.network.default-volume-type}), Cinder's default type.
     */
    static final String DEFAULT_TYPE = "__DEFAULT__";

    @Override
    public String id() {
        return "storage-capacity";
    }

    /** One disk of the wave as the target will get it. */
    record Volume(PreflightContext.Candidate vm, InventoryVm.Disk disk, String type, long gigabytes) {
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        var headroom = ctx.target().headroom();
        if (headroom.isEmpty()) {
            out.add(new Finding(id(), Severity.ADVISORY, null, null, "The OpenStack target could not be asked; "
                    + "the volume quota and Cinder's free storage for the wave were not checked."));
            return out;
        }
        List<Volume> volumes = volumes(ctx);
        long gigabytes = volumes.stream().mapToLong(Volume::gigabytes).sum();
        TargetCloud.Headroom h = headroom.get();
        if (volumes.size() > h.volumes()) {
            out.add(wave("The wave needs " + volumes.size() + " volumes (one per disk) but the project's volume quota "
                    + "leaves " + h.volumes() + "; split the wave or raise the quota."));
        }
        if (gigabytes > h.gigabytes()) {
            out.add(wave("The wave needs " + gigabytes + " GiB of volumes but the project's gigabytes quota leaves "
                    + h.gigabytes() + " GiB; split the wave or raise the quota."));
        }
        var storage = ctx.target().storage();
        if (storage.isEmpty()) {
            out.add(new Finding(id(), Severity.ADVISORY, null, null, "Free space in Cinder's backend pools was not "
                    + "checked: reading it needs the admin identity (traverse.openstack.admin.*); only the quota was."));
            return out;
        }
        checkPools(out, volumes, storage.get());
        return out;
    }

    private void checkPools(List<Finding> out, List<Volume> volumes, TargetCloud.Storage storage) {
        Map<String, List<Volume>> byBackend = new TreeMap<>();
        for (Volume v : volumes) {
            byBackend.computeIfAbsent(Objects.requireNonNullElse(storage.backendByVolumeType().get(v.type()), ""),
                    k -> new ArrayList<>()).add(v);
        }
        byBackend.forEach((backend, onBackend) -> {
            List<TargetCloud.StoragePool> pools = storage.pools().stream()
                    .filter(p -> backend.isEmpty() || backend.equals(p.backend())).toList();
            String where = backend.isEmpty() ? "Cinder's pools" : "the pools of backend " + backend;
            String types = String.join(", ", onBackend.stream().map(Volume::type).distinct().sorted().toList());
            long free = pools.stream().mapToLong(TargetCloud.StoragePool::freeGb).reduce(0, StorageCapacityRule::saturatedAdd);
            long need = onBackend.stream().mapToLong(Volume::gigabytes).sum();
            if (need > free) {
                out.add(wave("The wave needs " + need + " GiB of volumes of type " + types + " but " + where + " have "
                        + free + " GiB free" + (pools.isEmpty() ? " (Cinder reports no such pool)" : " (" + describe(pools) + ")")
                        + "; split the wave, free space, or map its datastores to a type on another backend."));
            }
            long largestPool = pools.stream().mapToLong(TargetCloud.StoragePool::freeGb).max().orElse(0);
            for (Volume v : onBackend) {
                if (v.gigabytes() > largestPool && need <= free) {
                    out.add(new Finding(id(), Severity.CRITICAL, v.vm().vmId(), v.vm().vmName(), "Disk " + v.disk().key()
                            + " of " + v.vm().vmName() + " needs a " + v.gigabytes() + " GiB volume of type " + v.type()
                            + " but no single pool of " + where + " has that much free (largest " + largestPool
                            + " GiB); free space there or map the datastore to a type on another backend."));
                }
            }
        });
    }

    static List<Volume> volumes(PreflightContext ctx) {
        List<Volume> out = new ArrayList<>();
        for (var c : ctx.vms()) {
            InventoryVm vm = ctx.vm(c).orElse(null);
            if (vm == null) {
                continue;
            }
            for (InventoryVm.Disk d : vm.disks()) {
                String type = ctx.mapping().flatMap(m -> m.targetOfDatastore(d.datastore())).orElse(DEFAULT_TYPE);
                out.add(new Volume(c, d, type, (d.capacityBytes() + (1L << 30) - 1) >> 30));
            }
        }
        return out;
    }

    private Finding wave(String message) {
        return new Finding(id(), Severity.CRITICAL, null, null, message);
    }

    private static String describe(List<TargetCloud.StoragePool> pools) {
        return String.join(", ", pools.stream().map(p -> p.name() + ": " + (p.freeGb() == Long.MAX_VALUE ? "unlimited"
                : p.freeGb() + " GiB")).toList());
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
