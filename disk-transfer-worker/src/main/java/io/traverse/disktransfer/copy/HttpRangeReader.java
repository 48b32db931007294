package io.traverse.disktransfer.copy;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pipeline B's source: the vCenter datastore HTTP file API ({@code /folder/<path>?dcPath=..&dsName=..}) read with
 * HTTP Range requests, so only the extents asked for cross the network and several can be in flight at once. The
 * session (the {@code vmware_soap_session} cookie) comes from whoever logged in; it never appears in logs.
 *
 * <p>Reads go over {@link HttpURLConnection} (blocking TLS sockets, connections kept alive between ranges), not
 * {@code java.net.http.HttpClient}: on the benchmark's 8 x 8 MiB ranges the client's asynchronous TLS pipeline
 * moved half as many bytes per CPU second (310 vs 626 MiB/s against vcsim on 2 cores), and on the worker's
 * CPU budget that is the copy's speed. Certificates and host names are checked as {@code ssl} and the JDK's
 * default host name check say.
 */
public final class HttpRangeReader implements DiskReader {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

    private final URI uri;
    private final Map<String, String> headers;
    private final SSLSocketFactory sockets;
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile long size = -1;

    public HttpRangeReader(URI uri, Map<String, String> headers, SSLContext ssl) {
        this.uri = uri;
        this.headers = Map.copyOf(headers);
        this.sockets = ssl == null ? null : ssl.getSocketFactory();
    }

    /** Bytes received from the server so far (the network side of "bytes moved"). */
    public long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public long size() throws IOException {
        if (size < 0) {
            HttpURLConnection c = open("HEAD");
            try {
                int status = c.getResponseCode();
                if (status / 100 == 4) {
                    throw new SourceRefusedException(status, "HEAD " + safe() + " answered HTTP " + status);
                }
                if (status != 200) {
                    throw new IOException("HEAD " + safe() + " answered HTTP " + status);
                }
                long length = c.getContentLengthLong();
                if (length < 0) {
                    throw new IOException("HEAD " + safe() + " gave no Content-Length");
                }
                size = length;
            } finally {
                drain(c);
            }
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
                if (attempt >= ATTEMPTS || e instanceof SourceRefusedException || Thread.currentThread().isInterrupted()) {
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
        if (Thread.currentThread().isInterrupted()) { // blocking socket reads do not notice interrupts: check per range
            throw new InterruptedIOException("interrupted before reading " + offset);
        }
        int want = dst.remaining();
        HttpURLConnection c = open("GET");
        c.setRequestProperty("Range", "bytes=" + offset + "-" + (offset + want - 1));
        int status = c.getResponseCode();
        if (status != 206 && !(status == 200 && offset == 0)) {
            drain(c);
            String what = "GET " + safe() + " bytes " + offset + "+" + want + " answered HTTP " + status;
            throw status / 100 == 4 ? new SourceRefusedException(status, what) : new IOException(what);
        }
        try (InputStream in = c.getInputStream()) {
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
        } catch (IOException e) {
            c.disconnect(); // a half-read response cannot go back to the keep-alive pool
            throw e;
        }
    }

    private HttpURLConnection open(String method) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (c instanceof HttpsURLConnection https && sockets != null) {
            https.setSSLSocketFactory(sockets);
        }
        c.setRequestMethod(method);
        c.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        c.setReadTimeout((int) READ_TIMEOUT.toMillis());
        c.setUseCaches(false);
        c.setInstanceFollowRedirects(false);
        headers.forEach(c::setRequestProperty);
        return c;
    }

    /** Reads what is left of an answer we do not use, so its connection can serve the next range. */
    private static void drain(HttpURLConnection c) {
        try (InputStream in = c.getResponseCode() >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            c.disconnect();
        }
    }

    /** The URL without its query string (no session or datastore secrets in messages). */
    private String safe() {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }

    @Override
    public void close() {
        // connections belong to the JDK's keep-alive cache, which closes idle ones itself
    }
}
