package io.traverse.flavor.flavor;

import io.traverse.events.Firmware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The matching rules over the integration guide's flavor table, then as properties over random clouds and VMs. */
class FlavorMatcherTest {

    /** The "Available Flavors" table of the FFP integration guide (name, vCPUs, RAM MB, disk GB). */
    static final List<NovaFlavor> GUIDE = List.of(
            f("m1.tiny", 1, 256, 0),
            f("m1.small-bfv", 1, 2048, 0),
            f("m2.2", 2, 2048, 0),
            f("m1.small", 2, 2048, 20),
            f("m2.medium-bfv", 2, 4096, 0),
            f("m2.4", 2, 4096, 0),
            f("m1.large", 2, 8192, 0),
            f("m2.large-bfv", 2, 8192, 0),
            f("m8.20", 4, 8192, 0));

    static NovaFlavor f(String name, int vcpus, int ramMb, int diskGb) {
        return new NovaFlavor("id-" + name, name, vcpus, ramMb, diskGb, 0, 0, true, Map.of());
    }

    static NovaFlavor f(String name, int vcpus, int ramMb, int diskGb, Map<String, String> specs) {
        return new NovaFlavor("id-" + name, name, vcpus, ramMb, diskGb, 0, 0, true, specs);
    }

    @ParameterizedTest(name = "{0} vCPU / {1} MB -> {2}")
    @CsvSource({
            "1, 32,    m1.tiny",        // the guide's vcsim VMs
            "1, 256,   m1.tiny",        // exact fit
            "1, 257,   m1.small-bfv",   // one MB more: next RAM size up
            "1, 2048,  m1.small-bfv",   // the guide's recommended small flavor
            "2, 32,    m2.2",           // 2 vCPU: the 1-vCPU flavors do not qualify
            "2, 2048,  m2.2",           // not m1.small, which has a 20 GB local disk
            "2, 2049,  m2.4",           // m2.4 and m2.medium-bfv are equal in size: name decides
            "2, 4096,  m2.4",
            "2, 4097,  m1.large",       // m1.large and m2.large-bfv are equal: name decides
            "1, 8192,  m1.large",       // RAM waste counts before vCPU waste: not m8.20
            "3, 1024,  m8.20",          // only 4-vCPU flavor
            "4, 8192,  m8.20",          // the largest, exact
            "4, 16384, ''",             // nothing fits: auto-create or migration.failed
            "5, 1024,  ''",
            "1, 8193,  ''",
    })
    void guideTable(int vcpus, long ramMb, String expected) {
        Optional<NovaFlavor> chosen = FlavorMatcher.best(new SizingNeeds(vcpus, ramMb, Firmware.BIOS), GUIDE, true);
        assertEquals(expected, chosen.map(NovaFlavor::name).orElse(""));
    }

    @Test
    void bootFromVolumeIsPreferredEvenOverASmallerFlavorWithLocalDisk() {
        List<NovaFlavor> cloud = List.of(f("local-2-2048", 2, 2048, 20), f("bfv-2-4096", 2, 4096, 0));
        SizingNeeds needs = new SizingNeeds(2, 2048, Firmware.BIOS);
        assertEquals("bfv-2-4096", FlavorMatcher.best(needs, cloud, true).orElseThrow().name());
        assertEquals("local-2-2048", FlavorMatcher.best(needs, cloud, false).orElseThrow().name());
        // with only local-disk flavors, the smallest of those is taken
        assertEquals("local-2-2048", FlavorMatcher.best(needs, List.of(cloud.get(0)), true).orElseThrow().name());
    }

    @Test
    void firmwareAndExtraSpecsAreHonoured() {
        List<NovaFlavor> cloud = List.of(
                f("bios-only", 1, 512, 0, Map.of("hw:firmware_type", "bios")),
                f("uefi-only", 1, 1024, 0, Map.of("hw:firmware_type", "uefi")),
                f("secure-boot", 1, 1536, 0, Map.of("os:secure_boot", "required")),
                f("not-for-migrations", 1, 256, 0, Map.of("traverse:migration-target", "false")),
                f("any", 1, 2048, 0));
        assertEquals("bios-only", FlavorMatcher.best(new SizingNeeds(1, 300, Firmware.BIOS), cloud, true).orElseThrow().name());
        assertEquals("uefi-only", FlavorMatcher.best(new SizingNeeds(1, 300, Firmware.EFI), cloud, true).orElseThrow().name());
        assertEquals("any", FlavorMatcher.best(new SizingNeeds(1, 1100, Firmware.BIOS), cloud, true).orElseThrow().name());
        assertEquals("secure-boot", FlavorMatcher.best(new SizingNeeds(1, 1100, Firmware.EFI), cloud, true).orElseThrow().name());
    }

