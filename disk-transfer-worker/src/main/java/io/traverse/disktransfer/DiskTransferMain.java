package io.traverse.disktransfer;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.traverse.disktransfer.job.SyncJobCommand;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * One image, two entry points: without arguments the dispatcher service; with {@code sync --migration ID --round N
 * [--bandwidth-bps B]} one sync round as a Job (no Kafka consumers, no HTTP port of its own), exiting with the
 * round's exit code.
 */
@QuarkusMain
public class DiskTransferMain implements QuarkusApplication {

    @Inject
    SyncJobCommand command;

    public static void main(String... args) {
        if (args.length > 0 && "sync".equals(args[0])) {
            System.setProperty("traverse.disk-transfer.mode", "job");
            System.setProperty("mp.messaging.incoming.vm-mapped.enabled", "false");
            System.setProperty("mp.messaging.incoming.disk-sync-requested.enabled", "false");
            System.setProperty("mp.messaging.incoming.migration-cancelled.enabled", "false");
            System.setProperty("quarkus.http.port", "0");
        }
        Quarkus.run(DiskTransferMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (!"sync".equals(args[0])) {
            System.err.println("usage: disk-transfer-worker [sync --migration ID --round N [--bandwidth-bps B]]");
            return 2;
        }
        UUID migration = null;
        int round = 0;
        long bps = 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--migration" -> migration = UUID.fromString(args[i + 1]);
                case "--round" -> round = Integer.parseInt(args[i + 1]);
                case "--bandwidth-bps" -> bps = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    return 2;
                }
            }
        }
        if (migration == null || round < 1) {
            System.err.println("sync needs --migration and --round");
            return 2;
        }
        return command.run(migration, round, bps);
    }
}
