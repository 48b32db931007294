package io.traverse.migration.rest;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.traverse.migration.support.FakeInventory;
import io.traverse.testbed.TraverseTestbed;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static io.traverse.migration.support.Api.awaitState;
import static io.traverse.migration.support.Api.freshVmId;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

/** The MCP endpoint: an agent migrates a VM and follows it over JSON-RPC 2.0. */
@QuarkusTest
@WithTestResource(TraverseTestbed.class)
@WithTestResource(FakeInventory.class)
@TestSecurity(user = "agent", roles = "operator")
class McpResourceTest {

    private static io.restassured.response.ValidatableResponse rpc(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/mcp").then().statusCode(200);
    }

    @Test
    void anAgentListsTheToolsMigratesAVmAndReadsItsStatus() {
        rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-03-26\"}}")
                .body("result.serverInfo.name", equalTo("traverse-migration-api"))
                .body("result.capabilities.tools", notNullValue());
        rpc("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}")
                .body("result.tools.name", hasItems("vmware_migrate_vm", "migration_status", "migration_timeline",
                        "migration_list", "fleet_summary"));
        String vmId = freshVmId();
        String id = rpc("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"vmware_migrate_vm\","
                + "\"arguments\":{\"vmId\":\"" + vmId + "\",\"vmName\":\"DC0_H0_VM0\"}}}")
                .body("id", equalTo(3))
                .body("result.isError", equalTo(false))
                .body("result.structuredContent.vmId", equalTo(vmId))
                .extract().path("result.structuredContent.id");
        awaitState(id, "DISCOVERING");
        rpc("{\"jsonrpc\":\"2.0\",\"id\":\"s\",\"method\":\"tools/call\",\"params\":{\"name\":\"migration_status\","
                + "\"arguments\":{\"migrationId\":\"" + id + "\"}}}")
                .body("result.structuredContent.state", equalTo("DISCOVERING"))
                .body("result.content[0].type", equalTo("text"));
        rpc("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"vmware_migrate_vm\","
                + "\"arguments\":{\"vmId\":\"" + vmId + "\",\"vmName\":\"DC0_H0_VM0\"}}}")
                .body("result.isError", equalTo(true))
                .body("result.content[0].text", containsString("already in an active migration"));
    }

    @Test
    void malformedCallsGetJsonRpcErrors() {
        rpc("{not json").body("error.code", equalTo(-32700));
        rpc("{\"id\":1,\"method\":\"tools/list\"}").body("error.code", equalTo(-32600));
        rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/teleport\"}").body("error.code", equalTo(-32601));
        rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"vmware_migrate_vm\","
                + "\"arguments\":{\"vmId\":\"DC0\",\"vmName\":\"x\"}}}").body("error.code", equalTo(-32602));
        given().contentType(ContentType.JSON).body("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .post("/mcp").then().statusCode(202);
    }

    @Test
    @TestSecurity(user = "vic", roles = "viewer")
    void aViewerReadsThroughMcpButCannotMigrate() {
        rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"fleet_summary\"}}")
                .body("result.structuredContent.total", notNullValue());
        rpc("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"vmware_migrate_vm\","
                + "\"arguments\":{\"vmId\":\"vm-5\",\"vmName\":\"x\"}}}")
                .body("result.isError", equalTo(true))
                .body("result.content[0].text", containsString("operator role"));
    }
}
