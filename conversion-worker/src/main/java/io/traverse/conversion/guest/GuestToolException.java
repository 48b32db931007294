package io.traverse.conversion.guest;

import java.io.IOException;

/** A disk tool failed; the message carries the tool's own error lines, for the timeline. */
public class GuestToolException extends IOException {

    private final String output;

    public GuestToolException(String what, GuestTools.Result result) {
        super(what + " (exit " + result.exitCode() + "): " + ErrorLines.of(result.output()));
        this.output = result.output();
    }

    public String output() {
        return output;
    }
}
