/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_install.c - the library as users take it: `make install` (header, libraries,
 * psutil.pc, the CMake package, man(1) and man(3)); the examples built against it with
 * pkg-config and with CMake (shared and static) and run against what the test sets up
 * (tests/examples_check.sh); the man(3) pages matching the header and covering every
 * exported symbol; and Debian packages built with dpkg-buildpackage, lintian-clean,
 * extracted (and, under CI, installed with dpkg -i) with the examples built against them.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static void rm_rf(const char *dir)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

/* Builds the examples at `examples` (copied to dir/pc for make) with pkg-config and with
 * CMake, shared and static, against the installed files that pc_env and cmake_prefix
 * point at, and runs each build through examples_check.sh. ldpath: where the shared
 * library is at run time. */
static void build_and_check_examples(const char *examples, const char *dir, const char *pc_env,
                                     const char *cmake_prefix, const char *ldpath)
{
    char cmd[4096], *out;
    snprintf(cmd, sizeof(cmd),
             "cp -r %s %s/pc && %s make -s -C %s/pc LDFLAGS=-Wl,-rpath,%s 2>&1 && "
             "LD_LIBRARY_PATH=%s sh %s/tests/examples_check.sh %s/pc 2>&1",
             examples, dir, pc_env, dir, ldpath, ldpath, source_dir(), dir);
    int st = run(cmd, &out);
    CHECK_MSG(st == 0 && strstr(out, "examples: 5 ok"), "pkg-config: exit %d\n%s\n%s", st, cmd,
              out);
    free(out);
    for (int stat = 0; stat < 2; stat++) {
        snprintf(cmd, sizeof(cmd),
                 "cmake -S %s -B %s/cmake%d -DSTATIC=%s %s%s >/dev/null && "
                 "cmake --build %s/cmake%d 2>&1 >/dev/null && "
                 "LD_LIBRARY_PATH=%s sh %s/tests/examples_check.sh %s/cmake%d 2>&1",
                 examples, dir, stat, stat ? "ON" : "OFF",
                 cmake_prefix ? "-DCMAKE_PREFIX_PATH=" : "", cmake_prefix ? cmake_prefix : "", dir,
                 stat, ldpath, source_dir(), dir, stat);
        st = run(cmd, &out);
        CHECK_MSG(st == 0 && strstr(out, "examples: 5 ok"), "CMake %s: exit %d\n%s\n%s",
                  stat ? "static" : "shared", st, cmd, out);
        free(out);
        /* The static build carries no libpsutil.so dependency, the shared one does. */
        snprintf(cmd, sizeof(cmd), "objdump -p %s/cmake%d/top_memory | grep -c 'NEEDED.*libpsutil'",
                 dir, stat);
        run(cmd, &out);
        CHECK_MSG(atoi(out) == (stat ? 0 : 1), "%s build NEEDED libpsutil: %s",
                  stat ? "static" : "shared", out);
        free(out);
    }
}

