package io.traverse.discovery.source;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.traverse.discovery.VcsimInventory;
import io.traverse.testbed.TraverseTestbedWithVcsim;
import io.traverse.testbed.Vcsim;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * QueryChangedDiskAreas through the service against the testbed's vcsim, which answers it from the real disk file:
 * a disk's flat file is uploaded with data in known 64 KiB blocks, "guest writes" change some blocks, and each
 * snapshot's changed areas are exactly those blocks.
 */
@QuarkusTest
@WithTestResource(TraverseTestbedWithVcsim.class)
class ChangedDiskAreasTest {

    private static final int BLOCK = 64 * 1024;
    private static final String VM = "DC0_C0_RP0_VM12";

    @Test
    void changedAreasAreTheBlocksWrittenSinceAChangeId() throws Exception {
        VcsimInventory.refresh();
        String id = VcsimInventory.vmId(VM);
        JsonPath vm = given().get("/api/inventory/vms/" + id).then().statusCode(200).extract().jsonPath();
        int diskKey = vm.getInt("disks[0].key");
        String fileName = vm.getString("disks[0].fileName"); // [LocalDS_0] DC0_C0_RP0_VM12/disk1.vmdk
        byte[] disk = new byte[16 * BLOCK];
        Random r = new Random(6);
        fill(disk, 0, r);
        fill(disk, 5, r);
        upload(fileName.replace("disk1.vmdk", "disk1-flat.vmdk"), disk);

        given().post("/api/source/vms/" + id + "/cbt").then().statusCode(200).body("cbtEnabled", equalTo(true));
        JsonPath first = snapshot(id, "traverse-test-1");
        String snap1 = first.getString("snapshotId");
        String change1 = first.getString("vm.disks[0].changeId");
        assertNotNull(change1, "the snapshot gives the disk a change id");

        JsonPath all = changedAreas(id, diskKey, snap1, "*");
        assertEquals(List.of(area(0, 1), area(5, 1)), all.getList("areas"), "'*': every allocated block");
        assertEquals(10L << 30, all.getLong("length"), "the whole disk is covered");

        fill(disk, 5, r);
        fill(disk, 6, r);
        fill(disk, 9, r);
        upload(fileName.replace("disk1.vmdk", "disk1-flat.vmdk"), disk);
        JsonPath second = snapshot(id, "traverse-test-2");
        String snap2 = second.getString("snapshotId");
        assertNotEquals(change1, second.getString("vm.disks[0].changeId"), "the change id advances");

        JsonPath delta = changedAreas(id, diskKey, snap2, change1);
        assertEquals(List.of(area(5, 2), area(9, 1)), delta.getList("areas"), "only the blocks written since change 1");
        assertEquals(3 * BLOCK, delta.getLong("changedBytes"));

        given().queryParam("snapshotId", snap2).queryParam("changeId", "52 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00/1")
                .get("/api/source/vms/" + id + "/disks/" + diskKey + "/changed-areas").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo(SourceProblems.VSPHERE_FAULT));
        given().queryParam("snapshotId", snap2)
                .get("/api/source/vms/" + id + "/disks/" + diskKey + "/changed-areas").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("changeId"));
        given().queryParam("snapshotId", snap2).queryParam("changeId", "*")
                .get("/api/source/vms/" + id + "/disks/999/changed-areas").then().statusCode(404)
                .contentType("application/problem+json");

        given().delete("/api/source/vms/" + id + "/snapshots/" + snap2).then().statusCode(200);
        given().delete("/api/source/vms/" + id + "/snapshots/" + snap1).then().statusCode(200);
    }

    @Test
    void withoutCbtVcenterRefusesWithAProblem() {
        String id = VcsimInventory.vmId("DC0_C0_RP0_VM13");
        String snap = snapshot(id, "traverse-test-nocbt").getString("snapshotId");
        try {
            given().queryParam("snapshotId", snap).queryParam("changeId", "*")
                    .get("/api/source/vms/" + id + "/disks/" + given().get("/api/inventory/vms/" + id).then().extract()
                            .jsonPath().getInt("disks[0].key") + "/changed-areas")
                    .then().statusCode(409).contentType("application/problem+json")
                    .body("type", equalTo(SourceProblems.VSPHERE_FAULT)).body("detail", containsString("InvalidState"));
        } finally {
            given().delete("/api/source/vms/" + id + "/snapshots/" + snap).then().statusCode(200);
        }
    }

    private static JsonPath snapshot(String vmId, String name) {
        return given().contentType("application/json").body("{\"name\":\"" + name + "\"}")
                .post("/api/source/vms/" + vmId + "/snapshots").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath changedAreas(String vmId, int diskKey, String snapshotId, String changeId) {
        return given().queryParam("snapshotId", snapshotId).queryParam("changeId", changeId)
                .get("/api/source/vms/" + vmId + "/disks/" + diskKey + "/changed-areas").then().statusCode(200)
                .body("diskKey", equalTo(diskKey)).extract().jsonPath();
    }

    private static Map<String, Object> area(int block, int blocks) {
        return Map.of("start", block * BLOCK, "length", blocks * BLOCK);
    }

    private static void fill(byte[] disk, int block, Random r) {
        byte[] data = new byte[BLOCK];
        r.nextBytes(data);
        System.arraycopy(data, 0, disk, block * BLOCK, BLOCK);
    }

    /** PUT through the service's own datastore-file URL and session cookie (as disk transfer downloads). */
    private static void upload(String datastorePath, byte[] content) throws Exception {
        JsonPath access = given().queryParam("path", datastorePath).queryParam("datacenter", "DC0")
                .get("/api/source/datastore-files").then().statusCode(200).extract().jsonPath();
        try (HttpClient http = Vcsim.insecureHttpClient()) {
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(access.getString("url")))
                    .header("Cookie", access.getString("cookie")).PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(2, put.statusCode() / 100, "PUT " + datastorePath + ": " + put.statusCode() + " " + put.body());
        }
    }
}
