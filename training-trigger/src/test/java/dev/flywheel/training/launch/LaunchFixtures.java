package dev.flywheel.training.launch;

import dev.flywheel.topology.spec.FlywheelSpec;
import dev.flywheel.topology.spec.ModelSpec;
import dev.flywheel.topology.spec.SpecLoader;
import java.util.List;
import java.util.Map;

/** Models with every Kubernetes trainer setting, and requests for them. */
final class LaunchFixtures {

    static final FlywheelSpec SPEC = SpecLoader.parse("flywheel.yaml", """
            project: test
            sources:
              - {name: transactions, topic: transactions, key: card_id, timestamp: ts}
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts}
            feature_views:
              - name: card_spend
                source: transactions
                entity: card_id
                features:
                  - {name: txn_count_1h, agg: count, window: 1h}
            labels:
              - {name: fraud_labels, topic: fraud-labels, key: card_id, timestamp: ts, field: is_fraud}
            models:
              - name: fraud_job
                features: [card_spend:txn_count_1h]
                label: fraud_labels
                trainer:
                  backend: job
                  image: ghcr.io/flywheel/trainer:1.0
                  gpu: 1
                  cpu: "4"
                  memory: 16Gi
                  node_selector: {nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3}
                  priority_class: training-low
                  queue: team-a
                  backoff_limit: 3
                  deadline: 2h
                  ttl_after_finished: 1d
                  env: {XGB_VERBOSITY: "1"}
                  secrets: {AWS_ACCESS_KEY_ID: {secret: s3-creds, key: access-key}}
              - name: fraud_trainjob
                features: [card_spend:txn_count_1h]
                label: fraud_labels
                trainer: {backend: trainjob, image: ghcr.io/flywheel/trainer:1.0, gpu: 2, nodes: 2, runtime: torch-distributed}
              - name: fraud_pytorch
                features: [card_spend:txn_count_1h]
                label: fraud_labels
                trainer: {backend: pytorchjob, image: ghcr.io/flywheel/trainer:1.0, gpu: 1, nodes: 3, queue: team-a}
              - name: fraud_tuned
                features: [card_spend:txn_count_1h]
                label: fraud_labels
                trainer: {backend: job, image: ghcr.io/flywheel/trainer:1.0}
                tuning: {algorithm: tpe, metric: auc, goal: maximize, max_trials: 12, parallel: 3,
                         parameters: {eta: {min: 0.01, max: 0.3, scale: log}, max_depth: {min: 3, max: 10, type: int}}}
            """);

    private LaunchFixtures() {
    }

    static ModelSpec model(String name) {
        return SPEC.model(name).orElseThrow();
    }

    static LaunchRequest request(String model, String requestId) {
        return new LaunchRequest(requestId, JobNames.of(requestId), model(model),
                "s3://flywheel/datasets/d1/data.parquet", "s3://flywheel/models/" + model + "/" + requestId,
                "is_fraud", List.of("txn_count_1h"), Map.of());
    }

    /** A request whose dataset was staged to EFS, mounted through the claim {@code efs-datasets}. */
    static LaunchRequest staged(String model, String requestId) {
        StagedDataset staged = new StagedDataset("/mnt/datasets/datasets/d1/data.parquet",
                "s3://flywheel/datasets/d1/data.parquet", "/mnt/datasets", java.util.Optional.of("efs-datasets"));
        return new LaunchRequest(requestId, JobNames.of(requestId), model(model), staged.uri(),
                "s3://flywheel/models/" + model + "/" + requestId, "is_fraud", List.of("txn_count_1h"), Map.of(),
                java.util.Optional.of(staged));
    }
}
