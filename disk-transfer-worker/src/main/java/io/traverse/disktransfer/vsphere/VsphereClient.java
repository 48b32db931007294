package io.traverse.disktransfer.vsphere;

import io.traverse.disktransfer.copy.Extent;
import io.traverse.disktransfer.copy.SourceRefusedException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The few vSphere SOAP calls a disk sync needs, spoken directly over HTTP: log in, snapshot create/remove/list,
 * {@code QueryChangedDiskAreas}, power off, and the datastore file URL with the session cookie. Small on purpose:
 * the Job image carries no SOAP stack. discovery-service owns the same operations for the rest of Traverse; once
 * it serves them over REST, {@link SourceOperations} gets a second implementation and this stays for the Job.
 */
public final class VsphereClient implements SourceOperations, AutoCloseable {

    private final URI sdk;
    private final HttpClient http;
    private final SSLContext ssl;
    private String cookie;
    private String sessionManager;
    private String propertyCollector;

    private VsphereClient(URI sdk, SSLContext ssl) {
        this.sdk = sdk;
        this.ssl = ssl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .connectTimeout(Duration.ofSeconds(20)).build();
    }

    /** Logs in to {@code https://host/sdk}; the password is used once and not kept. */
    public static VsphereClient login(URI sdk, String user, String password, SSLContext ssl) throws IOException {
        VsphereClient c = new VsphereClient(sdk, ssl);
        Document sc = c.call("<RetrieveServiceContent xmlns=\"urn:vim25\"><_this type=\"ServiceInstance\">ServiceInstance</_this></RetrieveServiceContent>");
        c.sessionManager = text(sc, "sessionManager");
        c.propertyCollector = text(sc, "propertyCollector");
        try {
            c.call("<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">" + esc(c.sessionManager) + "</_this><userName>"
                    + esc(user) + "</userName><password>" + esc(password) + "</password></Login>");
        } catch (VsphereFault e) { // InvalidLogin: the same credentials will be refused again
            throw new SourceRefusedException(401, "vCenter " + sdk + " refused the login of " + user + ": " + e.getMessage()
                    + " (HTTP 401)", e);
        }
        if (c.cookie == null) {
            throw new IOException("vCenter " + sdk + " gave no session cookie at login");
        }
        return c;
    }

    public SSLContext sslContext() {
        return ssl;
    }

    @Override
    public String createSnapshot(String vm, String name, String description) throws IOException {
        String task = text(call("<CreateSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + esc(vm)
                + "</_this><name>" + esc(name) + "</name><description>" + esc(description)
                + "</description><memory>false</memory><quiesce>false</quiesce></CreateSnapshot_Task>"), "returnval");
        return waitForTask(task).orElseThrow(() -> new IOException("CreateSnapshot_Task returned no snapshot"));
    }

    @Override
    public void removeSnapshot(String snapshot) throws IOException {
        String task = text(call("<RemoveSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachineSnapshot\">"
                + esc(snapshot) + "</_this><removeChildren>false</removeChildren><consolidate>true</consolidate></RemoveSnapshot_Task>"), "returnval");
        waitForTask(task);
    }

    @Override
    public List<Snapshot> snapshots(String vm) throws IOException {
        Document d = retrieve("VirtualMachine", vm, "snapshot");
        List<Snapshot> out = new ArrayList<>();
        for (String list : List.of("rootSnapshotList", "childSnapshotList")) {
            NodeList trees = d.getElementsByTagNameNS("*", list);
            for (int i = 0; i < trees.getLength(); i++) {
                Element t = (Element) trees.item(i);
                out.add(new Snapshot(childText(t, "snapshot"), childText(t, "name"), childText(t, "description")));
            }
        }
        return out;
    }

