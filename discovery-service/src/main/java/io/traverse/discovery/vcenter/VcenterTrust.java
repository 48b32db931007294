package io.traverse.discovery.vcenter;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Which vCenter certificates are accepted. The JDK only adds host name verification of its own for trust managers
 * that are not {@link X509ExtendedTrustManager}s, so the pinned and insecure managers below skip it on purpose (a pin is
 * stronger than a name), while the default one is the JDK's own, which checks the chain and the host name.
 */
public final class VcenterTrust {

    private VcenterTrust() {
    }

    /** The trust manager for this configuration; a thumbprint wins over {@code insecure}. */
    public static TrustManager of(VcenterConfig config) {
        Optional<String> pin = config.thumbprint().filter(t -> !t.isBlank());
        if (pin.isPresent()) {
            return pinned(pin.get());
        }
        return config.insecure() ? new TrustAll() : jdkDefault();
    }

    /** Accepts exactly the certificate with this SHA-256 or SHA-1 fingerprint (hex, colons and case ignored). */
    public static X509ExtendedTrustManager pinned(String thumbprint) {
        String normalized = normalize(thumbprint);
        String algorithm = switch (normalized.length()) {
            case 64 -> "SHA-256";
            case 40 -> "SHA-1";
            default -> throw new IllegalArgumentException("traverse.vcenter.thumbprint must be a SHA-256 (64 hex digits) "
                    + "or SHA-1 (40 hex digits) certificate fingerprint; got " + normalized.length() + " hex digits");
        };
        if (!normalized.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("traverse.vcenter.thumbprint is not hexadecimal");
        }
        return new Pinned(algorithm, normalized);
    }

    /** The fingerprint of a certificate as vSphere shows it: upper-case hex pairs separated by colons. */
    public static String fingerprint(X509Certificate certificate, String algorithm) {
        try {
            byte[] digest = MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String normalize(String thumbprint) {
        return thumbprint.replace(":", "").replace(" ", "").strip().toUpperCase(Locale.ROOT);
    }

    private static X509ExtendedTrustManager jdkDefault() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("the JDK offers no X509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base for managers that decide on the leaf certificate alone. */
    private abstract static class LeafOnly extends X509ExtendedTrustManager {

        abstract void check(X509Certificate[] chain) throws CertificateException;

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static final class Pinned extends LeafOnly {
        private final String algorithm;
        private final String expected;

        Pinned(String algorithm, String expected) {
            this.algorithm = algorithm;
            this.expected = expected;
        }

        @Override
        void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("vCenter presented no certificate");
            }
            String actual = fingerprint(chain[0], algorithm);
            if (!normalize(actual).equals(expected)) {
                throw new CertificateException("vCenter certificate " + algorithm + " fingerprint " + actual
                        + " does not match the pinned traverse.vcenter.thumbprint");
            }
        }
    }

    private static final class TrustAll extends LeafOnly {
        @Override
        void check(X509Certificate[] chain) {
            // insecure=true: accepted without checks (labs and vcsim only)
        }
    }
}
