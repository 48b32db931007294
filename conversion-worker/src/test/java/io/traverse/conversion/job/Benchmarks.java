package io.traverse.conversion.job;

import io.traverse.testbed.GuestImages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/** Appends measured conversion times to target/conversion-benchmarks.tsv, the source of docs/benchmarks.md's numbers. */
final class Benchmarks {

    private Benchmarks() {
    }

    static void record(String what, Duration took, GuestImages images) {
        try {
            double load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0].isEmpty() ? 0
                    : Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            String line = Instant.now() + "\t" + what + "\t" + took.toMillis() / 1000.0 + " s\tload " + load + "\tkernel "
                    + images.kernel() + "\tcores " + Runtime.getRuntime().availableProcessors() + "\n";
            Files.writeString(Path.of("target/conversion-benchmarks.tsv"), line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
