#!/usr/bin/env bash
# netdial's I/O path against the JDK's: builds, then runs dev.netdial.testing.bench.IoBench
# (dial-testing/src/main/java/dev/netdial/testing/bench/IoBench.java). See docs/PERFORMANCE.md.
#
# Usage: bench/io.sh [parts] [IoBench options]
#   parts: pingpong variants stream jna heap (default: all of them), idle (wake-ups and CPU with
#          1,000 idle connections, netdial beside the JDK), and dial (DialFloorBench: where
#          a loopback dial's time goes, system call by system call; not part of the default)
#   options are passed to IoBench, e.g. --pp-iters=20000 --pp-rounds=15 --stream-mib=512 --conns=2000
#   (bench/io.sh --help lists them); --dial-batch=400 --dial-batches=40 go to DialFloorBench
# Environment:
#   PIN_CPU=0      the CPU the ping-pong JVM is confined to (taskset -c), so both ends share one CPU
#   SKIP_BUILD=1   do not run Maven first
#   JAVA=/path/to/java   the JVM to run (default: the JDK >= 21 that ./mvn21 would pick)
#   JAVA_OPTS="..."  extra JVM options for both JVMs (e.g. -Dnetdial.poller=thread for netdial's
#                  platform poller thread instead of carrier-side polling, -Djdk.pollerMode=1 for the
#                  JDK's equivalent)
#
# pingpong and variants run in one JVM under `taskset -c $PIN_CPU`; stream, jna and heap run in a
# second JVM on all CPUs; dial in a third, on all CPUs. Each JVM runs netdial and the JDK side by
# side, round-robin.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  echo "# building: ./mvn21 -q -o install -DskipTests" >&2
  if ! ./mvn21 -q -o install -DskipTests >&2; then
    echo "# offline build failed; trying online" >&2
    ./mvn21 -q install -DskipTests >&2
  fi
fi

# The JVM: $JAVA, else the JDK ./mvn21 picks (JAVA_HOME, PATH, newest under /usr/lib/jvm, >= 21).
major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }
ok() { local m; m=$(major "$1" 2>/dev/null || true); [[ -n "$m" && "$m" -ge 21 ]]; }
if [[ -z "${JAVA:-}" ]]; then
  pick=""
  if [[ -n "${JAVA_HOME:-}" ]] && ok "$JAVA_HOME"; then pick="$JAVA_HOME"; fi
  if [[ -z "$pick" ]] && command -v java >/dev/null; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")"); ok "$d" && pick="$d"
  fi
  if [[ -z "$pick" ]]; then
    best=0
    for d in /usr/lib/jvm/*/; do
      d=${d%/}; [[ -x "$d/bin/java" ]] || continue
      m=$(major "$d" 2>/dev/null || echo 0); [[ "$m" -ge 21 && "$m" -gt "$best" ]] && { best=$m; pick=$d; }
    done
  fi
  [[ -n "$pick" ]] || { echo "io.sh: no JDK 21 or newer found" >&2; exit 2; }
  JAVA="$pick/bin/java"
fi

# Class path: the modules' classes plus JNA and slf4j-api at the versions the parent pom pins.
m2="${MAVEN_REPO:-$HOME/.m2/repository}"
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
jna="$m2/net/java/dev/jna/jna/$(prop jna.version)/jna-$(prop jna.version).jar"
slf4j="$m2/org/slf4j/slf4j-api/$(prop slf4j.version)/slf4j-api-$(prop slf4j.version).jar"
cp="dial-testing/target/classes:dial-tcp/target/classes:dial-resolver/target/classes:dial-posix/target/classes"
cp="$cp:dial-api/target/classes"
if [[ -f "$jna" && -f "$slf4j" ]]; then
  cp="$cp:$jna:$slf4j"
else
  tmp=$(mktemp)
  ./mvn21 -q -o -pl dial-testing dependency:build-classpath -Dmdep.outputFile="$tmp" >&2 \
    || ./mvn21 -q -pl dial-testing dependency:build-classpath -Dmdep.outputFile="$tmp" >&2
  cp="$cp:$(cat "$tmp")"
  rm -f "$tmp"
fi

parts=()
opts=()
dial_opts=()
for a in "$@"; do
  case "$a" in
    -h|--help) "$JAVA" -cp "$cp" dev.netdial.testing.bench.IoBench --help; exit 0 ;;
    all) parts+=(pingpong variants stream jna heap) ;;
    --dial-*) dial_opts+=("$a") ;;
    --*) opts+=("$a") ;;
    *) parts+=("$a") ;;
  esac
done
[[ ${#parts[@]} -gt 0 ]] || parts=(pingpong variants stream jna heap)

pinned=()
free=()
dial=0
for p in "${parts[@]}"; do
  case "$p" in
    pingpong|variants) pinned+=("$p") ;;
    stream|jna|heap|idle) free+=("$p") ;;
    dial) dial=1 ;;
    *) echo "io.sh: unknown part $p" >&2; exit 2 ;;
  esac
done

# shellcheck disable=SC2206 # JAVA_OPTS is split on purpose
jvm=("$JAVA" --enable-native-access=ALL-UNNAMED -Djna.nosys=true ${JAVA_OPTS:-} -cp "$cp")
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: nproc=$(nproc)  $(uname -srm)  $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')  ulimit -n=$(ulimit -n)"
src_sum=$(find dial-api/src/main dial-posix/src/main -type f -name '*.java' | LC_ALL=C sort | xargs cat | sha1sum | cut -c1-12)
echo "# java: $("$JAVA" -version 2>&1 | head -1)  dial-api+dial-posix main sources sha1: $src_sum"
if [[ ${#pinned[@]} -gt 0 ]]; then
  echo "# taskset -c ${PIN_CPU:-0} java ${JAVA_OPTS:-} ... IoBench ${pinned[*]} ${opts[*]:-}"
  taskset -c "${PIN_CPU:-0}" "${jvm[@]}" dev.netdial.testing.bench.IoBench "${pinned[@]}" "${opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
if [[ ${#free[@]} -gt 0 ]]; then
  echo
  echo "# java ${JAVA_OPTS:-} ... IoBench ${free[*]} ${opts[*]:-}"
  "${jvm[@]}" dev.netdial.testing.bench.IoBench "${free[@]}" "${opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
if [[ $dial == 1 ]]; then
  echo
  echo "# java ${JAVA_OPTS:-} ... DialFloorBench ${dial_opts[*]:-}"
  "${jvm[@]}" dev.netdial.testing.bench.DialFloorBench "${dial_opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
