package io.traverse.migration.preflight.rules;

import io.traverse.events.Firmware;
import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An EFI guest must boot UEFI on the target: its volume gets {@code hw_firmware_type=uefi}; a forced flavor whose
 * extra specs pin BIOS boot contradicts that (critical).
 */
@ApplicationScoped
public class FirmwareRule implements PreflightRule {

    @Override
    public String id() {
        return "firmware";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        Map<String, Map<String, String>> specs = ctx.target().flavorExtraSpecs().orElse(Map.of());
        for (var c : ctx.vms()) {
            ctx.vm(c).filter(vm -> vm.firmware() == Firmware.EFI).ifPresent(vm -> {
                String pinned = c.flavorOverride() == null ? null
                        : specs.getOrDefault(c.flavorOverride(), Map.of()).get("hw:firmware_type");
                if ("bios".equalsIgnoreCase(pinned)) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), c.vmName() + " boots EFI but the "
                            + "forced flavor " + c.flavorOverride() + " pins BIOS boot; choose another flavor."));
                } else {
                    out.add(new Finding(id(), Severity.ADVISORY, c.vmId(), c.vmName(), c.vmName()
                            + " boots EFI; its boot volume gets hw_firmware_type=uefi."));
                }
            });
        }
        return out;
    }
}
