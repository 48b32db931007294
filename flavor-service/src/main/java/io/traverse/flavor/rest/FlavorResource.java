package io.traverse.flavor.rest;

import io.traverse.events.Firmware;
import io.traverse.flavor.flavor.FlavorCatalog;
import io.traverse.flavor.flavor.FlavorMatcher;
import io.traverse.flavor.flavor.FlavorSelection;
import io.traverse.flavor.flavor.NovaFlavor;
import io.traverse.flavor.flavor.SizingNeeds;
import io.traverse.support.rest.ProblemException;
import io.traverse.support.rest.ProblemTypes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;

/**
 * The flavors flavor-service matches against, and a preview of a match: {@code GET /api/flavors/match?vcpus=4&ramMb=16384}
 * answers what a VM of that size would get now (an auto-create is reported, never done, by a preview).
 */
@Path("/api/flavors")
public class FlavorResource {

    private final FlavorCatalog catalog;
    private final FlavorSelection selection;

    public FlavorResource(FlavorCatalog catalog, FlavorSelection selection) {
        this.catalog = catalog;
        this.selection = selection;
    }

    /** The cached flavor list, best-first for no particular VM, and when it was read. */
    public record FlavorList(Instant loadedAt, List<NovaFlavor> flavors) {
    }

    /**
     * A match preview.
     *
     * @param flavor      the flavor a VM of this size gets (absent when none)
     * @param how         MATCHED, OVERRIDE or AUTO_CREATED (would be created)
     * @param explanation why, in one line
     * @param candidates  every qualifying flavor, best first (the least-waste order)
     */
    public record MatchPreview(NovaFlavor flavor, String how, String explanation, List<NovaFlavor> candidates) {
    }

    @GET
    public FlavorList list() {
        var s = catalog.snapshot();
        return new FlavorList(s.loadedAt(), s.flavors().stream().sorted(FlavorMatcher.LEAST_WASTE).toList());
    }

    @POST
    @Path("refresh")
    public Response refresh() {
        catalog.invalidate();
        catalog.flavors();
        return Response.noContent().build();
    }

    @GET
    @Path("match")
    public MatchPreview match(@QueryParam("vcpus") String vcpusParam, @QueryParam("ramMb") String ramMbParam,
                              @QueryParam("firmware") @DefaultValue("BIOS") String firmwareParam,
                              @QueryParam("override") String override) {
        // parsed here, not by JAX-RS: a value that does not convert must be a 400 naming it, not a 404
        int vcpus = (int) positive("vcpus", vcpusParam, 4096);
        long ramMb = positive("ramMb", ramMbParam, 67_108_864);
        Firmware firmware;
        try {
            firmware = Firmware.valueOf(firmwareParam.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("firmware must be BIOS or EFI, not '" + firmwareParam + "'");
        }
        SizingNeeds needs = new SizingNeeds(vcpus, ramMb, firmware);
        var decision = selection.decide(needs, override, false);
        return switch (decision) {
            case FlavorSelection.Chosen c -> new MatchPreview(c.flavor(), c.how().name(), c.explanation(),
                    FlavorMatcher.candidates(needs, catalog.flavors(), true));
            case FlavorSelection.Refused r when r.retryable() -> throw new ProblemException(
                    ProblemTypes.UPSTREAM_UNAVAILABLE, "OpenStack unavailable", 503, r.reason());
            case FlavorSelection.Refused r -> throw new ProblemException(NO_FLAVOR, "No flavor fits", 422, r.reason());
        };
    }

    private static long positive(String name, String value, long max) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(name + " is required");
        }
        try {
            long v = Long.parseLong(value.strip());
            if (v < 1 || v > max) {
                throw ProblemException.badRequest(name + " must be between 1 and " + max + ", not " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name + " must be a whole number, not '" + value + "'");
        }
    }

    /** Problem type of a preview that finds no flavor and may not create one. */
    public static final String NO_FLAVOR = "urn:traverse:problem:no-flavor-fits";

}
