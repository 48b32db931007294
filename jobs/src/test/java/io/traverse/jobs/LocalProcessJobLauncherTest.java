package io.traverse.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jobs as real child processes, as the local stack runs them. */
class LocalProcessJobLauncherTest {

    @TempDir
    Path logs;

    @Test
    void shouldReportExitCodesAndKeepEachJobsOutput() throws Exception {
        LocalProcessJobLauncher launcher = new LocalProcessJobLauncher("disk-transfer", List.of("sh", "-c"),
                Map.of("GREETING", "hello"), logs);
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = launcher.watch(seen::add)) {
            UUID ok = UUID.randomUUID();
            UUID bad = UUID.randomUUID();
            JobSpec good = new JobSpec(JobSpec.name("disk-transfer", ok, "r1"), "disk-transfer", ok, "vm-1",
                    List.of("echo $GREETING $TRAVERSE_MIGRATION_ID"), Map.of());
            launcher.launch(good);
            launcher.launch(good); // same name: not started again
            launcher.launch(new JobSpec(JobSpec.name("disk-transfer", bad, "r1"), "disk-transfer", bad, "vm-2",
                    List.of("exit 3"), Map.of()));
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().filter(s -> s.phase().isFinal()).count() == 2);
            assertEquals(JobPhase.SUCCEEDED, launcher.status(good.name()).orElseThrow().phase());
            JobStatus failed = seen.stream().filter(s -> bad.equals(s.migrationId()) && s.phase().isFinal()).findFirst().orElseThrow();
            assertEquals(JobPhase.FAILED, failed.phase());
            assertTrue(failed.reason().startsWith("exit code 3"), failed.reason());
            assertEquals("hello " + ok, Files.readString(logs.resolve(good.name() + ".log")).strip());
            assertEquals(2, seen.stream().filter(s -> s.phase() == JobPhase.RUNNING).count());
        }
    }

    @Test
    void aKilledJobIsStartedAgainUpToItsBackoffLimitThenFails() throws Exception {
        LocalProcessJobLauncher launcher = new LocalProcessJobLauncher("disk-transfer", List.of("sh", "-c"), Map.of(), logs,
                2, Duration.ofMillis(100));
        List<JobStatus> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = launcher.watch(seen::add)) {
            UUID id = UUID.randomUUID();
            Path marker = logs.resolve("attempts");
            // the first attempt is killed mid-work (as an OOM kill or a node loss would); the second finishes the work
            JobSpec spec = new JobSpec(JobSpec.name("disk-transfer", id, "r1"), "disk-transfer", id, "vm-1",
                    List.of("echo run >> " + marker + "; if [ $(wc -l < " + marker + ") -eq 1 ]; then kill -9 $$; fi; echo done"),
                    Map.of());
            launcher.launch(spec);
            await().atMost(Duration.ofSeconds(20)).until(() -> seen.stream().anyMatch(s -> s.phase().isFinal()));
            assertEquals(JobPhase.SUCCEEDED, launcher.status(spec.name()).orElseThrow().phase());
            assertEquals(2, Files.readAllLines(marker).size(), "started twice");
            String log = Files.readString(logs.resolve(spec.name() + ".log"));
            assertTrue(log.contains("--- attempt 2 of 3 ---") && log.strip().endsWith("done"), log);

            UUID bad = UUID.randomUUID();
            JobSpec failing = new JobSpec(JobSpec.name("disk-transfer", bad, "r1"), "disk-transfer", bad, "vm-2",
                    List.of("exit 1"), Map.of());
            launcher.launch(failing);
            await().atMost(Duration.ofSeconds(20)).until(() -> launcher.status(failing.name()).orElseThrow().phase().isFinal());
            JobStatus end = launcher.status(failing.name()).orElseThrow();
            assertEquals(JobPhase.FAILED, end.phase());
            assertTrue(end.reason().startsWith("exit code 1 after 3 attempts"), end.reason());
        }
    }

    @Test
    void theJobsOwnReasonLeadsItsFailureAndAPermanentFailureIsNotRetried() throws Exception {
        LocalProcessJobLauncher launcher = new LocalProcessJobLauncher("disk-transfer", List.of("sh", "-c"), Map.of(), logs,
                2, Duration.ofMillis(100));
        UUID gone = UUID.randomUUID();
        Path tries = logs.resolve("tries-gone");
        JobSpec permanent = new JobSpec(JobSpec.name("disk-transfer", gone, "r1"), "disk-transfer", gone, "vm-1",
                List.of("echo run >> " + tries + "; echo 'source disk [LocalDS_0] vm/vm.vmdk not found (HTTP 404)' > \"$"
                        + JobLauncher.TERMINATION_MESSAGE_PATH_ENV + "\"; exit " + JobLauncher.PERMANENT_FAILURE_EXIT_CODE),
                Map.of());
        UUID flaky = UUID.randomUUID();
        Path flakyTries = logs.resolve("tries-flaky");
        JobSpec retried = new JobSpec(JobSpec.name("disk-transfer", flaky, "r1"), "disk-transfer", flaky, "vm-2",
                List.of("echo run >> " + flakyTries + "; echo \"connection reset on try $(wc -l < " + flakyTries + ")\" > \"$"
                        + JobLauncher.TERMINATION_MESSAGE_PATH_ENV + "\"; exit 1"), Map.of());
        launcher.launch(permanent);
        launcher.launch(retried);
        await().atMost(Duration.ofSeconds(20)).until(() -> launcher.status(permanent.name()).orElseThrow().phase().isFinal()
                && launcher.status(retried.name()).orElseThrow().phase().isFinal());

        JobStatus p = launcher.status(permanent.name()).orElseThrow();
        assertEquals(JobPhase.FAILED, p.phase());
        assertTrue(p.permanent());
        assertTrue(p.reason().startsWith("source disk [LocalDS_0] vm/vm.vmdk not found (HTTP 404) (exit code 3)"), p.reason());
        assertEquals(1, Files.readAllLines(tries).size(), "a permanent failure is not retried");

        JobStatus r = launcher.status(retried.name()).orElseThrow();
        assertEquals(JobPhase.FAILED, r.phase());
        assertFalse(r.permanent());
        assertTrue(r.reason().startsWith("connection reset on try 3 (exit code 1 after 3 attempts)"), "the last attempt's word: "
                + r.reason());
    }

    @Test
    void aCancelledJobIsNotStartedAgain() throws Exception {
        LocalProcessJobLauncher launcher = new LocalProcessJobLauncher("disk-transfer", List.of("sh", "-c"), Map.of(), logs,
                2, Duration.ofMillis(100));
        UUID id = UUID.randomUUID();
        JobSpec spec = new JobSpec(JobSpec.name("disk-transfer", id, "r1"), "disk-transfer", id, "vm-1",
                List.of("echo run >> " + logs.resolve("runs") + "; sleep 60"), Map.of());
        launcher.launch(spec);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(logs.resolve("runs")));
        launcher.cancel(spec.name());
        await().atMost(Duration.ofSeconds(20)).until(() -> launcher.status(spec.name()).orElseThrow().phase().isFinal());
        assertEquals(JobPhase.FAILED, launcher.status(spec.name()).orElseThrow().phase());
        Thread.sleep(500); // longer than the retry delay: a restart would have happened by now
        assertEquals(1, Files.readAllLines(logs.resolve("runs")).size(), "not started again");
    }

    @Test
    void shouldCutLongNamesToADnsLabel() {
        String n = JobSpec.name("disk-transfer", UUID.fromString("0b6f3c52-9a1e-4d7b-8c2f-5e4a1d9b7c30"), "round-12-cutover");
        assertTrue(n.length() <= 63, n);
        assertTrue(n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), n);
    }
}
