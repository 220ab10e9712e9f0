/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_build.c - what the build promises: the shared library exports only psutil_*
 * symbols under a SONAME carrying the major version; psutil.h compiles alone as
 * strict C99 and as C++; the unsupported backend answers PSUTIL_ENOTSUP everywhere;
 * the ABI of record and its rule. (Installing and packaging: test_install.c.)
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* Only psutil_ functions leave the library, each with the symbol version of the release
 * that added it (src/libpsutil.map). */
TEST(shared_library_exports_only_psutil_symbols)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof(cmd), "nm -D --defined-only %s/libpsutil.so | awk '{print $2, $3}'",
             build_dir());
    CHECK(run(cmd, &out) == 0);
    int n = 0, nodes = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strcmp(line, "A PSUTIL_0.1") == 0) { /* the version node itself */
            nodes++;
            continue;
        }
        const char *name = line + 2, *at = strstr(name, "@@");
        CHECK_MSG(strncmp(name, "psutil_", 7) == 0 && name[7] != '_', "exported: %s", name);
        CHECK_MSG(at && strcmp(at, "@@PSUTIL_0.1") == 0, "%s: not in version PSUTIL_0.1", name);
        n++;
    }
    CHECK(nodes == 1);
    CHECK_MSG(n >= 30, "only %d symbols exported", n);
    free(out);
    snprintf(
        cmd, sizeof(cmd),
        "nm -D --defined-only %s/libpsutil.so | grep -c ' T psutil_virtual_memory@@PSUTIL_0.1$'",
        build_dir());
    CHECK(run(cmd, &out) == 0 && atoi(out) == 1);
    free(out);
}

TEST(soname_carries_the_major_version)
{
    char cmd[1024], *out, want[64];
    snprintf(cmd, sizeof(cmd), "objdump -p %s/libpsutil.so | awk '/SONAME/{print $2}'",
             build_dir());
    CHECK(run(cmd, &out) == 0);
    snprintf(want, sizeof(want), "libpsutil.so.%d\n", PSUTIL_VERSION_MAJOR);
    CHECK_MSG(strcmp(out, want) == 0, "SONAME %s", out);
    free(out);
}

TEST(header_compiles_alone_as_strict_c99_and_cxx)
{
    char cmd[2048];
    snprintf(
        cmd, sizeof(cmd),
        "cc -std=c99 -pedantic -Wall -Wextra -Werror -I%s/include -c %s/tests/probe/header_c.c "
        "-o /dev/null",
        source_dir(), source_dir());
    CHECK_MSG(run(cmd, NULL) == 0, "C99: %s", cmd);
    static const char *const stds[] = {"c++98", "c++11", "c++17"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(cmd, sizeof(cmd),
                 "c++ -std=%s -pedantic -Wall -Wextra -Werror -I%s/include -c "
                 "%s/tests/probe/header_cxx.cpp -o /dev/null",
                 stds[i], source_dir(), source_dir());
        CHECK_MSG(run(cmd, NULL) == 0, "%s: %s", stds[i], cmd);
    }
}

TEST(unsupported_backend_answers_enotsup_everywhere)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof(cmd), "%s/unsupported/probe", build_dir());
    CHECK_MSG(access(cmd, X_OK) == 0, "%s not built (make test builds it)", cmd);
    int st = run(cmd, &out);
    CHECK_MSG(st == 0, "probe failed:\n%s", out);
    CHECK(strstr(out, "all ENOTSUP") != NULL);
    CHECK(strstr(out, "virtual_memory") != NULL);
    free(out);
}

/* The runner's skip rule, on a test that skips without root (run here as nobody): under
 * CI=true a skip off tests/skips.txt fails the run, elsewhere it is counted and named at
 * the end; and every entry of skips.txt names a test that exists. */
