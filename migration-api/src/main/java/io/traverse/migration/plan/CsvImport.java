package io.traverse.migration.plan;

import io.traverse.migration.inventory.InventoryVm;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The wizard's CSV import: one VM per line, by name as the operator sees it in vCenter. An optional header names
 * the columns ({@code name}, {@code wave}, {@code flavor}, {@code dependsOn}, {@code dropNics}, {@code cutoverAt};
 * lists are separated by {@code ;}); without a header the first column is the name. Every problem is reported with
 * its line — unknown names, duplicates (in the file or already in the plan), bad numbers or times — and the import
 * is all or nothing.
 */
public final class CsvImport {

    /** One rejected line. */
    public record LineError(int line, String column, String value, String message) {
    }

    /** The VMs to add, or the errors; never both. */
    public record Result(List<Plan.PlanVm> vms, List<LineError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private static final Set<String> NAME_COLUMNS = Set.of("name", "vm", "vmname", "vm name");

    private CsvImport() {
    }

    public static Result parse(String csv, List<InventoryVm> inventory, Set<String> alreadyInPlan) {
        Map<String, List<InventoryVm>> byName = new HashMap<>();
        for (InventoryVm vm : inventory) {
            byName.computeIfAbsent(vm.name(), k -> new ArrayList<>()).add(vm);
        }
        List<Plan.PlanVm> vms = new ArrayList<>();
        List<LineError> errors = new ArrayList<>();
        Map<String, Integer> seenOnLine = new HashMap<>();
        String[] lines = (csv == null ? "" : csv).split("\\r?\\n", -1);
        Map<String, Integer> columns = null;
        int dataLines = 0;
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            List<String> cells = cells(line);
            if (columns == null) {
                columns = header(cells);
                if (columns != null) {
                    continue;
                }
                columns = Map.of("name", 0);
            }
            dataLines++;
            String name = cell(cells, columns, "name");
            if (name == null || name.isBlank()) {
                errors.add(new LineError(lineNo, "name", "", "the VM name is empty"));
                continue;
            }
            List<InventoryVm> matches = byName.getOrDefault(name, List.of());
            if (matches.isEmpty()) {
                errors.add(new LineError(lineNo, "name", name, "no VM named '" + name + "' in the vCenter inventory"));
                continue;
            }
            if (matches.size() > 1) {
                errors.add(new LineError(lineNo, "name", name, matches.size() + " VMs are named '" + name
                        + "' in the inventory; add it by id instead"));
                continue;
            }
            if (seenOnLine.containsKey(name)) {
                errors.add(new LineError(lineNo, "name", name, "duplicate: '" + name + "' is already on line "
                        + seenOnLine.get(name)));
                continue;
            }
            seenOnLine.put(name, lineNo);
            InventoryVm vm = matches.get(0);
            if (alreadyInPlan.contains(vm.id())) {
                errors.add(new LineError(lineNo, "name", name, "duplicate: '" + name + "' is already in the plan"));
                continue;
            }
            Integer wave = null;
            String waveText = cell(cells, columns, "wave");
            if (waveText != null && !waveText.isBlank()) {
                try {
                    wave = Integer.parseInt(waveText.trim());
                    if (wave < 1) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    errors.add(new LineError(lineNo, "wave", waveText, "the wave must be a whole number from 1"));
                    continue;
                }
            }
            Instant cutoverAt = null;
            String at = cell(cells, columns, "cutoverat");
            if (at != null && !at.isBlank()) {
                try {
                    cutoverAt = Instant.parse(at.trim());
                } catch (DateTimeParseException e) {
                    errors.add(new LineError(lineNo, "cutoverAt", at, "the cutover time must be ISO-8601 UTC, e.g. 2026-12-01T22:00:00Z"));
                    continue;
                }
            }
            String flavor = cell(cells, columns, "flavor");
            vms.add(new Plan.PlanVm(vm.id(), vm.name(), wave, flavor == null || flavor.isBlank() ? null : flavor.trim(),
                    list(cell(cells, columns, "dropnics")), cutoverAt, list(cell(cells, columns, "dependson"))));
        }
        if (dataLines == 0 && errors.isEmpty()) {
            errors.add(new LineError(1, "name", "", "the file names no VM"));
        }
        return errors.isEmpty() ? new Result(vms, List.of()) : new Result(List.of(), errors);
    }

    private static Map<String, Integer> header(List<String> cells) {
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            String h = cells.get(c).trim().toLowerCase(Locale.ROOT);
            columns.put(NAME_COLUMNS.contains(h) ? "name" : h.replace(" ", "").replace("_", ""), c);
        }
        return columns.containsKey("name") ? columns : null;
    }

    private static String cell(List<String> cells, Map<String, Integer> columns, String column) {
        Integer c = columns.get(column);
        return c == null || c >= cells.size() ? null : cells.get(c).trim();
    }

    private static List<String> list(String cell) {
        if (cell == null || cell.isBlank()) {
            return List.of();
        }
        return Arrays.stream(cell.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Splits one CSV line; double quotes enclose a cell with commas, and "" inside them is a quote. */
    static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        cells.add(cur.toString());
        return cells;
    }
}
