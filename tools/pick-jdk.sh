# Sourced by ./mvn21, ./netdial and bench/io.sh: picks a JDK 21 or newer.
# pick_jdk TOOL   (TOOL: javac to build, java to run) prints the JDK's home and returns 0, or says
# why on stderr and returns 2. The order: JAVA_HOME if it is one, else the JDK of the TOOL on PATH
# if it is one, else the newest under /usr/lib/jvm (where this machine's default java may be 17).
_jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1; }
_jdk_ok() { local m; m=$(_jdk_major "$1" 2>/dev/null || true); [[ -n "$m" && "$m" -ge 21 ]]; }
pick_jdk() {
  local tool="${1:-javac}" d m best=0 pick=""
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/$tool" ]] && _jdk_ok "$JAVA_HOME"; then pick="$JAVA_HOME"; fi
  if [[ -z "$pick" ]] && command -v "$tool" >/dev/null; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v "$tool")")")"); _jdk_ok "$d" && pick="$d"
  fi
  if [[ -z "$pick" ]]; then
    for d in /usr/lib/jvm/*/; do
      d=${d%/}; [[ -x "$d/bin/$tool" ]] || continue
      m=$(_jdk_major "$d" 2>/dev/null || echo 0)
      if [[ "$m" -ge 21 && "$m" -gt "$best" ]]; then best=$m; pick=$d; fi
    done
  fi
  if [[ -z "$pick" ]]; then
    echo "no JDK 21 or newer with $tool found (JAVA_HOME, PATH, /usr/lib/jvm)" >&2
    return 2
  fi
  echo "$pick"
}
