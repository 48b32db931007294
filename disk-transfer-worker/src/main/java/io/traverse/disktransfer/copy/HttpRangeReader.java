package io.traverse.disktransfer.copy;

import javax.net.ssl.SSLContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipeline B's source: the vCenter datastore HTTP file API ({@code /folder/<path>?dcPath=..&dsName=..}) read with
 * HTTP Range requests, so only the extents asked for cross the network and several can be in flight at once. The
 * session (the {@code vmware_soap_session} cookie) comes from whoever logged in; it never appears in logs.
 */
public final class HttpRangeReader implements DiskReader {

    private final HttpClient client;
    private final URI uri;
    private final Map<String, String> headers;
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long size = -1;

    public HttpRangeReader(URI uri, Map<String, String> headers, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(20));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.client = b.build();
        this.uri = uri;
        this.headers = Map.copyOf(headers);
    }

    /** Bytes received from the server so far (the network side of "bytes moved"). */
    public long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public long size() throws IOException {
        if (size < 0) {
            HttpResponse<Void> r = send(request().method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 4) {
                throw new SourceRefusedException(r.statusCode(), "HEAD " + safe() + " answered HTTP " + r.statusCode());
            }
            if (r.statusCode() != 200) {
                throw new IOException("HEAD " + safe() + " answered HTTP " + r.statusCode());
            }
            size = r.headers().firstValueAsLong("Content-Length")
                    .orElseThrow(() -> new IOException("HEAD " + safe() + " gave no Content-Length"));
        }
        return size;
    }

    /** Attempts per range before the read fails (a dropped connection or a 5xx is retried after a short pause). */
    static final int ATTEMPTS = 4;

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        int start = dst.position();
        for (int attempt = 1; ; attempt++) {
            try {
                readOnce(offset, dst);
                return;
            } catch (IOException e) {
                if (attempt >= ATTEMPTS || e instanceof SourceRefusedException) {
                    throw e;
                }
                dst.position(start);
                try {
                    Thread.sleep(200L * attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void readOnce(long offset, ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        HttpRequest req = request().header("Range", "bytes=" + offset + "-" + (offset + want - 1)).GET().build();
        HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            if (r.statusCode() != 206 && !(r.statusCode() == 200 && offset == 0)) {
                if (r.statusCode() / 100 == 4) {
                    throw new SourceRefusedException(r.statusCode(),
                            "GET " + safe() + " bytes " + offset + "+" + want + " answered HTTP " + r.statusCode());
                }
                throw new IOException("GET " + safe() + " bytes " + offset + "+" + want + " answered HTTP " + r.statusCode());
            }
            byte[] tmp = dst.hasArray() ? null : new byte[Math.min(want, 1 << 20)];
            while (dst.hasRemaining()) {
                int n;
                if (tmp == null) {
                    n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                    if (n > 0) {
                        dst.position(dst.position() + n);
                    }
                } else {
                    n = in.read(tmp, 0, Math.min(tmp.length, dst.remaining()));
                    if (n > 0) {
                        dst.put(tmp, 0, n);
                    }
                }
                if (n < 0) {
                    throw new EOFException("GET " + safe() + " ended early at " + offset + "+" + (want - dst.remaining()));
                }
                bytesRead.addAndGet(n);
            }
        }
    }

    private HttpRequest.Builder request() {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5));
        headers.forEach(b::header);
        return b;
    }

    private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
        try {
            return client.send(req, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The URL without its query string (no session or datastore secrets in messages). */
    private String safe() {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    @Override
    public void close() {
        client.close();
    }
}
