#!/usr/bin/env bash
# Start-up of the bridge: from process start to the first 200 of /actuator/health/readiness
# (the Kubernetes readiness probe's URL, which includes the demo client's connection to the
# bridge's own demo feed), for a plain JVM, the AOT code, and the AOT code with a CDS archive,
# RUNS runs of each, interleaved run by run so that the machine's noise falls on every mode alike.
#
#   ./mvnw -B -pl sample-app -am package -DskipTests -Dwsclient.npm.skip=true
#   benchmarks/scripts/startup.sh                      # JDK 17 from the PATH
#   JDK25=/usr/lib/jvm/temurin-25-jdk-amd64 benchmarks/scripts/startup.sh   # adds JDK 25 rows
#
# Every mode runs the same extracted jar (java -Djarmode=tools -jar ... extract, as the image
# does) with the actuator on a port of its own, as the image and the chart run it. The CDS archive
# comes from a training run that stops once the context is refreshed, as in sample-app/Dockerfile;
# on JDK 25 the same training run makes a JDK AOT cache (JEP 483/514) instead.
#
# Two numbers per start: the wall time to ready, and the CPU time (user + system, from
# /proc/<pid>/stat) the JVM had used by then. On a machine shared with other work the wall time
# follows the load; the CPU time hardly does, so it is the steadier comparison of the modes.
# Prints one Markdown table row per mode and every run; the numbers are also in $WORK/times.txt.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAR=${JAR:-$(ls "$ROOT"/sample-app/target/wsclient-bridge-*.jar | head -n 1)}
RUNS=${RUNS:-3}
PORT=${PORT:-28080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-28081}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-120}
WORK=${WORK:-$(mktemp -d)}
JDK17=${JDK17:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
JDK25=${JDK25:-}

ARGS=(--server.port="$PORT" --management.server.port="$MANAGEMENT_PORT")
READY="http://127.0.0.1:$MANAGEMENT_PORT/actuator/health/readiness"

now_ms() { date +%s%3N; }

# extract JDK_HOME DIR: the application in the layout the image uses.
extract() {
	rm -rf "$2"
	"$1/bin/java" -Djarmode=tools -jar "$JAR" extract --destination "$2" >/dev/null
	ls "$2"/*.jar
}

# train JDK_HOME APP_JAR FLAG...: start up to the end of the context refresh with FLAG, then exit.
train() {
	local jdk=$1 app=$2
	shift 2
	"$jdk/bin/java" "$@" -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh -jar "$app" "${ARGS[@]}" \
		>"$WORK/train.log" 2>&1
}

# measure NAME JDK_HOME APP_JAR FLAG...: one start, printed in milliseconds.
measure() {
	local name=$1 jdk=$2 app=$3
	shift 3
	local start pid code elapsed cpu
	start=$(now_ms)
	"$jdk/bin/java" "$@" -jar "$app" "${ARGS[@]}" >"$WORK/$name.log" 2>&1 &
	pid=$!
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$READY" || true)
		[ "$code" = 200 ] && break
		if ! kill -0 "$pid" 2>/dev/null; then
			echo "$name: the bridge exited before it was ready; see $WORK/$name.log" >&2
			exit 1
		fi
		if [ $(($(now_ms) - start)) -gt $((TIMEOUT_SECONDS * 1000)) ]; then
			kill "$pid"
			echo "$name: not ready within $TIMEOUT_SECONDS s; see $WORK/$name.log" >&2
			exit 1
		fi
		sleep 0.05
	done
	elapsed=$(($(now_ms) - start))
	cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ print int(($14 + $15) * 1000 / hz) }' "/proc/$pid/stat")
	kill "$pid"
	wait "$pid" || true
	echo "$name $elapsed $cpu" >>"$WORK/times.txt"
}

# median COLUMN MODE: the median of a column of times.txt for a mode.
median() {
	awk -v m="$2" -v c="$1" '$1 == m { print $c }' "$WORK/times.txt" | sort -n |
		awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

declare -a MODES=()
declare -A COMMAND=()

APP17=$(extract "$JDK17" "$WORK/jdk17")
train "$JDK17" "$APP17" -XX:ArchiveClassesAtExit="$WORK/bridge17.jsa"
MODES+=(jvm17 aot17 aot-cds17)
COMMAND[jvm17]="$JDK17|$APP17"
COMMAND[aot17]="$JDK17|$APP17|-Dspring.aot.enabled=true"
COMMAND[aot-cds17]="$JDK17|$APP17|-Dspring.aot.enabled=true|-XX:SharedArchiveFile=$WORK/bridge17.jsa"
if [ -n "$JDK25" ]; then
	APP25=$(extract "$JDK25" "$WORK/jdk25")
	train "$JDK25" "$APP25" -XX:AOTCacheOutput="$WORK/bridge25.aot"
	MODES+=(jvm25 aot-cache25)
	COMMAND[jvm25]="$JDK25|$APP25"
	COMMAND[aot-cache25]="$JDK25|$APP25|-Dspring.aot.enabled=true|-XX:AOTCache=$WORK/bridge25.aot"
fi

: >"$WORK/times.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$RUNS"); do
	for mode in "${MODES[@]}"; do
		IFS='|' read -r -a parts <<<"${COMMAND[$mode]}"
		measure "$mode" "${parts[0]}" "${parts[1]}" "${parts[@]:2}"
	done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "| mode | flags (then \`-jar <extracted jar> ${ARGS[*]}\`) | ready, ms (median) | runs, ms | CPU to ready, ms (median) | runs, ms |"
echo "|---|---|---|---|---|---|"
for mode in "${MODES[@]}"; do
	IFS='|' read -r -a parts <<<"${COMMAND[$mode]}"
	flags="${parts[*]:2}"
	walls=$(awk -v m="$mode" '$1 == m { print $2 }' "$WORK/times.txt" | paste -sd/)
	cpus=$(awk -v m="$mode" '$1 == m { print $3 }' "$WORK/times.txt" | paste -sd/)
	echo "| $mode | \`${flags:-(none)}\` | $(median 2 "$mode") | $walls | $(median 3 "$mode") | $cpus |"
done
echo
echo "Work directory: $WORK"
