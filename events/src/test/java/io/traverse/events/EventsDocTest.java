package io.traverse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/events.md is generated ({@link EventsDoc}); this fails when the committed file differs from what the code and
 * the AsyncAPI document produce now, and says how to regenerate it.
 */
class EventsDocTest {

    private static final boolean REGENERATE = Boolean.getBoolean("traverse.events.regenerate-docs");

    private static String generated;

    @BeforeAll
    static void generate() throws Exception {
        generated = EventsDoc.render(AsyncApiContract.read(DocPaths.ASYNCAPI));
        if (REGENERATE) {
            Files.writeString(DocPaths.EVENTS_MD, generated, StandardCharsets.UTF_8);
        }
    }

    @Test
    void committedEventsMdIsWhatTheCodeGeneratesNow() throws Exception {
        String committed = Files.exists(DocPaths.EVENTS_MD)
                ? Files.readString(DocPaths.EVENTS_MD, StandardCharsets.UTF_8).replace("\r\n", "\n") : "";
        if (!committed.equals(generated)) {
            fail("docs/events.md is out of date with the event records and docs/events/asyncapi.yaml ("
                    + firstDifference(committed, generated) + "). Regenerate it from /work/main with\n  "
                    + EventsDoc.REGENERATE + "\n(or ./mvnw -q -f events/pom.xml test -Dtest=EventsDocTest "
                    + "-Dtraverse.events.regenerate-docs=true) and commit the result.");
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyEventHasASectionNamingItsTopicAndEveryTopLevelField(EventType type) {
        String section = section(type.type());

        assertTrue(section.contains("`" + type.topic() + "`"), () -> type.type() + " section lacks its topic");
        for (var component : type.payloadClass().getRecordComponents()) {
            assertTrue(section.contains("| `" + component.getName() + "` |"),
                    () -> type.type() + " section lacks field " + component.getName());
        }
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void everyExampleDecodesToTheSampleEvent(EventType type) {
        Matcher example = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(section(type.type()));
        assertTrue(example.find(), () -> type.type() + " section has no example");

        assertEquals(SampleEvents.envelope(type), EventJson.decode(example.group(1)));
    }

    @Test
    void everyLinkPointsAtAHeading() {
        List<String> anchors = new ArrayList<>();
        Matcher heading = Pattern.compile("(?m)^#+ (.+)$").matcher(generated);
        while (heading.find()) {
            anchors.add(EventsDoc.anchor(heading.group(1)));
        }
        Matcher link = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(generated);
        while (link.find()) {
            assertTrue(anchors.contains(link.group(1)), "dangling link #" + link.group(1));
        }
    }

    private static String section(String eventType) {
        int start = generated.indexOf("\n## " + eventType + "\n");
        assertTrue(start >= 0, () -> "no section '## " + eventType + "'");
        int end = generated.indexOf("\n## ", start + 1);
        return generated.substring(start, end < 0 ? generated.length() : end);
    }

    private static String firstDifference(String committed, String generated) {
        String[] a = committed.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (!a[i].equals(b[i])) {
                return "first difference at line " + (i + 1) + ": committed \"" + a[i] + "\", generated \"" + b[i]
                        + "\"";
            }
        }
        return a.length == 1 && a[0].isEmpty() ? "the file does not exist" : "it differs in length";
    }
}
