package io.traverse.discovery.vcenter;

import com.vmware.vim25.InvalidLogin;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ws.ClientCreator;
import com.vmware.vim25.ws.SoapFaultException;
import com.vmware.vim25.mo.ServiceInstance;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.rmi.RemoteException;
import java.time.Instant;

/**
 * The one logged-in vSphere session of this service. Logs in on first use, logs in again when vCenter says the
 * session is gone ({@code NotAuthenticated}: expired, or terminated by an administrator) and repeats the call once,
 * and classifies every failure as {@link VcenterAuthenticationException} (wrong credentials: do not retry),
 * {@link VcenterUnavailableException} (network, TLS, timeouts: retry) or {@link VsphereFaultException} (vCenter said
 * no). The last outcome is kept as {@link #status()} for the readiness check.
 */
@ApplicationScoped
public class VcenterSession {

    private static final Logger LOG = Logger.getLogger(VcenterSession.class);

    /** What the last attempt to talk to vCenter showed. */
    public enum State { NOT_CONNECTED, CONNECTED, AUTHENTICATION_FAILED, UNREACHABLE }

    /** The state, a message for a person, and since when. */
    public record Status(State state, String message, Instant since) {
    }

    /** A call made with the session's {@link ServiceInstance}. */
    @FunctionalInterface
    public interface VimCall<T> {
        T apply(ServiceInstance si) throws Exception;
    }

    private final VcenterConfig config;
    private final TrustManager trust;
    private final URL url;
    private volatile ServiceInstance instance;
    private volatile Status status;

    public VcenterSession(VcenterConfig config) {
        this.config = config;
        this.trust = VcenterTrust.of(config);
        try {
            this.url = URI.create(config.url()).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("traverse.vcenter.url is not a URL: " + config.url(), e);
        }
        // yavijava's documented extension point; our client keeps TLS trust per connection and logs nothing
        ClientCreator.clientClass = VsphereSoapClient.class;
        this.status = new Status(State.NOT_CONNECTED, "not connected yet", Instant.now());
        if (config.insecure() && config.thumbprint().isEmpty()) {
            LOG.warnf("traverse.vcenter.insecure=true: any certificate from %s is accepted (labs and vcsim only)", url.getHost());
        }
    }

    /** The vCenter's name in events: {@code traverse.vcenter.name}, or the URL's host. */
    public String vcenterName() {
        return config.name().filter(n -> !n.isBlank()).orElse(url.getHost());
    }

    /** The SDK URL (no credentials in it). */
    public URL url() {
        return url;
    }

    public Status status() {
        return status;
    }

    /**
     * Runs {@code call} with the logged-in session, logging in first if needed and once more if the session expired.
     *
     * @param operation what the call does, for messages, e.g. "read the inventory"
     */
    public <T> T call(String operation, VimCall<T> call) {
        ServiceInstance si = connected();
        try {
            return succeeded(call.apply(si));
        } catch (NotAuthenticated e) {
            LOG.infof("vCenter session expired or was terminated; logging in again to %s", operation);
            ServiceInstance fresh = reconnect(si);
            try {
                return succeeded(call.apply(fresh));
            } catch (Exception again) {
                throw classify(operation, again);
            }
        } catch (Exception e) {
            throw classify(operation, e);
        }
    }

    /** The session cookie ({@code vmware_soap_session=...}) for HTTP calls beside SOAP, e.g. datastore file downloads. */
    public String sessionCookie() {
        String header = connected().getServerConnection().getSessionStr();
        if (header == null) {
            throw new VcenterUnavailableException("vCenter gave no session cookie", null);
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
    }

    /** Makes sure there is a session (used at startup and by the readiness check's refresh); never throws. */
    public Status probe() {
        try {
            call("check the session", si -> si.currentTime());
        } catch (RuntimeException e) {
            // recorded in status
        }
        return status;
    }

    private <T> T succeeded(T result) {
        if (status.state() != State.CONNECTED) {
            status = new Status(State.CONNECTED, "logged in to " + url.getHost() + " as " + config.username(), Instant.now());
        }
        return result;
    }

    private ServiceInstance connected() {
        ServiceInstance si = instance;
        return si != null ? si : reconnect(null);
    }

    private synchronized ServiceInstance reconnect(ServiceInstance stale) {
        if (instance != null && instance != stale) {
            return instance; // another thread already logged in again
        }
        instance = null;
        try {
            ServiceInstance si = new ServiceInstance(url, config.username(), config.password(), trust, ServiceInstance.VIM25_NAMESPACE,
                    (int) config.connectTimeout().toMillis(), (int) config.readTimeout().toMillis());
            instance = si;
            status = new Status(State.CONNECTED, "logged in to " + url.getHost() + " as " + config.username(), Instant.now());
            LOG.infof("Logged in to vCenter %s as %s (API %s)", url, config.username(),
                    si.getAboutInfo() == null ? "?" : si.getAboutInfo().getApiVersion());
            return si;
        } catch (Exception e) {
            throw classify("log in", e);
        }
    }

    private VcenterException classify(String operation, Exception e) {
        VcenterException result;
        if (e instanceof VcenterException ve) {
            result = ve;
        } else if (e instanceof InvalidLogin) {
            result = new VcenterAuthenticationException("vCenter " + url.getHost() + " rejected the user name or password of '"
                    + config.username() + "' (InvalidLogin); fix traverse.vcenter.username/password", e);
            record(State.AUTHENTICATION_FAILED, result.getMessage());
        } else if (e instanceof MethodFault fault) {
            result = new VsphereFaultException(operation, fault.getClass().getSimpleName(), e);
        } else if (e instanceof SoapFaultException sfe) {
            result = new VsphereFaultException(operation, String.valueOf(sfe.getFaultString()), e);
        } else if (networkCause(e) instanceof IOException io) {
            String why = io instanceof SSLException ? "TLS failed: " : "";
            result = new VcenterUnavailableException("vCenter " + url.getHost() + " is unreachable (" + operation + "): "
                    + why + io.getClass().getSimpleName() + ": " + io.getMessage(), e);
            record(State.UNREACHABLE, result.getMessage());
            instance = null;
        } else if (e instanceof RemoteException) {
            result = new VcenterUnavailableException("vCenter " + url.getHost() + " gave an unusable answer (" + operation
                    + "): " + e.getMessage(), e);
        } else if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            result = new VcenterUnavailableException("interrupted while waiting for vCenter (" + operation + ")", e);
        } else {
            result = new VcenterException("could not " + operation + ": " + e, e);
        }
        return result;
    }

    private void record(State state, String message) {
        if (status.state() != state || !status.message().equals(message)) {
            LOG.warn(message);
            status = new Status(state, message, Instant.now());
        }
    }

    /** The network-level cause (connect refused, timeout, TLS), skipping RMI's RemoteException wrappers. */
    private static IOException networkCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io && !(t instanceof RemoteException)) {
                return io;
            }
        }
        return null;
    }

    void logout(@Observes ShutdownEvent ignored) {
        ServiceInstance si = instance;
        instance = null;
        if (si != null) {
            try {
                si.getSessionManager().logout();
            } catch (Exception e) {
                LOG.debugf("Logout from vCenter failed: %s", e.getMessage());
            }
        }
    }
}
