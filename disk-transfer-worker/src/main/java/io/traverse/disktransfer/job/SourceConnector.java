package io.traverse.disktransfer.job;

import io.traverse.disktransfer.config.VcenterConfig;
import io.traverse.disktransfer.vsphere.VsphereClient;
import jakarta.enterprise.context.ApplicationScoped;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** Logs in to the configured vCenter for one job or one sweep (a session per use, logged out after). */
@ApplicationScoped
public class SourceConnector {

    private final VcenterConfig config;

    public SourceConnector(VcenterConfig config) {
        this.config = config;
    }

    public boolean configured() {
        return config.url().isPresent();
    }

    public Optional<VsphereClient> connect() throws IOException {
        if (config.url().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(VsphereClient.login(URI.create(config.url().get()), config.username().orElse(""),
                config.password().orElse(""), ssl()));
    }

    private SSLContext ssl() throws IOException {
        try {
            if (!config.insecure()) {
                return SSLContext.getDefault();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new X509TrustManager() {
                @Override public void checkClientTrusted(X509Certificate[] c, String a) { }
                @Override public void checkServerTrusted(X509Certificate[] c, String a) { }
                @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("no TLS context", e);
        }
    }
}
