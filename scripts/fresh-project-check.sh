#!/usr/bin/env bash
# What a new user does, checked: a fresh Maven project in a temporary folder that imports
# overlap-bom and depends on overlap-api and overlap-backend-nio from the local repository only
# (offline), compiles a tiny echo server + client, and runs it on the class path and on the
# module path (ServiceLoader must find the backend both ways). A second fresh project, a backend
# author's, depends on overlap-conformance-tests and must pass the enforcer's
# dependencyConvergence in every scope.
#
#   mvn install -DskipTests && scripts/fresh-project-check.sh
#
# The last line is the summary ./overlap test prints, e.g.
#   fresh project: class path ok, module path ok, suite deps converge ok
# Exit status 0 only when every check passed. Everything is bounded in time, and the
# temporary folder is removed however the script ends (FRESH_KEEP=1 keeps it to look at).
#
# To extend it: the echo server below (fresh/echo/Main.java) has a marked place,
# "--- socket options", where SO_KEEPALIVE and SO_RCVBUF are to be set and read back once
# Handle.setOption/getOption exist; an AssertionError there fails both runs. A new check is one
# more `check "LABEL" COMMAND...` line near the end: it lands in the summary line by itself.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '[fresh-project] %s\n' "$*" >&2; }

VERSION=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$ROOT/bom/pom.xml" | head -n 1)
# the worktree's Maven settings (e.g. its own local repository) apply to the fresh projects too
MVN=(mvn -B -ntp -o -q -Dstyle.color=never)
if [ -f "$ROOT/.mvn/maven.config" ]; then
  read -r -a extra < <(tr '\n' ' ' <"$ROOT/.mvn/maven.config")
  MVN+=("${extra[@]}")
fi
REPO=$(printf '%s\n' "${MVN[@]}" | sed -n 's/^-Dmaven.repo.local=//p' | tail -n 1)
REPO=${REPO:-$HOME/.m2/repository}
if [ ! -f "$REPO/io/overlap/overlap-backend-nio/$VERSION/overlap-backend-nio-$VERSION.jar" ]; then
  say "overlap $VERSION is not in $REPO: run 'mvn install -DskipTests' first"
  echo "fresh project: not run (overlap $VERSION is not installed)"
  exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/overlap-fresh.XXXXXX")
