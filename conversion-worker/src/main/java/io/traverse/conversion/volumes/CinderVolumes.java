package io.traverse.conversion.volumes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Volumes on the OpenStack target: metadata through the Cinder v3 API (Keystone password login, token reused until
 * shortly before it expires), bytes at {@code <deviceDir>/volume-<id>} — where an NFS backend's export, mounted into
 * the Job, keeps them (the OpenStack testbed's /srv/cinder-nfs). Attaching volumes to the Job's node through Nova or
 * os-brick, for backends without such an export, is not done yet.
 */
public final class CinderVolumes implements ConversionVolumes {

    /** Keystone v3 password login of a project-scoped user. */
    public record Login(String authUrl, String username, String password, String project, String userDomain,
                        String projectDomain, String region, String interfaceName) {
        @Override
        public String toString() {
            return "Login[" + username + "@" + project + " " + authUrl + "]"; // never the password
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Login login;
    private final Path deviceDir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String token;
    private Instant tokenExpires = Instant.EPOCH;
    private String cinder;

    public CinderVolumes(Login login, Path deviceDir) {
        this.login = login;
        this.deviceDir = deviceDir;
    }

    @Override
    public Optional<ConversionVolume> find(String volumeId) throws IOException {
        if (!volumeId.matches("[0-9a-fA-F-]{36}")) {
            return Optional.empty();
        }
        HttpResponse<String> r = send("GET", "/volumes/" + volumeId, null);
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        check(r, "GET volume " + volumeId);
        Path device = deviceDir.resolve("volume-" + volumeId);
        if (!Files.exists(device)) {
            throw new IOException("volume " + volumeId + " exists in Cinder but its bytes are not reachable at " + device
                    + " (traverse.conversion.volumes.cinder-device-dir must be the NFS backend's export, mounted into the Job)");
        }
        return Optional.of(new Volume(volumeId, device));
    }

    private final class Volume implements ConversionVolume {
        private final String id;
        private final Path device;

        Volume(String id, Path device) {
            this.id = id;
            this.device = device;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Path device() {
            return device;
        }

        @Override
        public Map<String, String> metadata() throws IOException {
            HttpResponse<String> r = send("GET", "/volumes/" + id + "/metadata", null);
            check(r, "GET metadata of volume " + id);
            Map<String, String> m = new TreeMap<>();
            JSON.readTree(r.body()).path("metadata").properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
            return m;
        }

        /** POST merges: the given keys are set, the others stay (PUT would replace them all). */
        @Override
        public void updateMetadata(Map<String, String> changes) throws IOException {
            ObjectNode body = JSON.createObjectNode();
            ObjectNode md = body.putObject("metadata");
            changes.forEach(md::put);
            check(send("POST", "/volumes/" + id + "/metadata", body.toString()), "POST metadata of volume " + id);
        }
    }

    private synchronized HttpResponse<String> send(String method, String path, String body) throws IOException {
        authenticate();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cinder + path)).timeout(Duration.ofSeconds(60))
                .header("X-Auth-Token", token).header("Accept", "application/json")
                .header("OpenStack-API-Version", "volume 3.0");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void authenticate() throws IOException {
        if (token != null && Instant.now().isBefore(tokenExpires.minus(Duration.ofMinutes(5)))) {
            return;
        }
        ObjectNode req = JSON.createObjectNode();
        ObjectNode auth = req.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", login.username()).put("password", login.password()).putObject("domain").put("name", login.userDomain());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", login.project()).putObject("domain").put("name", login.projectDomain());
        HttpRequest r = HttpRequest.newBuilder(URI.create(login.authUrl().replaceAll("/+$", "") + "/auth/tokens"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req.toString())).build();
        HttpResponse<String> resp;
        try {
            resp = http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (resp.statusCode() != 201) {
            throw new IOException("Keystone login of " + login + " failed: HTTP " + resp.statusCode());
        }
        JsonNode t = JSON.readTree(resp.body()).path("token");
        String endpoint = null;
        for (JsonNode svc : t.path("catalog")) {
            String type = svc.path("type").asText();
            if ("block-storage".equals(type) || "volumev3".equals(type)) {
                for (JsonNode ep : svc.path("endpoints")) {
                    if (login.interfaceName().equals(ep.path("interface").asText())
                            && (login.region() == null || login.region().equals(ep.path("region").asText()))) {
                        endpoint = ep.path("url").asText();
                    }
                }
            }
        }
        if (endpoint == null) {
            throw new IOException("no Cinder v3 endpoint (" + login.interfaceName() + ", " + login.region() + ") in the catalog");
        }
        token = resp.headers().firstValue("X-Subject-Token").orElseThrow(() -> new IOException("Keystone sent no token"));
        tokenExpires = Instant.parse(t.path("expires_at").asText());
        cinder = endpoint.replaceAll("/+$", "");
    }

    private static void check(HttpResponse<String> r, String what) throws IOException {
        if (r.statusCode() / 100 != 2) {
            String body = r.body() == null ? "" : r.body();
            throw new IOException(what + ": HTTP " + r.statusCode() + " " + body.substring(0, Math.min(300, body.length())));
        }
    }
}
