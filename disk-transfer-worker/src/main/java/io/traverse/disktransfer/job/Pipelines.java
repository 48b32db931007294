package io.traverse.disktransfer.job;

import io.traverse.disktransfer.config.DiskTransferConfig;
import io.traverse.disktransfer.config.VcenterConfig;
import io.traverse.disktransfer.copy.HttpRangeReader;
import io.traverse.disktransfer.nbd.NbdkitDiskReader;
import io.traverse.disktransfer.nbd.VddkCommand;
import io.traverse.disktransfer.sync.DiskSyncRound;
import io.traverse.disktransfer.vsphere.VsphereClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Chooses how a Job reads the source: Pipeline A (VDDK through nbdkit) when the user supplied VDDK
 * ({@code traverse.disk-transfer.vddk.libdir}), else Pipeline B over the datastore HTTP API (the worker's own Range
 * reader, or nbdkit's curl plugin).
 */
@ApplicationScoped
public class Pipelines {

    private final DiskTransferConfig config;
    private final VcenterConfig vcenter;

    public Pipelines(DiskTransferConfig config, VcenterConfig vcenter) {
        this.config = config;
        this.vcenter = vcenter;
    }

    public String name() {
        return config.vddk().libdir().isPresent() ? "A (VDDK)" : "B (" + config.pipelineBReader() + ")";
    }

    public DiskSyncRound.ReaderFactory readers(VsphereClient client) throws IOException {
        if (config.vddk().libdir().isPresent()) {
            Path password = Files.createTempFile("traverse-vddk", ".pw",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            password.toFile().deleteOnExit();
            Files.writeString(password, vcenter.password().orElse(""));
            String server = URI.create(vcenter.url().orElseThrow()).getHost();
            String thumbprint = config.vddk().thumbprint()
                    .orElseThrow(() -> new IOException("traverse.disk-transfer.vddk.thumbprint is required with VDDK"));
            return s -> NbdkitDiskReader.vddk(new VddkCommand(config.vddk().libdir().get(), server,
                    vcenter.username().orElse(""), password, thumbprint, s.vmId(), s.snapshot(), s.disk().fileName(),
                    config.vddk().transports(), config.vddk().configFile()));
        }
        if ("nbdkit-curl".equals(config.pipelineBReader())) {
            return s -> NbdkitDiskReader.curl(s.file().uri(), s.file().headers(), !vcenter.insecure());
        }
        return s -> new HttpRangeReader(s.file().uri(), s.file().headers(), client.sslContext());
    }
}