cleanup() {
  if [ -n "${FRESH_KEEP:-}" ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# The plugins a jar project runs, pinned to the versions Overlap's own build uses: offline, any
# other version would not be in the local repository.
plugins() {
  cat <<'XML'
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version>
        <configuration><release>17</release><compilerArgs><arg>-Xlint:all</arg><arg>-Werror</arg></compilerArgs></configuration></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
XML
}

# write_pom DIR ARTIFACT DEPENDENCIES PLUGINS: a fresh project's pom, with the one import a user
# writes (the BOM) and the given <dependency> and <plugin> elements.
write_pom() {
  mkdir -p "$1"
  cat >"$1/pom.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>fresh</groupId>
  <artifactId>$2</artifactId>
  <version>1</version>
  <properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.overlap</groupId><artifactId>overlap-bom</artifactId><version>$VERSION</version>
        <type>pom</type><scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
$3
  </dependencies>
  <build>
    <plugins>
$4
    </plugins>
  </build>
</project>
XML
}

# --- the user's project: BOM import + overlap-api + overlap-backend-nio, nothing else ----------
write_user_project() {
  local dir=$WORK/echo
  write_pom "$dir" fresh-echo "\
    <dependency><groupId>io.overlap</groupId><artifactId>overlap-api</artifactId></dependency>
    <!-- found through ServiceLoader: nothing compiles against it -->
    <dependency><groupId>io.overlap</groupId><artifactId>overlap-backend-nio</artifactId><scope>runtime</scope></dependency>" "\
$(plugins)
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version>
        <executions><execution><id>libs</id><phase>package</phase><goals><goal>copy-dependencies</goal></goals>
          <configuration><includeScope>runtime</includeScope><outputDirectory>\${project.build.directory}/lib</outputDirectory></configuration>
        </execution></executions></plugin>"
  mkdir -p "$dir/src/main/java/fresh/echo"
  # the module descriptor names only the API: the backend on the module path is found by
  # service binding, as the README says
  cat >"$dir/src/main/java/module-info.java" <<'JAVA'
module fresh.echo {
    requires io.overlap;
}
JAVA
  cat >"$dir/src/main/java/fresh/echo/Main.java" <<'JAVA'
package fresh.echo;

import io.overlap.Completion;
import io.overlap.CompletionStatus;
import io.overlap.Connection;
import io.overlap.Listener;
import io.overlap.OpKind;
import io.overlap.Proactor;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An echo server on Overlap (queue mode) and a plain blocking client; args: "class path" or "module path". */
public final class Main {
    private static final int ROUNDS = 100;

    public static void main(String[] args) throws Exception {
        String expected = String.join(" ", args);
        String actual = Main.class.getModule().isNamed() ? "module path" : "class path";
        if (!actual.equals(expected)) {
            throw new AssertionError("meant to run on the " + expected + " but runs on the " + actual);
        }
        try (Proactor p = Proactor.open()) {
            Listener listener = p.listen(new InetSocketAddress("127.0.0.1", 0), 16);
            p.submitAccept(listener, null);
            CompletableFuture<byte[]> client = CompletableFuture.supplyAsync(() -> talk(listener.localAddress()));
            Connection conn = null;
            long echoed = 0;
            boolean clientDone = false;
            while (!clientDone) { // until the client hangs up: its receive ends END_OF_STREAM
                Completion c = p.completions().poll(10, TimeUnit.SECONDS);
                if (c == null) {
                    throw new AssertionError("no completion for 10 s");
                }
                if (c.kind() == OpKind.RECV && c.status() == CompletionStatus.END_OF_STREAM) {
                    clientDone = true;
                    continue;
                }
                if (c.status() != CompletionStatus.OK) {
                    throw new AssertionError("completion " + c);
                }
                switch (c.kind()) {
                    case ACCEPT -> {
                        conn = c.connection();
                        // --- socket options (issue 14, item 3) --------------------------------
                        // When Handle.setOption/getOption land: set SO_KEEPALIVE and SO_RCVBUF on
                        // conn here, read both back and throw an AssertionError on a mismatch;
                        // print what was read, so the check's log shows it.
                        // -----------------------------------------------------------------------
                        p.submitRecv(conn, new ByteBuffer[] {ByteBuffer.allocate(256)}, null);
                    }
                    case RECV -> p.submitSend(conn, new ByteBuffer[] {c.buffers()[0].flip()}, null);
                    case SEND -> {
                        echoed += c.bytesTransferred();
                        p.submitRecv(conn, new ByteBuffer[] {c.buffers()[0].clear()}, null);
                    }
                    default -> throw new AssertionError("unexpected " + c);
                }
            }
            byte[] last = client.get(10, TimeUnit.SECONDS);
            System.out.println("echoed " + ROUNDS + " messages (" + echoed + " bytes) on backend " + p.backendName()
                    + " (" + actual + "), the last '" + new String(last, StandardCharsets.US_ASCII) + "'");
        }
    }

    /** Sends ROUNDS small messages one at a time and checks each echo. */
    private static byte[] talk(InetSocketAddress server) {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] got = new byte[0];
            for (int i = 0; i < ROUNDS; i++) {
                byte[] msg = ("ping " + i).getBytes(StandardCharsets.US_ASCII);
                out.write(msg);
                got = in.readNBytes(msg.length);
                if (!Arrays.equals(msg, got)) {
                    throw new AssertionError("echo " + i + " was '" + new String(got, StandardCharsets.US_ASCII) + "'");
                }
            }
            return got;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
JAVA
}

# --- a backend author's project: the conformance suite as a test dependency --------------------
write_author_project() {
  write_pom "$WORK/author" fresh-backend "\
    <dependency><groupId>io.overlap</groupId><artifactId>overlap-api</artifactId></dependency>
    <dependency><groupId>io.overlap</groupId><artifactId>overlap-conformance-tests</artifactId><scope>test</scope></dependency>
    <!-- the shipped backends, to run the suite against them beside the author's own -->
    <dependency><groupId>io.overlap</groupId><artifactId>overlap-backend-nio</artifactId><scope>test</scope></dependency>
    <dependency><groupId>io.overlap</groupId><artifactId>overlap-backend-winsock</artifactId><scope>test</scope></dependency>" "\
      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-enforcer-plugin</artifactId><version>3.6.2</version>
        <executions><execution><id>converge</id><phase>validate</phase><goals><goal>enforce</goal></goals>
          <configuration><rules>
            <!-- every scope, test included: that is where a backend author has the suite -->
            <dependencyConvergence><excludedScopes/></dependencyConvergence>
          </rules></configuration>
        </execution></executions></plugin>"
}

results=()
status=0
check() { # check LABEL COMMAND...: runs it, logs to $WORK, records "LABEL ok" or "LABEL FAILED"
  local label=$1 log
  shift
  log=$WORK/${label// /-}.log
  if "$@" >"$log" 2>&1; then
    results+=("$label ok")
    say "$label: ok $(sed 's/\x1b\[[0-9;]*m//g' "$log" | tail -n 1)"
  else
    results+=("$label FAILED")
    status=1
    say "$label: FAILED; its output:"
    sed 's/^/    /' "$log" >&2
  fi
}

write_user_project
write_author_project
say "building a fresh project against overlap $VERSION from $REPO (offline)"
if timeout 300 "${MVN[@]}" -f "$WORK/echo/pom.xml" package -DskipTests >"$WORK/build.log" 2>&1; then
  jar=$WORK/echo/target/fresh-echo-1.jar
  lib=$WORK/echo/target/lib
  check "class path" timeout 60 java -cp "$jar:$lib/*" fresh.echo.Main class path
  # no --add-modules: the boot layer binds services, so the backend on the module path is
  # resolved because io.overlap 'uses' what it 'provides'
  check "module path" timeout 60 java -p "$jar:$lib" -m fresh.echo/fresh.echo.Main module path
else
  say "the fresh project did not build; Maven said:"
  sed 's/^/    /' "$WORK/build.log" >&2
  results+=("build FAILED")
  status=1
fi
check "suite deps converge" timeout 300 "${MVN[@]}" -f "$WORK/author/pom.xml" validate

summary=$(printf '%s, ' "${results[@]}")
echo "fresh project: ${summary%, }"
exit $status
