package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One network adapter of the source VM.
 *
 * @param key         device key in the VM's hardware, e.g. {@code 4000}
 * @param macAddress  MAC address, lower case, e.g. {@code 00:50:56:a1:2b:3c}; kept on the target port when possible
 * @param portGroup   managed object id of the port group the NIC is on, e.g. {@code dvportgroup-13} or {@code network-7}
 * @param networkName display name of that port group, e.g. {@code VM Network}; what mappings are written against
 * @param ipAddresses the addresses VMware Tools reports on this NIC ({@code guest.net}), IPv4 first; empty without
 *                    Tools or when the guest reports none. network-mapper keeps one on the target port when the plan
 *                    asks for it and the mapped subnet contains it
 */
public record SourceNic(
        int key,
        @NotBlank @Pattern(regexp = "([0-9a-f]{2}:){5}[0-9a-f]{2}") String macAddress,
        @NotBlank String portGroup,
        @NotBlank String networkName,
        List<@NotBlank String> ipAddresses) {

    public SourceNic {
        ipAddresses = Copies.list(ipAddresses);
    }

    /** A NIC whose guest reports no address (no VMware Tools, or a producer that does not read them). */
    public SourceNic(int key, String macAddress, String portGroup, String networkName) {
        this(key, macAddress, portGroup, networkName, List.of());
    }
}