TEST(skips_off_the_allow_list_fail_under_ci)
{
    NEED(getuid() == 0, "needs root to run the runner as nobody (CI runs as root)");
    char cmd[1024], *out;
    const char *sel = "test_proc.c:access_denied_for_another_users_process";
    snprintf(cmd, sizeof(cmd),
             "cd /tmp && setpriv --reuid=65534 --regid=65534 --clear-groups env CI=true "
             "PSUTIL_BUILD_DIR=%s %s/tests/run %s 2>/dev/null",
             build_dir(), build_dir(), sel);
    int st = run(cmd, &out);
    CHECK_MSG(st == 1 &&
                  strstr(out, "FAIL test_proc.c:access_denied_for_another_users_process "
                              "(skipped under CI; not on tests/skips.txt)") &&
                  strstr(out, "\n0 passed, 1 failed, 0 skipped\n"),
              "under CI (exit %d):\n%s", st, out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "cd /tmp && setpriv --reuid=65534 --regid=65534 --clear-groups env -u CI "
             "PSUTIL_BUILD_DIR=%s %s/tests/run %s 2>/dev/null",
             build_dir(), build_dir(), sel);
    st = run(cmd, &out);
    CHECK_MSG(st == 0 && strstr(out, "\nskipped: test_proc.c:access_denied_for_another_users_"
                                     "process\n\n0 passed, 0 failed, 1 skipped\n"),
              "outside CI (exit %d):\n%s", st, out);
    free(out);
    /* Each allowed skip names a real test (a renamed test must not leave a dead entry). */
    snprintf(cmd, sizeof(cmd), "%s/tests/skips.txt", source_dir());
    char *list = slurp(cmd, NULL);
    CHECK(list != NULL);
    int entries = 0;
    for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
        char name[512], build[32];
        if (line[0] == '#' || sscanf(line, "%511s %31s", name, build) != 2)
            continue;
        CHECK_MSG(strcmp(build, "any") == 0 || strcmp(build, "sanitize") == 0 ||
                      strcmp(build, "windows") == 0,
                  "%s: build %s", name, build);
        /* The Windows suite's tests are looked up in its sources (tests/windows/). */
        char file[256], test[256];
        if (strcmp(build, "windows") == 0 && sscanf(name, "%255[^:]:%255s", file, test) == 2)
            snprintf(cmd, sizeof(cmd), "grep -qx 'TEST(%s)' %s/tests/windows/%s", test,
                     source_dir(), file);
        else
            snprintf(cmd, sizeof(cmd), "%s/tests/run --list | grep -qx '%s'", build_dir(), name);
        CHECK_MSG(run(cmd, NULL) == 0, "skips.txt names %s, which is no test", name);
        entries++;
    }
    CHECK(entries == 15);
    free(list);
}

/* The portable line holds: every file of src/ and src/util/ compiles for Windows with
 * mingw-w64, so POSIX calls stay in src/unix/ and the backends (issue 18). */
TEST(portable_sources_compile_with_mingw)
{
    NEED(run("command -v x86_64-w64-mingw32-gcc >/dev/null", NULL) == 0,
         "mingw-w64 is not installed (sh bootstrap.sh test installs gcc-mingw-w64-x86-64-posix)");
    char cmd[1024], *out, *count;
    snprintf(cmd, sizeof(cmd), "ls %s/src/*.c %s/src/util/*.c | wc -l", source_dir(), source_dir());
    CHECK(run(cmd, &count) == 0 && atoi(count) > 10);
    snprintf(cmd, sizeof(cmd), "make -s -C %s portable-check 2>&1", source_dir());
    int st = run(cmd, &out);
    char want[96];
    snprintf(want, sizeof(want), "portable-check: %d portable files compile", atoi(count));
    CHECK_MSG(st == 0 && strstr(out, want), "exit %d:\n%s", st, out);
    free(out);
    free(count);
}

/* Builds the library from a copy of the tree at tmp, after running the shell command
 * `edit` in the copy. The copy is a plain gcc build whatever build runs the suite (the
 * sanitizer runs pass SANITIZE and CC down through MAKEFLAGS). */
static void build_copy(const char *tmp, const char *edit)
{
    char cmd[4096];
    snprintf(
        cmd, sizeof(cmd),
        "rm -rf %s && mkdir -p %s && cd %s && cp -r Makefile include src abi psutil.pc.in %s/ && "
        "cd %s && %s && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s lib O=build SANITIZE= "
        "CC=cc CFLAGS='-O0 -g' >/dev/null 2>&1",
        tmp, tmp, source_dir(), tmp, tmp, edit);
    CHECK_MSG(run(cmd, NULL) == 0, "%s", cmd);
}

/* A copy whose header is edited by `edit` (a Python statement on its text s), and
 * abi/check.sh's verdict on its library. */
