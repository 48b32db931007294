package io.traverse.disktransfer.dispatch;

import io.traverse.disktransfer.job.SourceConnector;
import io.traverse.disktransfer.vsphere.SourceOperations;
import io.traverse.disktransfer.vsphere.VsphereClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Collection;
import java.util.Optional;

/**
 * Removes the snapshots Traverse made and left behind (a Job killed mid-round, a node lost): only snapshots whose
 * name starts with {@link SourceOperations#SNAPSHOT_PREFIX}, only on VMs Traverse migrates and that have no round
 * running. Nobody else's snapshot is ever touched.
 */
@ApplicationScoped
public class SnapshotSweeper {

    private static final Logger LOG = Logger.getLogger(SnapshotSweeper.class);

    private final SourceConnector connector;

    public SnapshotSweeper(SourceConnector connector) {
        this.connector = connector;
    }

    /** Returns how many snapshots were removed. */
    public int sweep(Collection<String> vms) {
        if (vms.isEmpty()) {
            return 0;
        }
        try {
            Optional<VsphereClient> c = connector.connect();
            if (c.isEmpty()) {
                LOG.warn("No vCenter configured (traverse.vcenter.url): leftover snapshots are not swept");
                return 0;
            }
            try (VsphereClient client = c.get()) {
                return sweep(client, vms);
            }
        } catch (IOException e) {
            LOG.warnf("Snapshot sweep failed, will try again at the next start or failure: %s", e.getMessage());
            return 0;
        }
    }

    public static int sweep(SourceOperations source, Collection<String> vms) {
        int removed = 0;
        for (String vm : vms) {
            try {
                for (SourceOperations.Snapshot s : source.snapshots(vm)) {
                    if (s.name() != null && s.name().startsWith(SourceOperations.SNAPSHOT_PREFIX)) {
                        source.removeSnapshot(s.id());
                        removed++;
                        LOG.infof("Removed leftover snapshot %s (%s) of %s", s.name(), s.id(), vm);
                    }
                }
            } catch (IOException e) {
                LOG.warnf("Could not sweep snapshots of %s: %s", vm, e.getMessage());
            }
        }
        return removed;
    }
}
