#!/usr/bin/env bash
# netdial's I/O path against the JDK's: builds, then runs dev.netdial.testing.bench.IoBench
# (the bench module: bench/src/main/java/dev/netdial/testing/bench/IoBench.java). See docs/PERFORMANCE.md.
#
# Usage: bench/io.sh [parts] [IoBench options]
#   parts: pingpong variants stream jna heap (default: all of them), idle (wake-ups and CPU with
#          1,000 idle connections, netdial beside the JDK), and dial (DialFloorBench: where
#          a loopback dial's time goes, system call by system call; not part of the default), and
#          sendfile (SendfileBench: TCPConn.readFrom(Path) against FileChannel.transferTo; not default),
#          splice (SpliceBench: a proxy's TCPConn.readFrom(TCPConn) against a JDK copy loop; not default),
#          udp (netdial bench udp: 1-byte UDP request/response, UDPConn against DatagramChannel, on $PIN_CPU;
#          not default), unix (netdial bench unix: Unix stream ping-pong, pinned to $PIN_CPU, and 64 KiB
#          stream, UnixConn against the JDK's SocketChannel over a UnixDomainSocketAddress; not default);
#          both are the netdial command's (examples module: UdpBench, UnixBench), run here through its Main
#          on this class path; the command itself starts the pinned JVM under taskset -c $PIN_CPU
#   options are passed to IoBench, e.g. --pp-iters=20000 --pp-rounds=15 --stream-mib=512 --conns=2000
#   (bench/io.sh --help lists them); --dial-batch=400 --dial-batches=40 go to DialFloorBench;
#   --sf-mib=256 --sf-rounds=11 --sf-warmup=2 go to SendfileBench, --sp-mib= --sp-rounds= --sp-warmup=
#   to SpliceBench, --udp-iters= --udp-rounds= --udp-warmup= to bench udp; the ping-pong and stream
#   options (--pp-*, --stream-mib= --stream-rounds= --chunk= --no-virtual --no-stream-pin) also to bench unix
# Environment:
#   PIN_CPU=0      the CPU the ping-pong JVM is confined to (taskset -c), so both ends share one CPU
#                  (bench unix and bench udp read it as their --cpu default)
#   SKIP_BUILD=1   do not run Maven first
#   JAVA=/path/to/java   the JVM to run (default: the JDK >= 21 that ./mvn21 would pick)
#   JAVA_OPTS="..."  extra JVM options for both JVMs (e.g. -Dnetdial.poller=thread for netdial's
#                  platform poller thread instead of carrier-side polling, -Djdk.pollerMode=1 for the
#                  JDK's equivalent)
#
# pingpong and variants run in one JVM under `taskset -c $PIN_CPU`; stream, jna and heap run in a
# second JVM on all CPUs; dial in a third, on all CPUs. Each JVM runs netdial and the JDK side by
# side, round-robin. udp and unix: as bench udp and bench unix of ./netdial.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

# Build the bench module and what it needs, and write its class path as Maven resolves it (the
# modules' jars, JNA, slf4j) to bench/target/classpath.txt: the reactor runs build-classpath on
# every module, the bench module last.
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

# The JVM: $JAVA, else the JDK ./mvn21 picks (tools/pick-jdk.sh).
if [[ -z "${JAVA:-}" ]]; then
  # shellcheck source=../tools/pick-jdk.sh
  source tools/pick-jdk.sh
  JAVA="$(pick_jdk java)/bin/java" || { echo "io.sh: see above" >&2; exit 2; }
fi

parts=()
opts=()
dial_opts=()
sf_opts=()
sp_opts=()
udp_opts=()
unix_opts=()
for a in "$@"; do
  case "$a" in
    -h|--help)
      "$JAVA" -cp "$cp" dev.netdial.testing.bench.IoBench --help
      echo "unix and udp (options as below; --cpu is \$PIN_CPU here):"
      "$JAVA" -cp "$cp" dev.netdial.examples.Main bench --help | grep -A20 '^  bench unix'
      exit 0 ;;
    all) parts+=(pingpong variants stream jna heap) ;;
    --dial-*) dial_opts+=("$a") ;;
    --sf-*) sf_opts+=("$a") ;;
    --sp-*) sp_opts+=("$a") ;;
    --udp-*) udp_opts+=("$a") ;;
    --*)
      opts+=("$a")
      case "$a" in
        --pp-*|--stream-mib=*|--stream-rounds=*|--chunk=*|--no-virtual|--no-stream-pin) unix_opts+=("$a") ;;
      esac ;;
    *) parts+=("$a") ;;
  esac
done
[[ ${#parts[@]} -gt 0 ]] || parts=(pingpong variants stream jna heap)

pinned=()
free=()
dial=0
sendfile=0
splice=0
udp=0
unix=0
for p in "${parts[@]}"; do
  case "$p" in
    pingpong|variants) pinned+=("$p") ;;
    stream|jna|heap|idle) free+=("$p") ;;
    dial) dial=1 ;;
    sendfile) sendfile=1 ;;
    splice) splice=1 ;;
    udp) udp=1 ;;
    unix) unix=1 ;;
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
if [[ $sendfile == 1 ]]; then
  echo
  echo "# java ${JAVA_OPTS:-} ... SendfileBench ${sf_opts[*]:-}"
  "${jvm[@]}" dev.netdial.testing.bench.SendfileBench "${sf_opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
if [[ $splice == 1 ]]; then
  echo
  echo "# java ${JAVA_OPTS:-} ... SpliceBench ${sp_opts[*]:-}"
  "${jvm[@]}" dev.netdial.testing.bench.SpliceBench "${sp_opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
# bench udp and bench unix: the command starts its pinned JVM under taskset -c $PIN_CPU itself
# (the same JVM options); bench unix's stream runs in this JVM, on all CPUs.
if [[ $udp == 1 ]]; then
  echo
  echo "# java ${JAVA_OPTS:-} ... netdial bench udp ${udp_opts[*]:-}"
  "${jvm[@]}" dev.netdial.examples.Main bench udp "${udp_opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
if [[ $unix == 1 ]]; then
  echo
  echo "# java ${JAVA_OPTS:-} ... netdial bench unix ${unix_opts[*]:-}"
  "${jvm[@]}" dev.netdial.examples.Main bench unix "${unix_opts[@]}" 2> >(grep -v '^SLF4J' >&2)
fi
