#!/usr/bin/env bash
# Real clients over netdial against the same clients on the JDK's sockets (issue 13, section 3):
# builds, then runs dev.netdial.testing.bench.ClientsBench (bench/src/main/java/dev/netdial/testing/
# bench/ClientsBench.java), which starts PostgreSQL and nginx on loopback itself (the dial-testing
# fixtures PostgresServer and NginxServer; Debian packages postgresql and nginx). See docs/PERFORMANCE.md.
#
# Usage: bench/clients.sh [pg] [http] [--pg-n=N] [--http-n=N] [--rounds=R] [--warmup=W]
#   pg    PostgreSQL JDBC SELECT 1 round trips, NetdialSocketFactory against the driver's default socket
#   http  OkHttp keep-alive GETs of a 1 KiB file, NetdialSocketFactory against OkHttp's default socket
#   (default: both); --pg-n round trips per round (20000), --http-n GETs per round (5000),
#   --rounds (15), --warmup rounds (3). Rounds alternate which client goes first; ratios are per round.
#   --only=ROW runs one row alone (0 default platform, 1 netdial platform, 2 default virtual,
#   3 netdial virtual), for strace -c or a profiler
# Environment:
#   SKIP_BUILD=1   do not run Maven first
#   JAVA=/path/to/java   the JVM to run (default: the JDK >= 21 that ./mvn21 would pick)
#   JAVA_OPTS="..."  extra JVM options (e.g. -Dnetdial.poller=thread)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

cpfile=bench/target/classpath.txt
if [[ "${SKIP_BUILD:-}" != 1 || ! -f "$cpfile" ]]; then
  build=(package -DskipTests -pl bench -am dependency:build-classpath -Dmdep.outputFile="$PWD/$cpfile" -Dmdep.includeScope=runtime)
  echo "# building: ./mvn21 -q -o ${build[*]}" >&2
  if ! ./mvn21 -q -o "${build[@]}" >&2; then
    echo "# offline build failed; trying online" >&2
    ./mvn21 -q "${build[@]}" >&2
  fi
fi
cp="bench/target/classes:$(cat "$cpfile")"

if [[ -z "${JAVA:-}" ]]; then
  # shellcheck source=../tools/pick-jdk.sh
  source tools/pick-jdk.sh
  JAVA="$(pick_jdk java)/bin/java" || { echo "clients.sh: see above" >&2; exit 2; }
fi

# shellcheck disable=SC2206 # JAVA_OPTS is split on purpose
jvm=("$JAVA" --enable-native-access=ALL-UNNAMED -Djna.nosys=true ${JAVA_OPTS:-} -cp "$cp")
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: nproc=$(nproc)  $(uname -srm)  $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')  load: $(cut -d' ' -f1-3 /proc/loadavg)"
src_sum=$(find dial-api/src/main dial-posix/src/main dial-tcp/src/main dial-jdk/src/main -type f -name '*.java' | LC_ALL=C sort | xargs cat | sha1sum | cut -c1-12)
echo "# java: $("$JAVA" -version 2>&1 | head -1)  dial-api+posix+tcp+jdk main sources sha1: $src_sum"
echo "# java ${JAVA_OPTS:-} ... ClientsBench $*"
"${jvm[@]}" dev.netdial.testing.bench.ClientsBench "$@" 2> >(grep -v '^SLF4J' >&2)
