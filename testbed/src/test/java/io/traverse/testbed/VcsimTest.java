package io.traverse.testbed;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VcsimTest {

    @Test
    void sdkAnswersRetrieveServiceContent() {
        Vcsim vcsim = SharedTestbed.vcsim();
        String xml = vcsim.retrieveServiceContent();
        assertTrue(xml.contains("RetrieveServiceContentResponse"), xml);
        assertTrue(xml.contains("<apiType>VirtualCenter</apiType>"), xml);
        // its own port, never the local stack's default 8989
        assertNotEquals(8989, vcsim.port());
        assertEquals("https://127.0.0.1:" + vcsim.port() + "/sdk", vcsim.sdkUrl());
    }

    @Test
    void inventoryHasTheThirtyVmsOfTheIntegrationGuide() {
        Vcsim vcsim = SharedTestbed.vcsim();
        List<String> vms = Arrays.stream(vcsim.govc("find", "/", "-type", "m").split("\n"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        assertEquals(30, vms.size(), String.join("\n", vms));
        assertTrue(vms.stream().allMatch(vm -> vm.matches("/DC0/vm/DC0_C[01]_RP0_VM\\d+")), String.join("\n", vms));
    }

    @Test
    void testResourcesReturnTheirKeys() {
        Vcsim vcsim = SharedTestbed.vcsim();
        assertEquals(Map.of(
                "traverse.vcenter.url", vcsim.sdkUrl(),
                "traverse.vcenter.username", "user",
                "traverse.vcenter.password", "pass",
                "traverse.vcenter.insecure", "true"), new VcsimTestResource().start());

        TraverseTestbed plain = new TraverseTestbed();
        plain.init(Map.of());
        assertEquals(Set.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password",
                "kafka.bootstrap.servers"), plain.start().keySet());

        TraverseTestbed viaArg = new TraverseTestbed();
        viaArg.init(Map.of(TraverseTestbed.VCSIM, "true"));
        Map<String, String> all = viaArg.start();
        assertEquals(vcsim.sdkUrl(), all.get("traverse.vcenter.url"));
        assertEquals(all, new TraverseTestbedWithVcsim().start());
        assertEquals(SharedTestbed.postgres().jdbcUrl(), all.get("quarkus.datasource.jdbc.url"));
        assertEquals(SharedTestbed.kafka().bootstrapServers(), all.get("kafka.bootstrap.servers"));
    }
}
