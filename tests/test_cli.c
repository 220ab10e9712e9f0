/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cli.c - the psutil tool as a user runs it: the overview, `free` against procps
 * `free` at the same instant, --json validated by Python's json module, roots taken
 * from HOST_PROC, and the exit statuses (0 ok, 1 error, 2 usage) with one-line errors.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

#define MB (1024.0 * 1024.0)

static char *tool(const char *args, int *status)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof(cmd), "%s/psutil %s", build_dir(), args);
    *status = run(cmd, &out);
    return out;
}

static int lines_of(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

TEST(overview_shows_every_section)
{
    int st;
    char *out = tool("", &st), host[256];
    CHECK(st == 0);
    static const char *const sections[] = {"host ", "uptime ", "load ", "cpus ",
                                           "cpu ",  "memory ", "swap "};
    for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
        CHECK_MSG(strstr(out, sections[i]) != NULL, "no '%s' line in:\n%s", sections[i], out);
    CHECK(gethostname(host, sizeof(host)) == 0);
    CHECK(strstr(out, host) != NULL);
    CHECK(lines_of(out) <= 24); /* one screen */
    free(out);
}

/* Validates JSON with Python's parser and evaluates a Python expression on it (as `d`),
 * returning the printed number. */
static double json_eval(const char *json, const char *expr)
{
    char path[] = "/tmp/psutil-json-XXXXXX", cmd[1024], *out;
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    CHECK(write(fd, json, strlen(json)) == (ssize_t)strlen(json));
    close(fd);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 - <<'EOF'\nimport json\nd = json.load(open('%s'))\nprint(%s)\nEOF\n",
             path, expr);
    int st = run(cmd, &out);
    unlink(path);
    CHECK_MSG(st == 0, "JSON rejected or expression failed: %s", expr);
    double v = atof(out);
    free(out);
    return v;
}

TEST(overview_json_is_valid_and_true)
{
    int st;
    char *out = tool("--json", &st);
    CHECK(st == 0);
    char *mi = slurp("/proc/meminfo", NULL);
    unsigned long long total;
    CHECK(field_u64(mi, "MemTotal:", 1, &total) == 0);
    free(mi);
    CHECK(json_eval(out, "d['memory']['total']") == (double)total * 1024);
    CHECK(json_eval(out, "d['cpu']['logical']") == sysconf(_SC_NPROCESSORS_ONLN));
    CHECK(json_eval(out, "len(d['load'])") == 3);
    CHECK(json_eval(out, "1 if d['uptime'] > 0 else 0") == 1);
    free(out);
}

static void parse_free(const char *out, unsigned long long mem[7], int ncols,
                       unsigned long long swap[3])
{
    const char *m = strstr(out, "Mem:"), *s = strstr(out, "Swap:");
    CHECK(m && s);
    int got = sscanf(m, "Mem: %llu %llu %llu %llu %llu %llu %llu", &mem[0], &mem[1], &mem[2],
                     &mem[3], &mem[4], &mem[5], &mem[6]);
    CHECK(got == ncols);
    CHECK(sscanf(s, "Swap: %llu %llu %llu", &swap[0], &swap[1], &swap[2]) == 3);
}

TEST(free_bytes_agrees_with_procps_free)
{
    int st;
    unsigned long long ours[7], theirs[7], osw[3], tsw[3];
    char *a = tool("free -b", &st), *b;
    CHECK(st == 0);
    CHECK(run("free -b", &b) == 0);
    parse_free(a, ours, 6, osw);
    parse_free(b, theirs, 6, tsw);
    /* Same header, same column layout. */
    CHECK(strncmp(a, b, strcspn(b, "\n")) == 0);
    CHECK(ours[0] == theirs[0]);
    /* total used free shared buff/cache available: 8 MiB for what the two process
     * start-ups and the page cache move between the readings. */
    for (int i = 1; i < 6; i++)
        CHECK_MSG(fabs((double)ours[i] - (double)theirs[i]) <= 8 * MB,
                  "column %d: psutil %llu, free %llu", i, ours[i], theirs[i]);
    for (int i = 0; i < 3; i++)
        CHECK_NEAR(osw[i], tsw[i], 1 * MB);
    free(a);
    free(b);
}

