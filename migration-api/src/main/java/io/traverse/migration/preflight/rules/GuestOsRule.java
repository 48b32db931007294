package io.traverse.migration.preflight.rules;

import io.traverse.migration.preflight.Finding;
import io.traverse.migration.preflight.PreflightContext;
import io.traverse.migration.preflight.PreflightRule;
import io.traverse.migration.preflight.Severity;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Guests conversion cannot make bootable on KVM (virt-v2v supports Linux and Windows, not BSD, Solaris, macOS,
 * NetWare, old DOS/Windows 9x) are critical; an unknown guest ({@code otherGuest}) is an advisory: the light path
 * is tried and the instance may need a hand.
 */
@ApplicationScoped
public class GuestOsRule implements PreflightRule {

    private static final List<String> UNSUPPORTED = List.of("darwin", "freebsd", "solaris", "netware", "dos",
            "win95", "win98", "winme", "winnt", "win2000", "os2", "openserver", "unixware", "ecomstation");

    @Override
    public String id() {
        return "guest-os";
    }

    @Override
    public List<Finding> check(PreflightContext ctx) {
        List<Finding> out = new ArrayList<>();
        for (var c : ctx.vms()) {
            ctx.vm(c).filter(vm -> vm.guestId() != null).ifPresent(vm -> {
                String g = vm.guestId().toLowerCase(Locale.ROOT);
                if (UNSUPPORTED.stream().anyMatch(g::startsWith)) {
                    out.add(new Finding(id(), Severity.CRITICAL, c.vmId(), c.vmName(), c.vmName() + " runs "
                            + (vm.guestFullName() == null ? vm.guestId() : vm.guestFullName())
                            + ", which conversion cannot make bootable on KVM."));
                } else if (g.startsWith("other")) {
                    out.add(new Finding(id(), Severity.ADVISORY, c.vmId(), c.vmName(), "The guest OS of " + c.vmName()
                            + " is not identified (" + vm.guestId() + "); the light conversion path is tried."));
                }
            });
        }
        return out;
    }
}
