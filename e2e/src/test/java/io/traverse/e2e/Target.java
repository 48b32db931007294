package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/** The OpenStack target as the tests check it: Keystone token (the member user Traverse uses), Nova, Neutron, Cinder. */
public final class Target {

    private final String token;
    private final Map<String, String> endpoints = new HashMap<>();

    public Target(Map<String, String> env) {
        String body = """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"%s"},"password":"%s"}}},
                 "scope":{"project":{"name":"%s","domain":{"name":"%s"}}}}}""".formatted(env.get("OS_USERNAME"),
                env.getOrDefault("OS_USER_DOMAIN_NAME", "Default"), env.get("OS_PASSWORD"), env.get("OS_PROJECT_NAME"),
                env.getOrDefault("OS_PROJECT_DOMAIN_NAME", "Default"));
        Json.Response r = Json.post(env.get("OS_AUTH_URL") + "/auth/tokens", body);
        r.ok();
        token = r.headers().first("X-Subject-Token");
        for (JsonNode svc : r.body().path("token").path("catalog")) {
            for (JsonNode ep : svc.path("endpoints")) {
                if ("public".equals(ep.path("interface").asText())) {
                    endpoints.put(svc.path("type").asText(), ep.path("url").asText());
                }
            }
        }
    }

    public JsonNode get(String type, String path) {
        String base = endpoints.get(type);
        if (base == null) {
            throw new IllegalStateException("no " + type + " endpoint in " + endpoints);
        }
        Map<String, String> h = new HashMap<>(Map.of("X-Auth-Token", token));
        if (type.equals("compute")) {
            h.put("OpenStack-API-Version", "compute 2.79");
        }
        return Json.get(base + path, h).ok();
    }

    public JsonNode post(String type, String path, Object body) {
        return Json.send("POST", endpoints.get(type) + path, body, Map.of("X-Auth-Token", token)).ok();
    }

    /** The HTTP status of a GET, e.g. 404 once a resource is gone. */
    public int status(String type, String path) {
        return Json.get(endpoints.get(type) + path, Map.of("X-Auth-Token", token)).status();
    }

    public int delete(String type, String path) {
        return Json.send("DELETE", endpoints.get(type) + path, null, Map.of("X-Auth-Token", token)).status();
    }

    public JsonNode server(String id) {
        return get("compute", "/servers/" + id).path("server");
    }

    public JsonNode port(String id) {
        return get("network", "/v2.0/ports/" + id).path("port");
    }

    public JsonNode volume(String id) {
        return get(volumeService(), "/volumes/" + id).path("volume");
    }

    public String volumeService() {
        return endpoints.containsKey("volumev3") ? "volumev3" : "block-storage";
    }
}
