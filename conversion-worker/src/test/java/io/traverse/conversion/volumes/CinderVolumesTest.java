package io.traverse.conversion.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.traverse.conversion.job.GuestConverter;
import io.traverse.conversion.testing.HostTools;
import io.traverse.events.ConversionPath;
import io.traverse.events.Firmware;
import io.traverse.testbed.GuestImages;
import io.traverse.testbed.openstack.OpenStackTestbed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The markers on a real Cinder volume of the OpenStack testbed (NFS backend: the volume's bytes are a file under
 * /srv/cinder-nfs): the conversion writes {@code converted: true} with its path through the Cinder API, Debian's own
 * {@code openstack} CLI reads it back, and a second conversion skips the volume with "Volume already converted".
 */
class CinderVolumesTest {

    static final Path CINDER_EXPORT = Path.of("/srv/cinder-nfs");

    @TempDir
    Path dir;

    final List<String> created = new ArrayList<>();
    OpenStackTestbed.Coordinates os;

    @AfterEach
    void deleteVolumes() throws Exception {
        for (String id : created) {
            cli("volume", "delete", id);
        }
    }

    @Test
    void theMarkerIsWrittenToTheCinderVolumeAndASecondRunSkipsIt() throws Exception {
        os = OpenStackTestbed.start();
        GuestImages images = GuestImages.get();
        String id = cli("volume", "create", "--size", "1", "--property", "owner=traverse-test", "-f", "value", "-c", "id",
                "traverse-conversion-test").trim();
        created.add(id);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> "available".equals(cli("volume", "show", id, "-f", "value", "-c", "status").trim()));
        // what disk-transfer-worker would have synced: the data disk's bytes, written into the volume's file
        try (FileChannel in = FileChannel.open(images.data());
             FileChannel out = FileChannel.open(CINDER_EXPORT.resolve("volume-" + id), StandardOpenOption.WRITE)) {
            in.transferTo(0, in.size(), out);
        }
        OpenStackTestbed.Credentials m = os.member();
        CinderVolumes volumes = new CinderVolumes(new CinderVolumes.Login(os.authUrl(), m.username(), m.password(),
                m.projectName(), m.userDomain(), m.projectDomain(), os.region(), os.interfaceName()), CINDER_EXPORT);
        ConversionVolume v = volumes.find(id).orElseThrow();
        assertEquals(CINDER_EXPORT.resolve("volume-" + id), v.device());
        assertTrue(volumes.find("00000000-0000-0000-0000-000000000000").isEmpty());
        GuestConverter converter = new GuestConverter(HostTools.guestTools(dir.resolve("work")), Duration.ofMinutes(15),
                Duration.ofMinutes(30), Optional.empty(), vm -> "not called");
        GuestConverter.Request request = new GuestConverter.Request("vm-42", "cinder-test", Firmware.BIOS,
                List.of(new GuestConverter.Disk(v, "scsi")));

        assertEquals(ConversionPath.NONE, converter.convert(request).path());

        JsonNode props = new ObjectMapper().readTree(cli("volume", "show", id, "-f", "json", "-c", "properties")).path("properties");
        assertEquals("true", props.path("converted").asText(), props.toString());
        assertEquals("NONE", props.path("traverse.conversion.path").asText(), props.toString());
        assertEquals("traverse-test", props.path("owner").asText(), "other keys stay: " + props);
        GuestConverter.Outcome again = converter.convert(request);
        assertEquals("Volume already converted", again.reason());
    }

    /** Debian's openstack CLI as the testbed's member user: an independent client. */
    String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openstack"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        pb.environment().put("OS_CLIENT_CONFIG_FILE", OpenStackTestbed.stateDir().resolve("clouds.yaml").toString());
        pb.environment().put("OS_CLOUD", "traverse-testbed");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("openstack " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
