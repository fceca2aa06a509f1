package dev.velt.camel.ha;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the tests read from docs/high-availability.md: its YAML blocks. */
final class HaDocs {

    static final Path DOC = Paths.get("..", "docs", "high-availability.md");

    private HaDocs() {
    }

    /** The ```yaml block of the doc that contains {@code marker}; exactly one must. */
    static String yamlBlock(String marker) throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher blocks = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<String> found = new ArrayList<>();
        while (blocks.find()) {
            if (blocks.group(1).contains(marker)) {
                found.add(blocks.group(1));
            }
        }
        assertEquals(1, found.size(), "one yaml block of " + DOC + " with " + marker);
        return found.get(0);
    }

    /**
     * The Role the doc gives the replicas' service account: for each {@code <resource>.<apiGroup>} (the core group is
     * empty: {@code pods.}), the verbs it allows.
     */
    static Map<String, Set<String>> documentedRole() throws IOException {
        Pattern kindRole = Pattern.compile("^kind: Role$", Pattern.MULTILINE);
        List<String> roles = new ArrayList<>();
        for (String document : yamlBlock("kind: Role\n").split("(?m)^---$")) {
            if (kindRole.matcher(document).find()) {
                roles.add(document);
            }
        }
        assertEquals(1, roles.size(), "one Role in " + DOC);
        Role role = Serialization.unmarshal(roles.get(0), Role.class);
        Map<String, Set<String>> allowed = new TreeMap<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    allowed.computeIfAbsent(resource + "." + group, k -> new TreeSet<>()).addAll(rule.getVerbs());
                }
            }
        }
        return allowed;
    }
}
