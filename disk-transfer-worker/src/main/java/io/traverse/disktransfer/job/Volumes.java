package io.traverse.disktransfer.job;

import io.traverse.disktransfer.config.DiskTransferConfig;
import io.traverse.disktransfer.target.LocalFileVolumes;
import io.traverse.disktransfer.target.TargetVolumes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The target volumes: local files standing in for attached Cinder volumes until the Cinder implementation lands. */
public class Volumes {

    @Produces
    @ApplicationScoped
    TargetVolumes volumes(DiskTransferConfig config) {
        try {
            return new LocalFileVolumes(config.volumesDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
