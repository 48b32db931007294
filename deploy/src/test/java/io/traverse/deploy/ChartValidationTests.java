package io.traverse.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chart cannot guess makes {@code helm template} fail with a message that says what to set. */
class ChartValidationTests {

    @Test
    void shouldRefuseToRenderWithTheChartDefaultsAlone() {
        // helm lint does not (helm's lint mode tolerates fail), so this is checked on helm template.
        Exception e = assertThrows(Exception.class, () -> Chart.template());
        assertTrue(e.getMessage().contains("kafka.bootstrapServers is required"), e.getMessage());
    }

    @Test
    void shouldRefuseToRenderWithoutKafka() {
        assertFailsWith("kafka.bootstrapServers is required", "kafka:\n  bootstrapServers: \"\"\n");
    }

    @Test
    void shouldRefuseANonJdbcDatabaseUrl() {
        assertFailsWith("database.url must be a PostgreSQL JDBC URL", "database:\n  url: postgres://db:5432/traverse\n");
    }

    @Test
    void shouldRefuseCredentialsThatAreNeitherGivenNorInAnExistingSecret() {
        assertFailsWith("set vcenter.existingSecret (recommended) or vcenter.username and vcenter.password",
                "vcenter:\n  existingSecret: \"\"\n");
    }

    @Test
    void shouldRefuseAnUnknownDashboardServiceType() {
        assertFailsWith("dashboard.service.type must be ClusterIP, NodePort or LoadBalancer",
                "dashboard:\n  service:\n    type: ExternalName\n");
    }

    @Test
    void shouldRefuseOidcWithoutAnIdentityProvider() {
        assertFailsWith("auth.oidc.authServerUrl is required with auth.mode oidc", "auth:\n  oidc:\n    authServerUrl: \"\"\n");
    }

    @Test
    void shouldRefuseApplicationCredentialsWhichTheConversionJobsCannotUse() {
        assertFailsWith("openstack.authType v3applicationcredential is not supported yet",
                "openstack:\n  authType: v3applicationcredential\n");
    }

    @Test
    void shouldRefuseVddkWithoutTheSha1ThumbprintItNeeds() {
        assertFailsWith("diskTransferWorker.job.vddk.image needs the vCenter certificate's SHA-1 thumbprint",
                "diskTransferWorker:\n  job:\n    vddk:\n      image: registry.example.com/vddk:8\n");
    }

    private static void assertFailsWith(String message, String override) {
        Path file;
        try {
            file = Files.createTempFile("traverse-values", ".yaml");
            Files.writeString(file, override);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Exception e = assertThrows(Exception.class,
                () -> Chart.template(Chart.values("helm/traverse/ci/minimal-values.yaml"), file));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
