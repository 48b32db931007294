package io.traverse.migration.plan;

import io.traverse.support.rest.Problem;
import io.traverse.migration.DetailedProblemException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waves from a dependency graph: a VM with no dependencies is in wave 1, any other one wave after the latest of its
 * dependencies ("A must land before B"). A dependency is named by VM id or name. Unknown names and cycles are
 * rejected; a cycle is named in full, e.g. {@code app-01 → db-01 → app-01}.
 */
public final class WavePlanner {

    public static final String CYCLE = "urn:traverse:problem:dependency-cycle";

    private WavePlanner() {
    }

    public static List<Plan.PlanVm> assignWaves(List<Plan.PlanVm> vms) {
        Map<String, Plan.PlanVm> byKey = new LinkedHashMap<>();
        for (Plan.PlanVm vm : vms) {
            byKey.put(vm.vmId(), vm);
            byKey.putIfAbsent(vm.vmName(), vm);
        }
        List<Problem.FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < vms.size(); i++) {
            for (String dep : vms.get(i).dependsOn()) {
                if (!byKey.containsKey(dep)) {
                    unknown.add(new Problem.FieldError("vms[" + i + "].dependsOn",
                            "'" + dep + "' is not a VM of this plan"));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new DetailedProblemException(new Problem("urn:traverse:problem:validation", "Invalid input", 422,
                    "dependencies name VMs that are not in the plan", null, unknown));
        }
        Map<String, Integer> wave = new HashMap<>();
        Map<String, Integer> onPath = new LinkedHashMap<>();
        for (Plan.PlanVm vm : vms) {
            waveOf(vm, byKey, wave, new ArrayList<>(), onPath);
        }
        return vms.stream().map(vm -> vm.inWave(wave.get(vm.vmId()))).toList();
    }

    private static int waveOf(Plan.PlanVm vm, Map<String, Plan.PlanVm> byKey, Map<String, Integer> wave,
                              List<String> path, Map<String, Integer> onPath) {
        Integer known = wave.get(vm.vmId());
        if (known != null) {
            return known;
        }
        if (onPath.containsKey(vm.vmId())) {
            List<String> cycle = new ArrayList<>(path.subList(onPath.get(vm.vmId()), path.size()));
            cycle.add(vm.vmName());
            String named = String.join(" → ", cycle);
            throw new DetailedProblemException(new Problem(CYCLE, "Dependency cycle", 422,
                    "the dependencies form a cycle: " + named + "; a VM cannot land before itself", null,
                    List.of(new Problem.FieldError("vms.dependsOn", named))));
        }
        onPath.put(vm.vmId(), path.size());
        path.add(vm.vmName());
        int w = 1;
        for (String dep : vm.dependsOn()) {
            w = Math.max(w, waveOf(byKey.get(dep), byKey, wave, path, onPath) + 1);
        }
        path.remove(path.size() - 1);
        onPath.remove(vm.vmId());
        wave.put(vm.vmId(), w);
        return w;
    }
}
