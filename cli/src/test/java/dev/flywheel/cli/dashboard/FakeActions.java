package dev.flywheel.cli.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Write actions the tests watch: they know one source and one model, and record every call. */
final class FakeActions implements DashboardActions {

    final List<String> calls = new ArrayList<>();

    @Override
    public Replay replayDlq(String source, Set<String> reasons, boolean again) {
        if (!source.equals("transactions")) {
            throw new NotFoundException("No source '" + source + "' in the spec; its sources are: transactions");
        }
        calls.add("replay " + source + " " + reasons + (again ? " again" : ""));
        return new Replay("transactions.dlq", 3, 2, 1, Map.of("transactions", 2), List.of());
    }

    @Override
    public TrainingAsked requestTraining(String model, String commandId, String requestedBy) {
        if (!model.equals("fraud_detector")) {
            throw new NotFoundException("No model '" + model + "' in the spec; its models are: fraud_detector");
        }
        calls.add("train " + model + " " + commandId + " by " + requestedBy);
        return new TrainingAsked(model, model + "-abc", "manual:" + commandId);
    }
}
