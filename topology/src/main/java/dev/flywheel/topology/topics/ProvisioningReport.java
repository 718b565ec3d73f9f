package dev.flywheel.topology.topics;

import java.util.List;

/**
 * What provisioning found and did.
 *
 * @param created topics it created
 * @param ok topics that existed with the expected settings
 * @param mismatched topics that existed with other settings, left as they are
 */
public record ProvisioningReport(List<String> created, List<String> ok, List<TopicMismatch> mismatched) {

    /** Copies the lists. */
    public ProvisioningReport {
        created = List.copyOf(created);
        ok = List.copyOf(ok);
        mismatched = List.copyOf(mismatched);
    }

    /** Returns whether every topic now exists with the expected settings. */
    public boolean allOk() {
        return mismatched.isEmpty();
    }

    /** Returns one line: how many were created, fine and mismatched, with the mismatches. */
    public String summary() {
        StringBuilder text = new StringBuilder().append(created.size()).append(" created, ").append(ok.size())
                .append(" ok, ").append(mismatched.size()).append(" mismatched");
        mismatched.forEach(m -> text.append("\n  ").append(m));
        return text.toString();
    }
}
