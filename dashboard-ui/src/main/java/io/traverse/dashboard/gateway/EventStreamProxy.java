package io.traverse.dashboard.gateway;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.traverse.dashboard.login.SessionToken;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.List;

/**
 * Streams Server-Sent Events from the upstream to the browser as they come, chunk by chunk: a {@code GET} under
 * {@code /api} whose {@code Accept} asks for {@code text/event-stream} (what {@code EventSource} sends). The JAX-RS
 * {@link ApiProxy} would buffer a whole answer, which for a stream that never ends means the browser sees nothing.
 * Non-blocking on the event loop: an open dashboard holds no worker thread. When the browser goes away the upstream
 * connection is closed, and the other way round.
 */
@ApplicationScoped
public class EventStreamProxy {

    private static final Logger LOG = Logger.getLogger(EventStreamProxy.class);
    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("authorization", "last-event-id");

    private final GatewayConfig config;
    private final HttpClient client;

    public EventStreamProxy(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setKeepAlive(false));
    }

    void register(@Observes Router router) {
        router.get("/api/*").order(-10).handler(this::handle);
    }

    void close(@Observes ShutdownEvent ignored) {
        client.close();
    }

    private void handle(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        if (accept == null || !accept.contains("text/event-stream")) {
            ctx.next();
            return;
        }
        HttpServerRequest in = ctx.request();
        HttpServerResponse out = ctx.response();
        Upstream upstream = Upstream.of(in.path());
        URI target = upstream.target(config, in.path(), in.query());
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(target.toString())
                .putHeader(HttpHeaders.ACCEPT, "text/event-stream");
        FORWARDED_REQUEST_HEADERS.forEach(h -> {
            String v = in.getHeader(h);
            if (v != null) {
                options.putHeader(h, v);
            }
        });
        // a logged-in user's stream is opened with their session's access token (EventSource sends only the cookie)
        if (ctx.user() instanceof QuarkusHttpUser user) {
            SessionToken.authorizationHeader(user.getSecurityIdentity())
                    .ifPresent(t -> options.putHeader(HttpHeaders.AUTHORIZATION, t));
        }
        in.pause();
        client.request(options)
                .compose(req -> {
                    out.closeHandler(v -> req.reset());
                    return req.send();
                })
                .onSuccess(answer -> relay(answer, out))
                .onFailure(e -> {
                    LOG.debugf("event stream from %s failed: %s", upstream.serviceName(), e.getMessage());
                    if (!out.headWritten() && !out.closed()) {
                        out.setStatusCode(502).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                                .end(upstream.problem(502, upstream.serviceName() + " is not reachable at "
                                        + upstream.baseUrl(config) + " (" + e.getMessage() + ")"));
                    }
                });
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse out) {
        if (out.closed()) {
            answer.request().reset();
            return;
        }
        out.setStatusCode(answer.statusCode());
        String type = answer.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            out.putHeader(HttpHeaders.CONTENT_TYPE, type);
        }
        out.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
        out.putHeader("X-Accel-Buffering", "no"); // tell a reverse proxy in front not to buffer either
        out.setChunked(true);
        answer.handler(chunk -> {
            out.write(chunk);
            if (out.writeQueueFull()) {
                answer.pause();
                out.drainHandler(v -> answer.resume());
            }
        });
        answer.endHandler(v -> {
            if (!out.closed()) {
                out.end();
            }
        });
        answer.exceptionHandler(e -> {
            if (!out.closed()) {
                out.reset();
            }
        });
        out.writeHead();
    }
}
