package io.traverse.discovery.inventory.rest;

import java.util.List;

/**
 * One page of VMs, sorted by name: {@link VmSummary summaries}, or with {@code detail=true} every VM in full (as
 * {@code /vms/{id}} answers it), so a client that needs disks and NICs of thousands of VMs reads them a page at a time.
 */
public record VmPageResponse<T>(List<T> items, int page, int size, long total) {
}
