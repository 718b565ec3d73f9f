package dev.flywheel.topology.spec;

import java.util.List;
import java.util.Optional;

/**
 * Checks labels. A label's records reach {@code <source>.valid} and the offline tier's {@code source=<source>} files,
 * where training reads them, through a source: the source of the label's name, else the one that reads the label's
 * topic, else the implicit one {@link FlywheelSpec#withLabelSources()} adds. So a source of the label's name must
 * read the label's topic, and a label a model learns needs an event-time field.
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
            if (!label.name().isEmpty()) {
                source(path, label);
            }
        }
    }

    private void source(String path, LabelSpec label) {
        Optional<SourceSpec> byName = check.spec.source(label.name());
        if (byName.isPresent() && !byName.get().topic().equals(label.topic())) {
            check.problem(path + ".topic", "source '" + label.name() + "' reads topic '" + byName.get().topic()
                    + "', not the label's '" + label.topic() + "': a label's records are its source's, so give both "
                    + "the same topic, or rename the label");
            return;
        }
        List<String> learners = check.spec.models().stream().filter(m -> m.label().equals(label.name()))
                .map(ModelSpec::name).toList();
        boolean timed = label.timestamp().isPresent()
                || check.spec.labelSource(label.name()).flatMap(SourceSpec::timestamp).isPresent();
        if (!learners.isEmpty() && !timed) {
            check.problem(path + ".timestamp", "label '" + label.name() + "' needs a 'timestamp' because model"
                    + (learners.size() == 1 ? " " : "s ") + String.join(", ", learners) + " learn"
                    + (learners.size() == 1 ? "s" : "") + " it: training joins each label with the features as of "
                    + "its event time, read from that field (the offline tier does not keep Kafka record timestamps)");
        }
    }
}
