#!/usr/bin/env bash
# Runs the reference trainer once on a GPU machine and prints what it used. Needs the built jar
# (./mvnw -B -q package -DskipTests -pl trainer -am) and a JDK 17. Prints the Katib metric lines, then
# device=cuda or device=cpu with the reason from metrics.json. Exit code: the trainer's.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || echo "nvidia-smi: not found"
# A dataset: pass a Parquet file with a column 'label' as $1, or a synthetic one of 200,000 rows is generated.
data=${1:-"$work/data.parquet"}
if [ -z "${1:-}" ]; then
  java -cp "target/flywheel-trainer.jar:target/lib/*" dev.flywheel.trainer.SyntheticDataset "$data" 200000
fi
java -jar target/flywheel-trainer.jar --dataset "$data" --output "$work/out" --label label --exclude card_id \
  --param num_round=200 --device auto
python3 -c "import json,sys; m=json.load(open('$work/out/metrics.json')); print('device_reason=' + m['device_reason'])" 2>/dev/null \
  || grep -o '"device_reason"[^,]*' "$work/out/metrics.json"
