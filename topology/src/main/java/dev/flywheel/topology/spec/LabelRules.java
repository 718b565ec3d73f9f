package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Optional;

/**
 * Checks labels, and that a label a model learns can reach training: the training trigger reads it from the offline
 * tier's {@code source=<label name>} files, which the offline tier writes only for sources, so such a label needs a
 * source of the same name on the same topic.
 */
final class LabelRules {

    private final Check check;

    LabelRules(Check check) {
        this.check = check;
    }

    void check() {
        List<LabelSpec> labels = check.spec.labels();
        for (int i = 0; i < labels.size(); i++) {
            String path = "labels[" + i + "]";
            LabelSpec label = labels.get(i);
            check.name(path + ".name", label.name(), "label");
            SourceRules.topic(check, path, label.name(), label.topic());
            check.field(path + ".key", label.key());
            check.field(path + ".field", label.field());
            label.timestamp().ifPresent(ts -> check.field(path + ".timestamp", ts));
            if (!label.name().isEmpty() && check.spec.models().stream().anyMatch(m -> m.label().equals(label.name()))) {
                offlineSource(path, label);
            }
        }
    }

    private void offlineSource(String path, LabelSpec label) {
        String read = "label '" + label.name() + "' is read from the offline tier's source '" + label.name() + "'";
        Optional<SourceSpec> byName = check.spec.source(label.name());
        if (byName.isPresent()) {
            if (!byName.get().topic().equals(label.topic())) {
                check.problem(path + ".topic", read + ", which reads topic '" + byName.get().topic()
                        + "', not the label's '" + label.topic() + "': give both the same topic");
            }
            return;
        }
        Optional<SourceSpec> byTopic = check.spec.sources().stream().filter(s -> s.topic().equals(label.topic()))
                .findFirst();
        if (byTopic.isPresent()) {
            check.problem(path + ".name", read + ", but no source has that name: rename source '"
                    + byTopic.get().name() + "' (it reads the label's topic '" + label.topic() + "') to '"
                    + label.name() + "'");
            return;
        }
        check.problem(path + ".name", read + ", but no source has that name: add a source {name: " + label.name()
                + ", topic: " + label.topic() + ", key: " + label.key()
                + label.timestamp().map(ts -> ", timestamp: " + ts).orElse("") + "}");
    }
}
