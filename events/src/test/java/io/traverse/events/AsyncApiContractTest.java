package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** docs/events/asyncapi.yaml says what the code does; see {@link AsyncApiContract} for the rules. */
class AsyncApiContractTest {

    private static JsonNode doc;

    @BeforeAll
    static void readDocument() throws Exception {
        doc = AsyncApiContract.read(DocPaths.ASYNCAPI);
    }

    @Test
    void asyncApiDocumentMatchesTheCode() {
        List<String> problems = AsyncApiContract.problems(doc);
        if (!problems.isEmpty()) {
            fail(DocPaths.ROOT.relativize(DocPaths.ASYNCAPI) + " drifted from io.traverse.events ("
                    + problems.size() + " problems); fix the document or the code:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventTypeHasAChannelAddressedByItsTopic(EventType type) {
        var channel = AsyncApiContract.channel(doc, type.topic());

        assertNotNull(channel, () -> "no channel with address " + type.topic());
        assertEquals(type.topic(), channel.getValue().path("address").asText());
    }

    // The checks must catch drift, or the test above proves nothing: mutate a copy and expect the named problem.

    @Test
    void aMissingPropertyIsReportedWithItsRecordAndComponent() {
        assertDrift(d -> properties(d, "SourceDisk").remove("changeId"),
                "schema 'SourceDisk' (record SourceDisk): record component 'changeId'");
    }

    @Test
    void anExtraPropertyIsReported() {
        assertDrift(d -> properties(d, "TargetFlavor").putObject("swapMb").put("type", "integer")
                        .put("description", "swap"),
                "property 'swapMb' is not a component of TargetFlavor");
    }

    @Test
    void anIncompatibleJsonTypeIsReported() {
        assertDrift(d -> ((ObjectNode) properties(d, "SourceVm").get("vcpus")).put("type", "string"),
                "property 'vcpus': JSON type is 'string', expected 'integer'");
    }

    @Test
    void aRequiredListThatDiffersFromTheNullabilityInCodeIsReported() {
        assertDrift(d -> ((ArrayNode) schema(d, "InstanceActive").get("required")).add("host"),
                "required list names 'host', which is nullable in code");
        assertDrift(d -> ((ObjectNode) schema(d, "MigrationFailed")).putArray("required").add("phase").add("reason"),
                "'retryable' is required in code");
    }

    @Test
    void aMissingEnumValueIsReported() {
        assertDrift(d -> ((ArrayNode) schema(d, "Phase").get("enum")).remove(6),
                "enum values [CONVERSION, DISCOVERY, DISK_SYNC, LAUNCH, MAPPING, SIZING] differ from Phase");
    }

    @Test
    void aDriftDeepInsideANestedListElementIsReported() {
        assertDrift(d -> ((ObjectNode) properties(d, "PortMapping").get("securityGroups").get("items"))
                        .put("type", "integer"),
                "schema 'PortMapping' (record PortMapping), property 'securityGroups' items: JSON type is 'integer'");
    }

    @Test
    void aChannelWhoseAddressIsNotTheTopicIsReported() {
        assertDrift(d -> ((ObjectNode) d.path("channels").path("vmSized")).put("address", "vm.sized"),
                "event vm.sized (VmSized): no channel has address 'traverse.vm.sized'");
    }

    @Test
    void aMissingDescriptionIsReported() {
        assertDrift(d -> ((ObjectNode) properties(d, "DiskProgress").get("etaSeconds")).remove("description"),
                "property 'etaSeconds': has no description");
    }

    @Test
    void aChannelWithoutAReceiverIsReported() {
        assertDrift(d -> {
                    ObjectNode operations = (ObjectNode) d.path("operations");
                    operations.remove("migration-api.receives.disk.progress");
                },
                "channel 'traverse.disk.progress' needs a send and a receive operation, has [send]");
    }

    private static void assertDrift(Consumer<ObjectNode> mutation, String expectedProblem) {
        ObjectNode copy = doc.deepCopy();
        mutation.accept(copy);
        List<String> problems = AsyncApiContract.problems(copy);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expectedProblem)),
                () -> "expected a problem containing \"" + expectedProblem + "\", got " + problems);
    }

    private static ObjectNode schema(ObjectNode d, String name) {
        return (ObjectNode) d.path("components").path("schemas").path(name);
    }

    private static ObjectNode properties(ObjectNode d, String name) {
        return (ObjectNode) schema(d, name).path("properties");
    }
}
