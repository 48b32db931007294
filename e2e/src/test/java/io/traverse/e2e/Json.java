package io.traverse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client: the tests talk to the stack the way curl does. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, JsonNode body, String text, HttpHeadersView headers) {
        public JsonNode ok() {
            if (status / 100 != 2) {
                throw new AssertionError("HTTP " + status + ": " + text);
            }
            return body;
        }
    }

    public record HttpHeadersView(Map<String, java.util.List<String>> map) {
        public String first(String name) {
            return map.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    public static Response get(String url, Map<String, String> headers) {
        return send("GET", url, null, headers);
    }

    public static Response get(String url) {
        return get(url, Map.of());
    }

    public static Response post(String url, Object body) {
        return send("POST", url, body, Map.of());
    }

    public static Response send(String method, String url, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json");
            headers.forEach(b::header);
            if (body == null) {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                b.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : MAPPER.writeValueAsString(body)));
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!r.body().isBlank()) {
                try {
                    json = MAPPER.readTree(r.body());
                } catch (Exception notJson) {
                    json = null;
                }
            }
            return new Response(r.statusCode(), json, r.body(), new HttpHeadersView(r.headers().map()));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url + ": " + e, e);
        }
    }
}