static int abi_check_of_copy(const char *tmp, const char *edit, char **out)
{
    char cmd[4096];
    snprintf(
        cmd, sizeof(cmd),
        "/usr/bin/python3 -c \"p='include/psutil.h'; s=open(p).read(); %s; open(p,'w').write(s)\"",
        edit);
    build_copy(tmp, cmd);
    snprintf(cmd, sizeof(cmd), "sh %s/abi/check.sh check %s/build/libpsutil.so 2>&1", tmp, tmp);
    return run(cmd, out);
}

/* The ABI of record holds (abi/libpsutil.abi, libabigail), and the check tells the
 * compatible from the incompatible: in copies of the tree, a member added at the end of a
 * struct callers pass their size for passes; a member inserted before the end of one, and
 * a member added at the end of a frozen struct (psutil_proc_io_t, embedded in the process
 * row), fail, naming the struct. The unedited copy passes (so each failure is its edit's). */
TEST(abi_matches_the_record_and_an_incompatible_struct_change_is_caught)
{
    NEED(run("command -v abidiff >/dev/null", NULL) == 0,
         "abigail-tools is not installed (sh bootstrap.sh test installs it)");
    char cmd[1024], *out, tmp[] = "/tmp/psutil-abi-XXXXXX";
    snprintf(cmd, sizeof(cmd), "sh %s/abi/check.sh check %s/libpsutil.so 2>&1", source_dir(),
             build_dir());
    int st = run(cmd, &out);
    CHECK_MSG(st == 0 && strstr(out, "matches abi/libpsutil.abi"), "exit %d:\n%s", st, out);
    free(out);
    CHECK(mkdtemp(tmp) != NULL);
    st = abi_check_of_copy(tmp, "s=s", &out);
    CHECK_MSG(st == 0, "the unedited copy: exit %d:\n%s", st, out);
    free(out);
    st = abi_check_of_copy(tmp,
                           "s=s.replace('} psutil_virtual_memory_t;', "
                           "'    uint64_t grown;\\\\n} psutil_virtual_memory_t;', 1)",
                           &out);
    CHECK_MSG(st == 0 && strstr(out, "matches abi/libpsutil.abi"),
              "a member at the end of a sized struct: exit %d:\n%s", st, out);
    free(out);
    st = abi_check_of_copy(tmp,
                           "s=s.replace('typedef struct psutil_virtual_memory_t {', "
                           "'typedef struct psutil_virtual_memory_t {\\\\n    uint64_t grown;', 1)",
                           &out);
    CHECK_MSG(st == 1 && strstr(out, "changed its recorded ABI") &&
                  strstr(out, "psutil_virtual_memory_t"),
              "a member at the start of a sized struct: exit %d:\n%s", st, out);
    free(out);
    st = abi_check_of_copy(tmp,
                           "s=s.replace('} psutil_proc_io_t;', "
                           "'    uint64_t grown;\\\\n} psutil_proc_io_t;', 1)",
                           &out);
    CHECK_MSG(st == 1 && strstr(out, "changed its recorded ABI") && strstr(out, "psutil_proc_io_t"),
              "a member at the end of a frozen struct: exit %d:\n%s", st, out);
    free(out);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
    run(cmd, NULL);
}

/* The rule itself, across real binaries: a program built against this header and one
 * built against a header whose every growable struct gained a last member (a later
 * release), each run against a library built from each header. All four print the same
 * values of the fixture tree abi/ (structs, the process table with its strings and
 * arguments, meminfo, per-CPU times), none finds a byte written past its structs, and the
 * newer program reads 0 in the member the older library does not know (tests/abi/skew.c). */
