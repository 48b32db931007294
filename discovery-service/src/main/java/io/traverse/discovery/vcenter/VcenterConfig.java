package io.traverse.discovery.vcenter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How discovery-service reaches the source vCenter. The password comes from the environment or a Secret. */
@ConfigMapping(prefix = "traverse.vcenter")
public interface VcenterConfig {

    /** SOAP SDK endpoint, e.g. {@code https://vcenter.example.com/sdk}. */
    String url();

    /** vCenter user, e.g. {@code svc-traverse@vsphere.local}. */
    String username();

    /** Password of {@link #username()}; only ever read from a Secret or the environment, never logged. */
    String password();

    /**
     * Accept any server certificate and host name. For labs and vcsim only; prefer {@link #thumbprint()} pinning.
     */
    @WithDefault("false")
    boolean insecure();

    /**
     * Pins the server certificate: its SHA-256 (64 hex digits) or SHA-1 (40 hex digits, what vSphere shows)
     * fingerprint, with or without colons. When set, only that certificate is accepted, whatever its issuer or
     * host name; when unset, the JDK's trust store and host name verification apply (unless {@link #insecure()}).
     */
    Optional<String> thumbprint();

    /** The name of this vCenter in {@code inventory.changed} events; defaults to the URL's host. */
    Optional<String> name();

    /** TCP connect timeout of each SOAP call. */
    @WithDefault("10s")
    Duration connectTimeout();

    /** How often the session is checked (and, while vCenter is down, at least how long between login attempts). */
    @WithDefault("5s")
    Duration checkInterval();

    /** Read timeout of each SOAP call. */
    @WithDefault("60s")
    Duration readTimeout();
}
