package io.traverse.network.port;

/** The source MAC is taken in Neutron (or refused) and the fallback is {@link MacConflict#FAIL}. */
public class MacInUseException extends RuntimeException {

    public MacInUseException(String message) {
        super(message);
    }
}