TEST(install_tree_builds_the_readme_example_and_the_examples_with_pkg_config_and_cmake)
{
    if (HARNESS_ASAN)
        harness_skip("the sanitizer build's library needs the sanitizer runtime to link; the "
                     "plain run covers it");
    NEED(run("command -v cmake >/dev/null", NULL) == 0,
         "cmake is not installed (sh bootstrap.sh test installs it)");
    char dir[] = "/tmp/psutil-install-XXXXXX", cmd[4096], *out;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd), "make -s -C %s install O=%s PREFIX=%s/usr >/dev/null", source_dir(),
             build_dir(), dir);
    CHECK_MSG(run(cmd, NULL) == 0, "%s", cmd);
    static const char *const files[] = {"include/psutil.h",
                                        "lib/libpsutil.a",
                                        "lib/libpsutil.so",
                                        "lib/libpsutil.so.0",
                                        "lib/pkgconfig/psutil.pc",
                                        "lib/cmake/psutil/psutilConfig.cmake",
                                        "bin/psutil",
                                        "lib/cmake/psutil/psutilConfigVersion.cmake",
                                        "share/man/man1/psutil.1",
                                        "share/man/man3/psutil.3",
                                        "share/man/man3/psutil_proc_open.3",
                                        "lib/systemd/system/psutil-exporter.service",
                                        "lib/systemd/system/psutil-exporter.socket",
                                        "share/doc/psutil/web-config.example.yml",
                                        "share/doc/psutil/exporter.md"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char p[1200];
        snprintf(p, sizeof(p), "%s/usr/%s", dir, files[i]);
        CHECK_MSG(access(p, R_OK) == 0, "%s not installed", files[i]);
    }
    /* The service runs the installed tool; systemd-analyze (when there) finds no fault in
     * either unit. */
    snprintf(cmd, sizeof(cmd),
             "grep -x 'ExecStart=%s/usr/bin/psutil serve' "
             "%s/usr/lib/systemd/system/psutil-exporter.service",
             dir, dir);
    CHECK_MSG(run(cmd, NULL) == 0, "%s", cmd);
    if (run("command -v systemd-analyze >/dev/null", NULL) == 0) {
        snprintf(cmd, sizeof(cmd),
                 "cd %s/usr/lib/systemd/system && SYSTEMD_LOG_LEVEL=err systemd-analyze verify "
                 "--man=no ./psutil-exporter.socket ./psutil-exporter.service 2>&1 | "
                 "grep -v 'Failed to open /dev/kmsg\\|No such file or directory' || true",
                 dir);
        CHECK(run(cmd, &out) == 0);
        CHECK_MSG(out[0] == '\0', "systemd-analyze verify: %s", out);
        free(out);
    }
    snprintf(cmd, sizeof(cmd),
             "PKG_CONFIG_PATH=%s/usr/lib/pkgconfig pkg-config --modversion psutil", dir);
    CHECK(run(cmd, &out) == 0);
    CHECK(strncmp(out, PSUTIL_VERSION_STRING, strlen(PSUTIL_VERSION_STRING)) == 0);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "cd %s && cc %s/docs/example.c "
             "$(PKG_CONFIG_PATH=%s/usr/lib/pkgconfig pkg-config --cflags --libs psutil) "
             "-Wl,-rpath,%s/usr/lib -o example && ./example",
             dir, source_dir(), dir, dir);
    CHECK_MSG(run(cmd, &out) == 0, "%s", cmd);
    CHECK(strstr(out, "memory: ") && strstr(out, "cpu: "));
    free(out);
    /* find_package's version rule: 0.1 and 0.0 are satisfied, 0.2 and 1.0 are not. */
    for (int v = 0; v < 4; v++) {
        static const char *const want[] = {"0.1", "0.0", "0.2", "1.0"};
        snprintf(cmd, sizeof(cmd),
                 "mkdir -p %s/v%d && printf 'cmake_minimum_required(VERSION 3.13)\\nproject(v C)\\n"
                 "find_package(psutil %s REQUIRED)\\n' > %s/v%d/CMakeLists.txt && "
                 "cmake -S %s/v%d -B %s/v%d/b -DCMAKE_PREFIX_PATH=%s/usr >/dev/null 2>&1",
                 dir, v, want[v], dir, v, dir, v, dir, v, dir);
        CHECK_MSG((run(cmd, NULL) == 0) == (v < 2), "find_package(psutil %s)", want[v]);
    }
    char prefix[1200], pc[1300], lib[1200], examples[1200];
    snprintf(prefix, sizeof(prefix), "%s/usr", dir);
    snprintf(pc, sizeof(pc), "PKG_CONFIG_PATH=%s/usr/lib/pkgconfig", dir);
    snprintf(lib, sizeof(lib), "%s/usr/lib", dir);
    snprintf(examples, sizeof(examples), "%s/examples", source_dir());
    build_and_check_examples(examples, dir, pc, prefix, lib);
    rm_rf(dir);
}

/* man(3): the committed pages are what docs/man3/gen.py makes of the header now, every
 * symbol the library exports has its page, and man renders each without a warning. */
