package io.traverse.conversion.guest;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a tool's output a person needs when it failed: virt-v2v's and libguestfs' own "error:" lines and what
 * follows them up to the bug-report boilerplate, or the last lines when there is no such line.
 */
public final class ErrorLines {

    static final int MAX = 1500;

    private ErrorLines() {
    }

    public static String of(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> picked = new ArrayList<>();
        boolean inError = false;
        for (String l : lines) {
            if (l.startsWith("If reporting bugs") || l.startsWith("virt-v2v-in-place: If reporting")) {
                inError = false;
                continue;
            }
            if (l.contains("error:") || l.startsWith("libguestfs: error") || l.contains("warning:") && inError) {
                inError = true;
            }
            if (inError || l.contains("error:")) {
                picked.add(l);
            }
        }
        if (picked.isEmpty()) {
            picked = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        }
        String s = String.join(" | ", picked);
        return s.length() <= MAX ? s : s.substring(0, MAX) + "…";
    }
}