    @Test
    void largestAndAutoCreatedNames() {
        assertEquals("m8.20", FlavorMatcher.largest(GUIDE).orElseThrow().name());
        assertEquals("traverse-4c-16g", FlavorMatcher.autoCreatedName(new SizingNeeds(4, 16384, Firmware.BIOS)));
        assertEquals("traverse-4c-16g", FlavorMatcher.autoCreatedName(new SizingNeeds(4, 16000, Firmware.BIOS)));
        assertEquals("traverse-2c-1g", FlavorMatcher.autoCreatedName(new SizingNeeds(2, 32, Firmware.BIOS)));
        assertEquals("traverse-8c-17g", FlavorMatcher.autoCreatedName(new SizingNeeds(8, 16385, Firmware.BIOS)));
    }

    /** Properties, over 3000 random (cloud, VM) pairs with a fixed seed: see each assertion. */
    @Test
    void theChoiceAlwaysQualifiesAndNoQualifyingFlavorIsSmaller() {
        Random random = new Random(20261125);
        for (int run = 0; run < 3000; run++) {
            List<NovaFlavor> cloud = run % 3 == 0 ? GUIDE : randomCloud(random);
            SizingNeeds needs = new SizingNeeds(1 + random.nextInt(8), 1 + random.nextInt(20000),
                    random.nextBoolean() ? Firmware.BIOS : Firmware.EFI);
            boolean preferBfv = random.nextInt(4) != 0;
            Optional<NovaFlavor> chosen = FlavorMatcher.best(needs, cloud, preferBfv);
            String context = needs + " in " + cloud;
            if (chosen.isEmpty()) {
                assertTrue(cloud.stream().noneMatch(f -> FlavorMatcher.qualifies(needs, f)), "none qualifies: " + context);
                continue;
            }
            NovaFlavor c = chosen.get();
            assertTrue(FlavorMatcher.qualifies(needs, c), "the choice qualifies: " + context);
            assertTrue(c.vcpus() >= needs.vcpus() && c.ramMb() >= needs.ramMb(), context);
            for (NovaFlavor other : cloud) {
                if (!FlavorMatcher.qualifies(needs, other)) {
                    continue;
                }
                if (preferBfv && c.bootFromVolume() != other.bootFromVolume()) {
                    assertTrue(c.bootFromVolume(), "a boot-from-volume flavor qualified, so the choice is one: " + context);
                    continue;
                }
                boolean smaller = other.ramMb() < c.ramMb()
                        || other.ramMb() == c.ramMb() && other.vcpus() < c.vcpus()
                        || other.ramMb() == c.ramMb() && other.vcpus() == c.vcpus() && other.diskGb() < c.diskGb();
                assertFalse(smaller, other.describe() + " qualifies and is smaller than " + c.describe() + ": " + context);
            }
            // the order is total and stable: shuffling the cloud does not change the choice
            List<NovaFlavor> shuffled = new ArrayList<>(cloud);
            java.util.Collections.shuffle(shuffled, random);
            assertEquals(c, FlavorMatcher.best(needs, shuffled, preferBfv).orElseThrow(), context);
        }
    }

    private static List<NovaFlavor> randomCloud(Random random) {
        int n = random.nextInt(12);
        List<NovaFlavor> cloud = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> specs = switch (random.nextInt(6)) {
                case 0 -> Map.of("hw:firmware_type", "bios");
                case 1 -> Map.of("hw:firmware_type", "uefi");
                default -> Map.of();
            };
            cloud.add(new NovaFlavor("id" + i, "f" + i, 1 + random.nextInt(8), 256 * (1 + random.nextInt(64)),
                    random.nextBoolean() ? 0 : 10 * random.nextInt(5), 0, 0, true, specs));
        }
        return cloud;
    }
}