TEST(every_exported_function_has_a_man_page_generated_from_the_header)
{
    char dir[] = "/tmp/psutil-man-XXXXXX", cmd[4096], *out;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 %s/docs/man3/gen.py %s/include/psutil.h %s >/dev/null && "
             "cp %s/docs/man3/gen.py %s/ && diff -r %s/docs/man3 %s 2>&1",
             source_dir(), source_dir(), dir, source_dir(), dir, source_dir(), dir);
    int st = run(cmd, &out);
    CHECK_MSG(st == 0,
              "docs/man3 is not what gen.py makes of the header (run: /usr/bin/python3 "
              "docs/man3/gen.py include/psutil.h docs/man3):\n%s",
              out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "nm -D --defined-only %s/libpsutil.so | awk '{print $3}' | sed 's/@.*//' | "
             "grep '^psutil_' | sort -u | while read s; do [ -f %s/docs/man3/$s.3 ] || echo "
             "\"no page: $s\"; done; nm -D --defined-only %s/libpsutil.so | grep -c ' psutil_'",
             build_dir(), source_dir(), build_dir());
    st = run(cmd, &out);
    CHECK_MSG(st == 0 && !strstr(out, "no page") && atoi(out) >= 120, "%s", out);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "for f in %s/docs/man3/*.3; do LC_ALL=C.UTF-8 MANROFFSEQ= MANWIDTH=80 "
             "man --warnings -E UTF-8 -l -Tutf8 -Z $f 2>&1 >/dev/null | sed \"s|^|$f: |\"; done",
             source_dir());
    st = run(cmd, &out);
    CHECK_MSG(st == 0 && out[0] == '\0', "man warnings:\n%s", out);
    free(out);
    /* A page says what the header says: the units of psutil_virtual_memory_t's members. */
    snprintf(cmd, sizeof(cmd), "MANWIDTH=200 man -l %s/docs/man3/psutil_virtual_memory.3",
             source_dir());
    st = run(cmd, &out);
    CHECK_MSG(st == 0 && strstr(out, "typedef struct psutil_virtual_memory_t {") &&
                  strstr(out, "int psutil_virtual_memory(psutil_virtual_memory_t *out);") &&
                  strstr(out, "sizeof(psutil_virtual_memory_t)"),
              "%s", out);
    free(out);
    rm_rf(dir);
}

/* Debian packages: dpkg-buildpackage on a copy of the tree gives the library, its -dev
 * package, the tool and the exporter; lintian finds no error or warning; each package
 * holds what it should; the exporter's service is installed disabled with its own
 * system user; the examples build and run against the extracted packages, and under CI
 * (root, a throwaway machine) against the packages installed with dpkg -i. */
