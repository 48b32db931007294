package io.traverse.discovery.inventory.rest;

import java.util.List;

/** One page of VMs, sorted by name. */
public record VmPageResponse(List<VmSummary> items, int page, int size, long total) {
}