    @Override
    public Map<Integer, String> snapshotChangeIds(String snapshot) throws IOException {
        Document d = retrieve("VirtualMachineSnapshot", snapshot, "config.hardware.device");
        Map<Integer, String> ids = new java.util.LinkedHashMap<>();
        NodeList devices = d.getElementsByTagNameNS("*", "VirtualDevice");
        for (int i = 0; i < devices.getLength(); i++) {
            Element dev = (Element) devices.item(i);
            String type = dev.getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "type");
            if (!type.endsWith("VirtualDisk")) {
                continue;
            }
            String key = childText(dev, "key");
            NodeList change = dev.getElementsByTagNameNS("*", "changeId");
            if (key != null && change.getLength() > 0) {
                ids.put(Integer.parseInt(key), change.item(0).getTextContent());
            }
        }
        return ids;
    }

    @Override
    public List<Extent> changedAreas(String vm, String snapshot, int diskKey, String changeId, long capacity) throws IOException {
        List<Extent> out = new ArrayList<>();
        long start = 0;
        while (true) {
            Document d = call("<QueryChangedDiskAreas xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + esc(vm)
                    + "</_this><snapshot type=\"VirtualMachineSnapshot\">" + esc(snapshot) + "</snapshot><deviceKey>" + diskKey
                    + "</deviceKey><startOffset>" + start + "</startOffset><changeId>" + esc(changeId) + "</changeId></QueryChangedDiskAreas>");
            Element rv = (Element) d.getElementsByTagNameNS("*", "returnval").item(0);
            long infoStart = Long.parseLong(childText(rv, "startOffset"));
            long length = Long.parseLong(childText(rv, "length"));
            NodeList areas = rv.getElementsByTagNameNS("*", "changedArea");
            for (int i = 0; i < areas.getLength(); i++) {
                Element a = (Element) areas.item(i);
                out.add(new Extent(Long.parseLong(childText(a, "start")), Long.parseLong(childText(a, "length"))));
            }
            long next = infoStart + length;
            // vCenter may answer a window shorter than the disk: ask again after it
            if (length <= 0 || next <= start || next >= capacity) {
                return out;
            }
            start = next;
        }
    }

    @Override
    public String powerState(String vm) throws IOException {
        return text(retrieve("VirtualMachine", vm, "runtime.powerState"), "val");
    }

    @Override
    public void powerOff(String vm) throws IOException {
        if ("poweredOff".equals(powerState(vm))) {
            return;
        }
        String task = text(call("<PowerOffVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">" + esc(vm)
                + "</_this></PowerOffVM_Task>"), "returnval");
        waitForTask(task);
    }

    @Override
    public DatastoreFile flatFile(String datacenter, String datastorePath) {
        // "[LocalDS_0] vm/disk1.vmdk" -> /folder/vm/disk1-flat.vmdk?dcPath=DC0&dsName=LocalDS_0
        int close = datastorePath.indexOf(']');
        String ds = datastorePath.substring(1, close);
        String path = datastorePath.substring(close + 1).strip();
        if (path.endsWith(".vmdk") && !path.endsWith("-flat.vmdk")) {
            path = path.substring(0, path.length() - ".vmdk".length()) + "-flat.vmdk";
        }
        StringBuilder encoded = new StringBuilder();
        for (String part : path.split("/")) {
            if (!encoded.isEmpty()) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        URI uri = sdk.resolve("/folder/" + encoded + "?dcPath=" + URLEncoder.encode(datacenter, StandardCharsets.UTF_8)
                + "&dsName=" + URLEncoder.encode(ds, StandardCharsets.UTF_8));
        return new DatastoreFile(uri, Map.of("Cookie", cookie));
    }

    private Optional<String> waitForTask(String task) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long sleep = 50;
        while (System.nanoTime() < deadline) {
            Document d = retrieve("Task", task, "info");
            String state = text(d, "state");
            if ("success".equals(state)) {
                NodeList result = d.getElementsByTagNameNS("*", "result");
                return result.getLength() == 0 ? Optional.empty() : Optional.of(result.item(0).getTextContent());
            }
            if ("error".equals(state)) {
                NodeList msg = d.getElementsByTagNameNS("*", "localizedMessage");
                throw new VsphereFault("task " + task + " failed: " + (msg.getLength() > 0 ? msg.item(0).getTextContent() : "(no message)"));
            }
            try {
                Thread.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for " + task, e);
            }
            sleep = Math.min(sleep * 2, 1000);
        }
        throw new IOException("task " + task + " did not finish in 30 minutes");
    }

    private Document retrieve(String type, String obj, String path) throws IOException {
        return call("<RetrievePropertiesEx xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">" + esc(propertyCollector)
                + "</_this><specSet><propSet><type>" + type + "</type><pathSet>" + esc(path) + "</pathSet></propSet>"
                + "<objectSet><obj type=\"" + type + "\">" + esc(obj) + "</obj></objectSet></specSet><options/></RetrievePropertiesEx>");
    }

    private Document call(String body) throws IOException {
        String envelope = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
        HttpRequest.Builder b = HttpRequest.newBuilder(sdk).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "urn:vim25/6.0")
                .POST(HttpRequest.BodyPublishers.ofString(envelope));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("vmware_soap_session"))
                .findFirst().ifPresent(c -> cookie = c.split(";", 2)[0]);
        Document d = parse(r.body());
        NodeList fault = d.getElementsByTagNameNS("*", "Fault");
        if (fault.getLength() > 0 || r.statusCode() != 200) {
            String reason = fault.getLength() > 0 ? text(d, "faultstring") : "HTTP " + r.statusCode();
            throw new VsphereFault(reason);
        }
        return d;
    }

    private static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("vCenter answered something that is not XML", e);
        }
    }

    private static String text(Document d, String localName) {
        NodeList l = d.getElementsByTagNameNS("*", localName);
        return l.getLength() == 0 ? null : l.item(0).getTextContent();
    }

    private static String childText(Element e, String localName) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && localName.equals(c.getLocalName())) {
                return c.getTextContent();
            }
        }
        return null;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        try {
            if (cookie != null) {
                call("<Logout xmlns=\"urn:vim25\"><_this type=\"SessionManager\">" + esc(sessionManager) + "</_this></Logout>");
            }
        } catch (IOException ignored) {
            // the session times out by itself
        }
        http.close();
    }

    /** A SOAP fault or failed task; its message is vCenter's, without credentials. */
    public static final class VsphereFault extends IOException {
        public VsphereFault(String message) {
            super(message);
        }
    }
}