TEST(programs_and_libraries_of_different_struct_sizes_work_together)
{
    char tmp[] = "/tmp/psutil-skew-XXXXXX", cmd[4096], dir[2][64], prog[2][1280];
    CHECK(mkdtemp(tmp) != NULL);
    for (int grown = 0; grown < 2; grown++) {
        snprintf(dir[grown], sizeof(dir[grown]), "%s/%s", tmp, grown ? "grown" : "plain");
        char edit[1024] = "true";
        if (grown)
            snprintf(edit, sizeof(edit),
                     "/usr/bin/python3 %s/tests/abi/grow.py include/psutil.h abi/growable.supp "
                     ">/dev/null",
                     source_dir());
        build_copy(dir[grown], edit);
        snprintf(prog[grown], sizeof(prog[grown]), "%s/skew", dir[grown]);
        snprintf(cmd, sizeof(cmd),
                 "cc -std=c99 -Wall -Wextra -Werror %s -I%s/include %s/tests/abi/skew.c "
                 "-L%s/build -lpsutil -o %s 2>&1",
                 grown ? "-DSKEW_GROWN" : "", dir[grown], source_dir(), dir[grown], prog[grown]);
        char *out;
        int st = run(cmd, &out);
        CHECK_MSG(st == 0, "%s\n%s", cmd, out);
        free(out);
    }
    char *first = NULL;
    for (int p = 0; p < 2; p++)
        for (int l = 0; l < 2; l++) {
            char *out;
            snprintf(cmd, sizeof(cmd), "LD_LIBRARY_PATH=%s/build %s %s 2>&1", dir[l], prog[p],
                     fixture("abi/proc"));
            int st = run(cmd, &out);
            CHECK_MSG(st == 0 && strstr(out, "\n0 failures\n"),
                      "%s program, %s library: exit %d\n%s", p ? "grown" : "plain",
                      l ? "grown" : "plain", st, out);
            CHECK_MSG(strstr(out, "row pid=302 ppid=202 name=abi2 uid=60002") &&
                          strstr(out, "row args=/usr/bin/abi3|--flag=3|two words|\n") &&
                          strstr(out, "meminfo Cached=3539751936 bytes=1\n") &&
                          strstr(out, "error code=-1 errno=2\n"),
                      "%s program, %s library:\n%s", p ? "grown" : "plain", l ? "grown" : "plain",
                      out);
            if (!first)
                first = out;
            else {
                CHECK_MSG(strcmp(first, out) == 0,
                          "%s program, %s library differs from plain/plain:\n%s\n---\n%s",
                          p ? "grown" : "plain", l ? "grown" : "plain", out, first);
                free(out);
            }
        }
    free(first);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmp);
    run(cmd, NULL);
}

/* An OS is a folder (src/linux/, src/windows/, src/cli/os_*.c, tests/windows/) picked by
 * the Makefile: no other source tests for one. The public header alone does, for
 * dllexport/dllimport, which its users compile without our Makefile. */
TEST(no_source_outside_a_backend_tests_for_an_os)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof(cmd),
             "cd %s && grep -rlwE '_WIN32|_WIN64|__MINGW32__|__MINGW64__|__CYGWIN__|__linux__|"
             "__linux|__APPLE__|__FreeBSD__|__unix__|__unix' --include='*.c' "
             "--include='*.h' src tests fuzz bench include | grep -vE "
             "'^(src/windows/|src/linux/|tests/windows/|include/psutil.h$|tests/test_build.c$)' "
             "; true",
             source_dir());
    CHECK(run(cmd, &out) == 0);
    CHECK_MSG(out && out[0] == '\0', "these test for an OS:\n%s", out ? out : "");
    free(out);
}

/* Every public struct is growable (abi/growable.supp) or frozen (the header says which),
 * none embeds or is passed a growable one by value, and every function taking a growable
 * struct takes the caller's size through its macro (tests/abi/rule_check.py). A struct
 * or a function added without following the rule fails here. */
TEST(every_public_struct_follows_the_abi_rule)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 %s/tests/abi/rule_check.py %s/include/psutil.h "
             "%s/abi/growable.supp 2>&1",
             source_dir(), source_dir(), source_dir());
    int st = run(cmd, &out);
    CHECK_MSG(st == 0 &&
                  strstr(out, "rule_check: 54 structs (44 growable, 10 frozen), 61 functions"),
              "exit %d:\n%s", st, out);
    free(out);
}

/* Every mutation of tests/mutants/mutants.txt still applies (its text occurs exactly once
 * in its file) and names tests that exist: a refactor that strands one fails here, in
 * the plain suite, before the mutants stage of CI finds it stale. */
TEST(every_mutation_still_applies_and_names_tests)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/mutants/run.py --check 2>&1",
             source_dir());
    int st = run(cmd, &out);
    CHECK_MSG(st == 0, "%s", out ? out : "");
    free(out);
}
