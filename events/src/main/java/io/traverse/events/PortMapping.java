package io.traverse.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * A Neutron port network-mapper created for one source NIC.
 *
 * @param sourceMac      MAC address of the source NIC
 * @param networkId      Neutron network id the NIC's port group maps to
 * @param subnetId       subnet the fixed IP is taken from, or null to let Neutron choose
 * @param portId         id of the pre-created Neutron port the instance boots with
 * @param fixedIp        fixed IP on the port, or null when Neutron assigns one at boot (DHCP)
 * @param macPreserved   true when the port carries the source MAC address
 * @param securityGroups security group ids on the port
 * @param ipPreserved    whether {@code fixedIp} is the guest's own reported IP; null when keeping it was not asked
 * @param note           for the timeline, what was not kept as the plan asked and why (a new MAC, a guest IP outside
 *                       the subnet); null when everything was
 */
public record PortMapping(
        @NotBlank @Pattern(regexp = "([0-9a-f]{2}:){5}[0-9a-f]{2}") String sourceMac,
        @NotBlank String networkId,
        String subnetId,
        @NotBlank String portId,
        String fixedIp,
        boolean macPreserved,
        @NotNull List<@NotBlank String> securityGroups,
        Boolean ipPreserved,
        String note) {

    public PortMapping {
        securityGroups = Copies.list(securityGroups);
    }

    /** A port for which keeping the guest's IP was not asked and nothing needs a note. */
    public PortMapping(String sourceMac, String networkId, String subnetId, String portId, String fixedIp,
                       boolean macPreserved, List<String> securityGroups) {
        this(sourceMac, networkId, subnetId, portId, fixedIp, macPreserved, securityGroups, null, null);
    }
}
