package io.traverse.events;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the event documents live, seen from this module. */
final class DocPaths {

    /** The repository root: the parent of the module directory Maven runs the tests in. */
    static final Path ROOT = root();
    static final Path ASYNCAPI = ROOT.resolve("docs/events/asyncapi.yaml");
    static final Path EVENTS_MD = ROOT.resolve("docs/events.md");

    private DocPaths() {
    }

    private static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isDirectory(root.resolve("docs/events"))) {
            throw new IllegalStateException("cannot find docs/events next to the module directory " + module);
        }
        return root;
    }
}
