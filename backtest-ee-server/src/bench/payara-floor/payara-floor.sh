#!/usr/bin/env bash
# Payara Micro's own floor on this machine (issue 19; a benchmark, not a test, not run by CI).
#
# Builds the smallest application Payara Micro can serve (one JAX-RS resource, one readiness check, no library),
# packs it into an uber-jar with the same Payara Micro and the same packager options as backtest-server.jar, then
#   start    StartupBench: the floor and the server started in alternation, first and later starts
#   first20  wrk on the floor's resource for the first 20 s after ready, then warm (health, then the resource,
#            20 s each): the same phases HttpSpeedBench measures on the server's cached candles
#
# Usage, from backtest-ee-server after a build (mvn -B -q verify -DskipTests -Dinvoker.skip=true from the root):
#   src/bench/payara-floor/payara-floor.sh start [rounds]      # default 3
#   src/bench/payara-floor/payara-floor.sh first20 [runs]      # default 2; needs wrk (apt-get install wrk)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
server=$(cd "$here/../../.." && pwd)
out="$server/target/payara-floor"
payara="$server/target/payara-micro.jar"
[ -f "$payara" ] || { echo "no $payara: build the server first" >&2; exit 2; }

build_floor() {
    rm -rf "$out" && mkdir -p "$out/api" "$out/war/WEB-INF/classes"
    # compiled against the APIs Payara Micro itself provides
    (cd "$out/api" && unzip -q -j "$payara" 'MICRO-INF/runtime/jakarta.ws.rs-api.jar' 'MICRO-INF/runtime/jakarta.enterprise.cdi-api.jar' \
        'MICRO-INF/runtime/microprofile-health-api.jar' 'MICRO-INF/runtime/jakarta.inject-api.jar' 'MICRO-INF/runtime/jakarta.annotation-api.jar')
    javac --release 17 -cp "$(ls "$out"/api/*.jar | paste -sd:)" -d "$out/war/WEB-INF/classes" "$here"/src/floor/*.java
    cp "$here/beans.xml" "$out/war/WEB-INF/"
    (cd "$out/war" && jar --create --file "$out/ROOT.war" .)
    # the packager options of backtest-server.jar (backtest-ee-server/pom.xml, execution uber-jar)
    java -jar "$payara" --nocluster --nohazelcast --disablephonehome --deploy "$out/ROOT.war" --outputUberJar "$out/floor.jar" \
        > "$out/package.log" 2>&1 || { cat "$out/package.log" >&2; exit 1; }
}

first20() {
    local port=$((20000 + RANDOM % 20000)) dir
    dir=$(mktemp -d)
    (cd "$dir" && exec java -Xmx512m -XX:+UseSerialGC -jar "$out/floor.jar" --port "$port" > "$dir/server.log" 2>&1) &
    local pid=$!
    # ready: the application's readiness check answers UP (before deployment Payara answers DOWN, "No Application deployed")
    local deadline=$((SECONDS + 300))
    until curl -s "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q '"floor"'; do
        if ! kill -0 "$pid" 2>/dev/null || [ "$SECONDS" -gt "$deadline" ]; then
            echo "the floor server did not get ready; its log:" >&2
            tail -50 "$dir/server.log" >&2
            kill "$pid" 2>/dev/null || true
            exit 1
        fi
        sleep 0.05
    done
    echo "ready; load $(cut -d' ' -f1 /proc/loadavg)"
    echo "(1) the resource, the first 20 s after ready"
    wrk -t1 -c16 -d20s --latency "http://127.0.0.1:$port/api/hello" | grep -E 'Requests/sec|99%'
    echo "(2) warm: health, then the resource, 20 s each"
    wrk -t1 -c16 -d20s --latency "http://127.0.0.1:$port/health" | grep -E 'Requests/sec|99%'
    wrk -t1 -c16 -d20s --latency "http://127.0.0.1:$port/api/hello" | grep -E 'Requests/sec|99%'
    kill "$pid" && wait "$pid" 2>/dev/null || true
    rm -rf "$dir"
}

case "${1:-start}" in
    start)
        build_floor
        [ -f "$server/target/test-classes/dev/backtest/server/bench/StartupBench.class" ] || { echo "compile the server's tests first" >&2; exit 2; }
        java -cp "$server/target/test-classes" dev.backtest.server.bench.StartupBench "${2:-3}" \
            "floor=$out/floor.jar" "server=$server/target/backtest-server.jar"
        ;;
    first20)
        build_floor
        for ((i = 1; i <= ${2:-2}; i++)); do echo "== run $i"; first20; done
        ;;
    *)
        echo "usage: $0 start [rounds] | first20 [runs]" >&2
        exit 2
        ;;
esac
