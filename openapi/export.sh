#!/usr/bin/env bash
# Re-exports openapi/openapi.yaml from the server: builds the uber-jar (unless --no-build), starts it
# on a free port with a fresh data directory, saves GET /openapi with the servers url normalised
# (the same rule as the drift test, ContractIT), and stops the server.
#   openapi/export.sh            # from the repository root or from openapi/
#   openapi/export.sh --no-build # reuse backtest-ee-server/target/backtest-server.jar
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="$root/backtest-ee-server/target/backtest-server.jar"
if [[ "${1:-}" != "--no-build" ]]; then
  (cd "$root" && mvn -B -q package -pl backtest-sdk,backtest-ee-server -DskipTests)
fi
[[ -f "$jar" ]] || { echo "missing $jar: build it first" >&2; exit 1; }
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)"
env -u DATABASE_URL -u MINIO_ENDPOINT BACKTEST_DATA_DIR="$data" BACKTEST_SAMPLE_DATA=false \
  SUPABASE_JWT_SECRET=export-secret-of-at-least-32-characters-long \
  java -Xmx512m -XX:+UseSerialGC -jar "$jar" --port "$port" >"$data/server.log" 2>&1 &
pid=$!
stop() { rc=$?; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"; exit $rc; }
trap stop EXIT
deadline=$((SECONDS + 240))
until curl -sf "http://127.0.0.1:$port/api/v1/health/ready" >/dev/null; do
  kill -0 $pid 2>/dev/null || { echo "server exited; log:" >&2; tail -50 "$data/server.log" >&2; exit 1; }
  (( SECONDS < deadline )) || { echo "server not ready within 240 s" >&2; exit 1; }
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/openapi" \
  | sed -E 's#^- url: https?://[^ ]+$#- url: http://localhost:8080/#' >"$here/openapi.yaml.tmp"
mv "$here/openapi.yaml.tmp" "$here/openapi.yaml"
echo "wrote $here/openapi.yaml ($(wc -l <"$here/openapi.yaml") lines)"
