package io.traverse.discovery.vcenter;

import com.vmware.vim25.ws.Argument;
import com.vmware.vim25.ws.SoapAction;
import com.vmware.vim25.ws.WSClient;
import com.vmware.vim25.ws.XmlGen;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.nio.charset.StandardCharsets;
import java.rmi.RemoteException;
import java.security.GeneralSecurityException;

/**
 * yavijava's SOAP transport ({@link WSClient}, plain {@link HttpURLConnection}) made safe for a service:
 * <ul>
 *   <li>TLS trust is per connection: the {@link TrustManager} given by {@link VcenterTrust} (JDK trust store, pinned
 *   thumbprint, or insecure) gets its own {@link SSLContext}. yavijava's own paths cache the first context in a static
 *   field and, for "ignore certificates", replace the JVM-wide default host name verifier; neither is used here;</li>
 *   <li>nothing is logged: yavijava logs every SOAP payload at TRACE (the Login call carries the password) and every
 *   fault at ERROR; callers classify and log failures themselves ({@link VcenterSession}).</li>
 * </ul>
 * Installed as {@code ClientCreator.clientClass}, which needs the {@code (String, boolean, TrustManager)} constructor.
 */
public class VsphereSoapClient extends WSClient {

    private final SSLSocketFactory socketFactory;

    public VsphereSoapClient(String serverUrl, boolean ignoreCert) throws MalformedURLException, RemoteException {
        this(serverUrl, ignoreCert, null);
    }

    public VsphereSoapClient(String serverUrl, boolean ignoreCert, TrustManager trustManager)
            throws MalformedURLException, RemoteException {
        // never let WSClient build its own context: ignoreCert=false and no trust manager
        super(serverUrl, false, null);
        if (ignoreCert || trustManager == null) {
            throw new IllegalArgumentException("discovery-service connects only with an explicit trust manager (VcenterTrust)");
        }
        this.trustManager = trustManager;
        this.socketFactory = socketFactory(trustManager);
    }

    private static SSLSocketFactory socketFactory(TrustManager trustManager) throws RemoteException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new RemoteException("Could not set up TLS for vCenter", e);
        }
    }

    @Override
    public String marshall(String methodName, Argument[] paras) {
        return XmlGen.toXML(methodName, paras, vimNameSpace);
    }

    @Override
    public Object invoke(String methodName, Argument[] paras, String returnType) throws RemoteException {
        String soapMsg = marshall(methodName, paras);
        try (InputStream is = post(soapMsg)) {
            return unMarshall(returnType, is);
        } catch (RemoteException e) {
            throw e;
        } catch (Exception e) {
            throw new RemoteException("vSphere call " + methodName + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    protected InputStream post(String soapMsg) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) baseUrl.openConnection();
        if (connection instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(socketFactory);
        }
        if (connectTimeout > 0) {
            connection.setConnectTimeout(connectTimeout);
        }
        if (readTimeout > 0) {
            connection.setReadTimeout(readTimeout);
        }
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setDoInput(true);
        connection.setRequestProperty(SoapAction.SOAP_ACTION_HEADER.toString(), soapAction == null ? "" : soapAction);
        connection.setRequestProperty("Content-Type", "text/xml; charset=utf-8");
        String sessionCookie = cookie;
        if (sessionCookie != null) {
            connection.setRequestProperty("Cookie", sessionCookie);
        }
        try (OutputStreamWriter out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.UTF_8)) {
            out.write(soapMsg);
        }
        InputStream is = getInputStreamFromConnection(connection);
        if (cookie == null) {
            cookie = connection.getHeaderField("Set-Cookie");
        }
        return is;
    }
}
