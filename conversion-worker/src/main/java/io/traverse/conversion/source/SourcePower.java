package io.traverse.conversion.source;

/** Powers the source VM off before virt-v2v converts a Windows guest (AC6): discovery-service owns vCenter. */
public interface SourcePower {

    /**
     * Shuts the VM down (guest shutdown, then hard power-off after the configured grace), a no-op when it is off.
     *
     * @return what was done, e.g. "shutdown", "powered-off", "already-off"
     * @throws SourcePowerException when discovery-service could not do it
     */
    String powerOff(String vmId);

    class SourcePowerException extends RuntimeException {
        public SourcePowerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
