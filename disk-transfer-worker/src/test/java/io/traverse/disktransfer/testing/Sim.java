package io.traverse.disktransfer.testing;

import io.traverse.testbed.Vcsim;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVM's vcsim as tests reach it: its base URL and the testbed's govc-lite. A {@code @QuarkusTest} class must
 * build it from the application's config ({@link #fromSdkUrl}), because there {@code SharedTestbed.vcsim()} would run
 * in Quarkus' class loader and start a second simulator.
 */
public record Sim(String url, Path govcLite) {

    public static Sim of(Vcsim vcsim) {
        return new Sim(vcsim.url(), vcsim.govcLite());
    }

    /** From {@code traverse.vcenter.url}; govc-lite where vcsim.sh builds it ({@code $VCSIM_BIN_DIR} or ~/.cache/traverse/bin). */
    public static Sim fromSdkUrl(String sdkUrl) {
        URI u = URI.create(sdkUrl);
        String bin = System.getenv().getOrDefault("VCSIM_BIN_DIR", System.getProperty("user.home") + "/.cache/traverse/bin");
        return new Sim(u.getScheme() + "://" + u.getAuthority(), Path.of(bin, "govc-lite"));
    }

    public String govc(String... args) {
        List<String> cmd = new ArrayList<>(List.of(govcLite.toString()));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("govc", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
                pb.environment().put("GOVC_URL", url.replace("https://", "https://" + Vcsim.USERNAME + ":" + Vcsim.PASSWORD + "@") + "/sdk");
                pb.environment().put("GOVC_INSECURE", "1");
                Process p = pb.start();
                if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    throw new IllegalStateException("govc-lite " + String.join(" ", args) + " failed: " + Files.readString(out));
                }
                return Files.readString(out);
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
