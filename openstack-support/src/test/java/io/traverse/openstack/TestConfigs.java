package io.traverse.openstack;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.traverse.testbed.openstack.OpenStackTestbed;

import java.util.HashMap;
import java.util.Map;

/** OpenStackConfig instances without booting Quarkus: the testbed's keys plus overrides. */
final class TestConfigs {

    private TestConfigs() {
    }

    static OpenStackConfig of(Map<String, String> keys) {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(OpenStackConfig.class)
                .withSources(new PropertiesConfigSource(keys, "test", 500)).build();
        return c.getConfigMapping(OpenStackConfig.class);
    }

    /** The running testbed's member (+ admin) with some keys overridden. */
    static OpenStackConfig testbed(Map<String, String> overrides) {
        Map<String, String> keys = new HashMap<>(OpenStackTestbed.start().config());
        keys.putAll(overrides);
        return of(keys);
    }
}
