# The reference trainer image. Build the jar first (no Docker on the build machines):
#   ./mvnw -B -q package -DskipTests -pl trainer -am
#   docker build -f deploy/docker/trainer.Dockerfile -t flywheel-trainer:latest .
# Inputs come from the environment the launchers set (FLYWHEEL_DATASET_URI, FLYWHEEL_OUTPUT_URI, FLYWHEEL_LABEL,
# FLYWHEEL_FEATURES, FLYWHEEL_PARAMS); S3 credentials from the pod (secretKeyRef or workload identity).
# The native library of xgboost4j from Maven Central is CPU-only: on a GPU node the trainer says so and trains on CPU
# (see trainer/DESIGN.md for a CUDA build).
FROM eclipse-temurin:17-jre
# libgomp: XGBoost's OpenMP runtime
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/flywheel
COPY trainer/target/lib/ lib/
COPY trainer/target/flywheel-trainer.jar flywheel-trainer.jar
RUN useradd --uid 10001 --no-create-home trainer
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/flywheel/flywheel-trainer.jar"]
