package io.traverse.conversion;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.traverse.conversion.job.ConversionJobCommand;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * One image, two entry points: without arguments the dispatcher service; with {@code convert --migration ID
 * [--round N]} one VM's conversion as a Job (no Kafka consumer, no HTTP port of its own), exiting with the
 * conversion's exit code.
 */
@QuarkusMain
public class ConversionMain implements QuarkusApplication {

    @Inject
    ConversionJobCommand command;

    public static void main(String... args) {
        if (args.length > 0 && "convert".equals(args[0])) {
            System.setProperty("traverse.conversion.mode", "job");
            System.setProperty("mp.messaging.incoming.disk-synced.enabled", "false");
            System.setProperty("quarkus.http.port", "0");
        }
        Quarkus.run(ConversionMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        boolean withRound = args.length == 5 && "--round".equals(args[3]);
        if (!"convert".equals(args[0]) || (args.length != 3 && !withRound) || !"--migration".equals(args[1])) {
            System.err.println("usage: conversion-worker [convert --migration ID [--round N]]");
            return 2;
        }
        return command.run(UUID.fromString(args[2]), withRound ? Integer.parseInt(args[4]) : null);
    }
}
