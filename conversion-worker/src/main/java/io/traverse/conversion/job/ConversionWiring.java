package io.traverse.conversion.job;

import io.traverse.conversion.config.ConversionConfig;
import io.traverse.conversion.guest.GuestTools;
import io.traverse.conversion.source.SourcePower;
import io.traverse.conversion.volumes.CinderVolumes;
import io.traverse.conversion.volumes.ConversionVolumes;
import io.traverse.conversion.volumes.LocalFileVolumes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import jakarta.enterprise.inject.Produces;

/** The Job's collaborators, built from the configuration. */
public class ConversionWiring {

    @Produces
    @Singleton
    GuestTools tools(ConversionConfig config) {
        ConversionConfig.Tools t = config.tools();
        return GuestTools.of(t.libguestfsBackend(), t.libguestfsBackendSettings(), t.workDir());
    }

    @Produces
    @Singleton
    GuestConverter converter(GuestTools tools, ConversionConfig config, SourcePower power) {
        ConversionConfig.Tools t = config.tools();
        return new GuestConverter(tools, t.inspectTimeout(), t.v2vTimeout(), t.virtioWin(), power);
    }

    @Produces
    @Singleton
    ConversionVolumes volumes(ConversionConfig config, Config all) {
        return switch (config.volumes().kind()) {
            case "local" -> new LocalFileVolumes(config.volumes().localDir());
            case "cinder" -> new CinderVolumes(login(all), config.volumes().cinderDeviceDir().orElseThrow(() ->
                    new IllegalArgumentException("traverse.conversion.volumes.cinder-device-dir must be set for kind cinder")));
            default -> throw new IllegalArgumentException("traverse.conversion.volumes.kind must be local or cinder, not "
                    + config.volumes().kind());
        };
    }

    /** The shared traverse.openstack.* keys every service talking to the target reads (the OpenStack test resource sets them). */
    static CinderVolumes.Login login(Config all) {
        return new CinderVolumes.Login(all.getValue("traverse.openstack.auth-url", String.class),
                all.getValue("traverse.openstack.username", String.class), all.getValue("traverse.openstack.password", String.class),
                all.getValue("traverse.openstack.project", String.class),
                all.getOptionalValue("traverse.openstack.user-domain", String.class).orElse("Default"),
                all.getOptionalValue("traverse.openstack.project-domain", String.class).orElse("Default"),
                all.getOptionalValue("traverse.openstack.region", String.class).orElse(null),
                all.getOptionalValue("traverse.openstack.interface", String.class).orElse("public"));
    }
}
