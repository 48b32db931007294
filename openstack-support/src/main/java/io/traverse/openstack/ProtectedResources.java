package io.traverse.openstack;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The guard every modifying or deleting call goes through: a target resource whose name matches one of
 * {@code traverse.openstack.protected-name-patterns} (default {@code ffp-vdi-*}) or whose metadata say
 * {@code traverse-protected=true} is never changed by Traverse, whoever created it.
 *
 * <pre>{@code
 * guard.checkModifiable("server", server.getId(), server.getName(), server.getMetadata());  // throws if protected
 * }</pre>
 */
@ApplicationScoped
public class ProtectedResources {

    private final List<String> patterns;
    private final List<Pattern> regexes;

    @Inject
    public ProtectedResources(OpenStackConfig config) {
        this(config.protectedNamePatterns());
    }

    /** With explicit patterns, for code without CDI. */
    public ProtectedResources(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.regexes = this.patterns.stream().map(String::strip).filter(p -> !p.isEmpty())
                .map(ProtectedResources::glob).toList();
    }

    /** The configured name patterns. */
    public List<String> patterns() {
        return patterns;
    }

    /** True when the name matches a protected pattern. */
    public boolean isProtected(String name) {
        return name != null && regexes.stream().anyMatch(r -> r.matcher(name).matches());
    }

    /** True when the name matches a protected pattern or the metadata say {@code traverse-protected=true}. */
    public boolean isProtected(String name, Map<String, ?> metadata) {
        return isProtected(name) || metadata != null
                && "true".equalsIgnoreCase(String.valueOf(metadata.get(TraverseTags.PROTECTED)));
    }

    /** Throws {@link ProtectedResourceException} when the resource is protected by name. */
    public void checkModifiable(String kind, String id, String name) {
        checkModifiable(kind, id, name, Map.of());
    }

    /** Throws {@link ProtectedResourceException} when the resource is protected by name or metadata. */
    public void checkModifiable(String kind, String id, String name, Map<String, ?> metadata) {
        if (isProtected(name, metadata)) {
            throw new ProtectedResourceException("Refusing to modify protected " + kind + " " + name + " (" + id
                    + "): it matches " + patterns + " or is marked " + TraverseTags.PROTECTED + "=true");
        }
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