TEST(debian_packages_build_lintian_clean_and_serve_the_examples)
{
    if (HARNESS_ASAN)
        harness_skip("the package build is the same whatever build runs the suite; the plain "
                     "run covers it");
    NEED(run("command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null && "
             "command -v lintian >/dev/null && command -v cmake >/dev/null",
             NULL) == 0,
         "dpkg-dev, debhelper, lintian or cmake is missing (sh bootstrap.sh test installs them)");
    char dir[] = "/tmp/psutil-deb-XXXXXX", cmd[4096], *out;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd),
             "mkdir %s/src && cd %s && tar --exclude=./build --exclude=./.git -cf - . | "
             "tar -xf - -C %s/src && cd %s/src && dpkg-buildpackage -us -uc -b > %s/build.log 2>&1",
             dir, source_dir(), dir, dir, dir);
    int st = run(cmd, NULL);
    if (st != 0) {
        snprintf(cmd, sizeof(cmd), "tail -40 %s/build.log", dir);
        run(cmd, &out);
        CHECK_MSG(0, "dpkg-buildpackage failed:\n%s", out);
    }
    snprintf(cmd, sizeof(cmd),
             "cd %s && lintian --fail-on error,warning libpsutil_*.changes 2>&1 | "
             "grep -v 'running with root privileges'",
             dir);
    st = run(cmd, &out);
    CHECK_MSG(strstr(out, "E:") == NULL && strstr(out, "W:") == NULL, "lintian:\n%s", out);
    free(out);
    static const char *const pkgs[] = {"libpsutil0", "libpsutil-dev", "psutil", "psutil-exporter"};
    static const char *const holds[][4] = {
        {"./usr/lib/x86_64-linux-gnu/libpsutil.so.0.1.0",
         "./usr/lib/x86_64-linux-gnu/libpsutil.so.0", "./usr/share/doc/libpsutil0/copyright", NULL},
        {"./usr/include/psutil.h", "./usr/lib/x86_64-linux-gnu/libpsutil.a",
         "./usr/lib/x86_64-linux-gnu/cmake/psutil/psutilConfig.cmake",
         "./usr/share/man/man3/psutil_proc_open.3.gz"},
        {"./usr/bin/psutil", "./usr/share/man/man1/psutil.1.gz", NULL, NULL},
        {"./lib/systemd/system/psutil-exporter.service", "./etc/default/psutil-exporter", NULL,
         NULL}};
    for (int i = 0; i < 4; i++) {
        snprintf(cmd, sizeof(cmd), "cd %s && dpkg-deb -c %s_0.1.0_*.deb | awk '{print $6}'", dir,
                 pkgs[i]);
        CHECK_MSG(run(cmd, &out) == 0, "%s", cmd);
        for (int k = 0; k < 4 && holds[i][k]; k++)
            CHECK_MSG(strstr(out, holds[i][k]), "%s lacks %s:\n%s", pkgs[i], holds[i][k], out);
        free(out);
    }
    /* The library package declares its symbols; the exporter creates its user and is not
     * enabled or started by installing it. */
    snprintf(cmd, sizeof(cmd),
             "cd %s && dpkg-deb -I libpsutil0_0.1.0_*.deb symbols | grep -c '@PSUTIL_0.1 0.1.0' && "
             "dpkg-deb -I psutil-exporter_0.1.0_all.deb postinst",
             dir);
    CHECK(run(cmd, &out) == 0);
    /* dh_installsystemd --no-enable: enabled again only where the admin had enabled it
     * ("debian-installed"), never started; the default snippet enables new installs. */
    CHECK_MSG(atoi(out) >= 120 && strstr(out, "adduser --quiet --system") &&
                  strstr(out, "deb-systemd-helper debian-installed") &&
                  !strstr(out, "was-enabled defaults to true") &&
                  !strstr(out, "deb-systemd-invoke"),
              "%s", out);
    free(out);
    /* The examples against the extracted packages (any machine). */
    snprintf(cmd, sizeof(cmd),
             "cd %s && mkdir root && for d in libpsutil0_*.deb libpsutil-dev_*.deb; do "
             "dpkg-deb -x $d root; done",
             dir);
    CHECK_MSG(run(cmd, NULL) == 0, "%s", cmd);
    char ex[1200], pc[2600], prefix[1200], lib[1200], examples[1300];
    snprintf(ex, sizeof(ex), "%s/extracted", dir);
    snprintf(cmd, sizeof(cmd), "mkdir %s", ex);
    run(cmd, NULL);
    /* pkg-config leaves out /usr/include and /usr/lib as system paths unless told to keep
     * them, which under a sysroot they are not. */
    snprintf(pc, sizeof(pc),
             "PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 "
             "PKG_CONFIG_SYSROOT_DIR=%s/root "
             "PKG_CONFIG_LIBDIR=%s/root/usr/lib/x86_64-linux-gnu/pkgconfig",
             dir, dir);
    snprintf(prefix, sizeof(prefix), "%s/root/usr", dir);
    snprintf(lib, sizeof(lib), "%s/root/usr/lib/x86_64-linux-gnu", dir);
    snprintf(examples, sizeof(examples), "%s/root/usr/share/doc/libpsutil-dev/examples", dir);
    build_and_check_examples(examples, ex, pc, prefix, lib);
    /* Installed for real where the machine is the CI's own, then removed again. */
    if (getenv("CI") && strcmp(getenv("CI"), "true") == 0 && geteuid() == 0) {
        snprintf(cmd, sizeof(cmd),
                 "cd %s && dpkg -i libpsutil0_*.deb libpsutil-dev_*.deb psutil_0.1.0_*.deb "
                 "psutil-exporter_*.deb >/dev/null 2>&1 && getent passwd psutil-exporter && "
                 "psutil free -b | head -1 && mkdir installed && "
                 "! test -e /etc/systemd/system/multi-user.target.wants/psutil-exporter.service",
                 dir);
        st = run(cmd, &out);
        CHECK_MSG(st == 0 && strstr(out, "psutil-exporter:") && strstr(out, "total"), "%s\n%s", cmd,
                  out);
        free(out);
        snprintf(ex, sizeof(ex), "%s/installed", dir);
        build_and_check_examples("/usr/share/doc/libpsutil-dev/examples", ex, "", NULL,
                                 "/usr/lib/x86_64-linux-gnu");
        run("dpkg -P psutil-exporter psutil libpsutil-dev libpsutil0 >/dev/null 2>&1", NULL);
    }
    rm_rf(dir);
}