TEST(free_units_and_layout_match_procps)
{
    /* Totals do not move, so every unit's total column and the header must be equal;
     * -w and --total change the layout the same way. */
    static const char *const flags[] = {"-k",      "-m",      "-g",    "-h",
                                        "--si -h", "--si -m", "-w -h", "-t -h"};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        char cmd[128], *a, *b;
        int st;
        snprintf(cmd, sizeof(cmd), "free %s", flags[i]);
        a = tool(cmd, &st);
        CHECK(st == 0);
        CHECK(run(cmd, &b) == 0);
        CHECK_MSG(lines_of(a) == lines_of(b), "%s: %d vs %d lines", cmd, lines_of(a), lines_of(b));
        size_t hdr = strcspn(b, "\n");
        CHECK_MSG(strncmp(a, b, hdr) == 0, "%s: header differs", cmd);
        /* "Mem:" label and total column: the first 20 characters of the row. */
        const char *ma = strstr(a, "Mem:"), *mb = strstr(b, "Mem:");
        CHECK_MSG(ma && mb && strncmp(ma, mb, 20) == 0, "%s: total differs:\n%s\n%s", cmd, a, b);
        const char *sa = strstr(a, "Swap:"), *sb = strstr(b, "Swap:");
        CHECK_MSG(sa && sb && strncmp(sa, sb, 20) == 0, "%s: swap total differs", cmd);
        free(a);
        free(b);
    }
}

TEST(free_json_and_repetition)
{
    int st;
    char *out = tool("free --json --total", &st);
    CHECK(st == 0);
    char *mi = slurp("/proc/meminfo", NULL);
    unsigned long long total;
    CHECK(field_u64(mi, "MemTotal:", 1, &total) == 0);
    free(mi);
    CHECK(json_eval(out, "d['mem']['total']") == (double)total * 1024);
    CHECK(json_eval(out, "d['mem']['used'] + d['mem']['available'] - d['mem']['total']") == 0);
    CHECK(json_eval(out, "d['total']['total'] - d['mem']['total'] - d['swap']['total']") == 0);
    free(out);
    out = tool("free -b -c 3 -s 0.05", &st);
    CHECK(st == 0);
    int reports = 0;
    for (const char *p = out; (p = strstr(p, "Mem:")) != NULL; p++)
        reports++;
    CHECK(reports == 3);
    free(out);
}

TEST(free_reads_the_host_proc_root_from_the_environment)
{
    int st;
    char args[1200];
    unsigned long long mem[7], swap[3];
    snprintf(args, sizeof(args), "free -b");
    setenv("HOST_PROC", fixture("desktop-8t/proc"), 1);
    char *out = tool(args, &st);
    unsetenv("HOST_PROC");
    CHECK(st == 0);
    parse_free(out, mem, 6, swap);
    CHECK_EQ_U64(mem[0], 16303428ull * 1024);
    CHECK_EQ_U64(mem[5], 12075912ull * 1024);
    CHECK_EQ_U64(swap[1], (2097148ull - 1572860ull) * 1024);
    free(out);
}

TEST(errors_are_one_line_with_the_cause_and_exit_1)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof(cmd), "HOST_PROC=/nonexistent/root %s/psutil free 2>&1 >/dev/null",
             build_dir());
    int st = run(cmd, &out);
    CHECK(st == 1);
    CHECK(lines_of(out) == 1);
    CHECK_MSG(strstr(out, "/nonexistent/root") && strstr(out, "No such file"), "%s", out);
    free(out);
}

TEST(usage_errors_exit_2_on_stderr)
{
    static const char *const bad[] = {"nosuchcommand", "--bogus",   "free -x",    "free -s",
                                      "free -s abc",   "free -c 0", "free -c -3", "free extra"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char cmd[1024], *out, *err;
        snprintf(cmd, sizeof(cmd), "%s/psutil %s 2>/dev/null", build_dir(), bad[i]);
        CHECK_MSG(run(cmd, &out) == 2, "'%s' did not exit 2", bad[i]);
        CHECK_MSG(out[0] == '\0', "'%s' wrote to stdout", bad[i]);
        snprintf(cmd, sizeof(cmd), "%s/psutil %s 2>&1 >/dev/null", build_dir(), bad[i]);
        run(cmd, &err);
        CHECK_MSG(strstr(err, "Usage: psutil"), "'%s': no usage on stderr", bad[i]);
        free(out);
        free(err);
    }
}

TEST(help_and_version)
{
    int st;
    char *out = tool("--version", &st);
    CHECK(st == 0 && strstr(out, PSUTIL_VERSION_STRING));
    free(out);
    out = tool("--help", &st);
    CHECK(st == 0 && strstr(out, "Usage: psutil") && strstr(out, "free"));
    free(out);
    out = tool("free --help", &st);
    CHECK(st == 0 && strstr(out, "--json"));
    free(out);
}
