package io.traverse.discovery.vcenter;

import io.traverse.testbed.SharedTestbed;
import io.traverse.testbed.Vcsim;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Certificate pinning against vcsim's self-signed certificate, over real TLS and SOAP (no Quarkus needed). */
class ThumbprintPinningTest {

    private final Map<String, String> vcsim = SharedTestbed.vcsimConfig();

    @Test
    void pinnedSha256AndSha1ThumbprintsAreAcceptedAndOthersRefused() throws Exception {
        X509Certificate cert = serverCertificate(URI.create(vcsim.get("traverse.vcenter.url")));

        VcenterSession sha256 = new VcenterSession(config(VcenterTrust.fingerprint(cert, "SHA-256"), false));
        assertEquals(VcenterSession.State.CONNECTED, sha256.probe().state());
        VcenterSession sha1 = new VcenterSession(config(VcenterTrust.fingerprint(cert, "SHA-1").replace(":", "").toLowerCase(), false));
        assertEquals(VcenterSession.State.CONNECTED, sha1.probe().state());

        VcenterSession wrong = new VcenterSession(config("AA".repeat(32), true)); // a pin wins over insecure=true
        VcenterSession.Status status = wrong.probe();
        assertEquals(VcenterSession.State.UNREACHABLE, status.state());
        assertTrue(status.message().contains("TLS"), status.message());

        VcenterSession jdkTrust = new VcenterSession(config(null, false)); // vcsim's self-signed cert is not in the JDK store
        assertEquals(VcenterSession.State.UNREACHABLE, jdkTrust.probe().state());
    }

    @Test
    void malformedThumbprintIsRejectedAtStartup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new VcenterSession(config("12:34", false)));
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    private VcenterConfig config(String thumbprint, boolean insecure) {
        return new VcenterConfig() {
            @Override public String url() { return vcsim.get("traverse.vcenter.url"); }
            @Override public String username() { return vcsim.get("traverse.vcenter.username"); }
            @Override public String password() { return vcsim.get("traverse.vcenter.password"); }
            @Override public boolean insecure() { return insecure; }
            @Override public Optional<String> thumbprint() { return Optional.ofNullable(thumbprint); }
            @Override public Optional<String> name() { return Optional.empty(); }
            @Override public Duration connectTimeout() { return Duration.ofSeconds(5); }
            @Override public Duration checkInterval() { return Duration.ofSeconds(5); }
            @Override public Duration readTimeout() { return Duration.ofSeconds(30); }
        };
    }

    private static X509Certificate serverCertificate(URI uri) throws Exception {
        try (SSLSocket socket = (SSLSocket) Vcsim.insecureSslContext().getSocketFactory().createSocket(uri.getHost(), uri.getPort())) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }
}
