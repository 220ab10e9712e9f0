/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cli.c - the psutil tool as a user runs it: the overview, `free` against procps
 * `free` at the same instant, --json validated by Python's json module, roots taken
 * from HOST_PROC, and the exit statuses (0 ok, 1 error, 2 usage) with one-line errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

#define MB (1024.0 * 1024.0)

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

TEST(overview_json_is_valid_and_true)
{
    int st;
    char *out = tool("--json", &st);
    CHECK(st == 0);
    char *mi = slurp("/proc/meminfo", NULL);
    unsigned long long total;
    CHECK(field_u64(mi, "MemTotal:", 1, &total) == 0);
    free(mi);
    CHECK(json_eval(out, "d['virtual_memory']['total']") == (double)total * 1024);
    CHECK(json_eval(out, "d['cpu_count']['logical']") == sysconf(_SC_NPROCESSORS_ONLN));
    CHECK(json_eval(out, "len(d['getloadavg'])") == 3);
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

/* free -b over one snapshot of /proc/meminfo: ours reads it through HOST_PROC, procps's
 * free through a private mount namespace with the snapshot bound over /proc/meminfo. 1 when
 * both ran (parsed into ours/theirs), 0 when no mount namespace can be had (not root). */
static int free_over_one_snapshot(unsigned long long ours[7], unsigned long long osw[3],
                                  unsigned long long theirs[7], unsigned long long tsw[3])
{
    char dir[] = "/tmp/psutil-free-XXXXXX", path[128], cmd[512], *mi, *a, *b;
    int st, rc = 0;
    if (geteuid() != 0 || !mkdtemp(dir))
        return 0;
    snprintf(path, sizeof(path), "%s/proc", dir);
    CHECK(mkdir(path, 0755) == 0);
    snprintf(path, sizeof(path), "%s/proc/meminfo", dir);
    size_t len;
    mi = slurp("/proc/meminfo", &len);
    CHECK(mi != NULL);
    FILE *f = fopen(path, "w");
    CHECK(f && fwrite(mi, 1, len, f) == len && fclose(f) == 0);
    free(mi);
    snprintf(cmd, sizeof(cmd),
             "unshare -m sh -c 'mount --bind %s /proc/meminfo && exec free -b' 2>/dev/null", path);
    if (run(cmd, &b) == 0) {
        snprintf(cmd, sizeof(cmd), "%s/proc", dir);
        setenv("HOST_PROC", cmd, 1);
        a = tool("free -b", &st);
        unsetenv("HOST_PROC");
        CHECK(st == 0);
        CHECK(strncmp(a, b, strcspn(b, "\n")) == 0); /* same header */
        parse_free(a, ours, 6, osw);
        parse_free(b, theirs, 6, tsw);
        free(a);
        rc = 1;
    }
    free(b);
    unlink(path);
    snprintf(path, sizeof(path), "%s/proc", dir);
    rmdir(path);
    rmdir(dir);
    return rc;
}

TEST(free_bytes_agrees_with_procps_free)
{
    int st;
    unsigned long long before[7], ours[7], after[7], bsw[3], osw[3], asw[3];
    char *b1, *a, *b2;
    /* Where a mount namespace can be had (root, as CI is), both read one snapshot and every
     * figure is equal. */
    if (free_over_one_snapshot(ours, osw, before, bsw)) {
        for (int i = 0; i < 6; i++)
            CHECK_MSG(ours[i] == before[i], "column %d: psutil %llu, free %llu", i, ours[i],
                      before[i]);
        for (int i = 0; i < 3; i++)
            CHECK_EQ_U64(osw[i], bsw[i]);
    }
    /* Live: free -b, ours, free -b again; ours lies within the two readings, widened by what
     * our own process holds while it reads (its peak RSS: several MiB under ASan) plus 2 MiB
     * for the processes that start around it. */
    CHECK(run("free -b", &b1) == 0);
    a = tool("free -b", &st);
    CHECK(st == 0);
    CHECK(run("free -b", &b2) == 0);
    struct rusage ru;
    CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
    double margin = 2 * MB + (double)ru.ru_maxrss * 1024;
    parse_free(b1, before, 6, bsw);
    parse_free(a, ours, 6, osw);
    parse_free(b2, after, 6, asw);
    CHECK(strncmp(a, b1, strcspn(b1, "\n")) == 0);
    CHECK(ours[0] == before[0]);
    for (int i = 1; i < 6; i++) {
        double lo = (double)(before[i] < after[i] ? before[i] : after[i]);
        double hi = (double)(before[i] > after[i] ? before[i] : after[i]);
        CHECK_MSG((double)ours[i] >= lo - margin && (double)ours[i] <= hi + margin,
                  "column %d: psutil %llu, free %llu then %llu (margin %.0f)", i, ours[i],
                  before[i], after[i], margin);
    }
    for (int i = 0; i < 3; i++)
        CHECK_BETWEEN(osw[i], bsw[i] < asw[i] ? bsw[i] : asw[i], bsw[i] > asw[i] ? bsw[i] : asw[i],
                      1 * MB);
    free(a);
    free(b1);
    free(b2);
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
    CHECK(json_eval(out, "d['virtual_memory']['total']") == (double)total * 1024);
    CHECK(json_eval(out, "d['virtual_memory']['used'] + d['virtual_memory']['available'] - "
                         "d['virtual_memory']['total']") == 0);
    CHECK(json_eval(
              out,
              "d['total']['total'] - d['virtual_memory']['total'] - d['swap_memory']['total']") ==
          0);
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

TEST(df_bytes_agree_with_df_and_json_with_the_library)
{
    int st;
    char *ours = tool("df -b", &st), *theirs;
    CHECK(st == 0);
    CHECK(run("df -B1 -P / | tail -n 1", &theirs) == 0);
    unsigned long long t_total, t_used, t_avail, o_total, o_used, o_avail;
    CHECK(sscanf(theirs, "%*s %llu %llu %llu", &t_total, &t_used, &t_avail) == 3);
    /* Our row for "/": the line ending in " /". */
    char *row = NULL;
    for (char *line = strtok(ours, "\n"); line; line = strtok(NULL, "\n"))
        if (strlen(line) > 2 && strcmp(line + strlen(line) - 2, " /") == 0)
            row = line;
    CHECK_MSG(row != NULL, "no row for /");
    CHECK(sscanf(row, "%*s %llu %llu %llu", &o_total, &o_used, &o_avail) == 3);
    CHECK_EQ_U64(o_total, t_total);
    CHECK_NEAR(o_used, t_used, 16.0 * MB); /* other writers between the two runs */
    CHECK_NEAR(o_avail, t_avail, 16.0 * MB);
    free(ours);
    free(theirs);
    /* -k: coreutils df's 1K-blocks; -h: its human sizes (the total holds still). */
    ours = tool("df -k /", &st);
    CHECK(st == 0 && strstr(ours, " 1K-blocks "));
    CHECK(run("df -k -P / | tail -n 1", &theirs) == 0);
    CHECK(sscanf(theirs, "%*s %llu %llu %llu", &t_total, &t_used, &t_avail) == 3);
    CHECK(sscanf(strchr(ours, '\n') + 1, "%*s %llu %llu %llu", &o_total, &o_used, &o_avail) == 3);
    CHECK_EQ_U64(o_total, t_total);
    CHECK_NEAR(o_used, t_used, 16.0 * 1024);
    CHECK_NEAR(o_avail, t_avail, 16.0 * 1024);
    free(ours);
    free(theirs);
    char o_size[32], t_size[32];
    ours = tool("df -b -h /", &st);
    CHECK(st == 0);
    CHECK(run("df -h -P / | tail -n 1", &theirs) == 0);
    CHECK(sscanf(theirs, "%*s %31s", t_size) == 1);
    CHECK(sscanf(strchr(ours, '\n') + 1, "%*s %31s", o_size) == 1);
    CHECK_MSG(strcmp(o_size, t_size) == 0, "df -h size %s, coreutils %s", o_size, t_size);
    free(ours);
    free(theirs);
    char *js = tool("df --json", &st);
    CHECK(st == 0);
    psutil_disk_usage_t u;
    CHECK_OK(psutil_disk_usage("/", &u));
    CHECK(json_eval(js, "[x for x in d if x['mountpoint'] == '/'][0]['total']") == (double)u.total);
    free(js);
}

TEST(iostat_batch_and_json_reports)
{
    int st;
    char *out = tool("iostat -b -a -n 2 -d 0.1", &st);
    CHECK(st == 0);
    int headers = 0;
    for (const char *p = out; (p = strstr(p, "Device")) != NULL; p++)
        headers++;
    CHECK(headers == 2);
    CHECK(strstr(out, "\033[") == NULL); /* batch mode never clears the screen */
    free(out);
    char *reports = tool("iostat --json -a -n 2 -d 0.1", &st);
    CHECK(st == 0 && lines_of(reports) == 2);
    const char *second = strchr(reports, '\n') + 1;
    psutil_disk_io_t *per;
    size_t n;
    CHECK_OK(psutil_disk_io_counters_perdisk(NULL, &per, &n));
    CHECK(json_eval(second, "len(d['devices'])") == (double)n);
    CHECK(json_eval(second, "1 if all(x['busy_percent'] >= 0 for x in d['devices']) else 0") == 1);
    psutil_free(per);
    free(reports);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "%s/psutil iostat -b -n 1 -d 0.1 nosuchdisk 2>&1", build_dir());
    CHECK(run(cmd, &out) == 1 && strstr(out, "nosuchdisk"));
    free(out);
}

TEST(sensors_on_a_fixture_tree)
{
    int st;
    setenv("HOST_SYS", fixture("sensors/laptop/sys"), 1);
    char *out = tool("sensors", &st), *js = tool("sensors --json", &st);
    unsetenv("HOST_SYS");
    CHECK(st == 0);
    CHECK(strstr(out, "coretemp") && strstr(out, "Package id 0") && strstr(out, "52.0"));
    CHECK(strstr(out, "2100 RPM") && strstr(out, "75.0%") && strstr(out, "3:00:00"));
    CHECK(json_eval(js, "len(d['temperatures'])") == 7);
    CHECK(json_eval(js, "1 if d['temperatures'][0]['high'] is None else 0") == 1);
    CHECK(json_eval(js, "d['battery']['percent']") == 75);
    CHECK(json_eval(js, "d['fans'][2]['current']") == 1500);
    free(out);
    free(js);
    /* -f: the fixture's 52.000 and 100.000 (millidegrees C) in Fahrenheit. */
    setenv("HOST_SYS", fixture("sensors/laptop/sys"), 1);
    out = tool("sensors -f", &st);
    js = tool("sensors -f --json", &st);
    unsetenv("HOST_SYS");
    CHECK(st == 0);
    CHECK_MSG(strstr(out, "Package id 0          125.6°F (high = 176.0°F, critical = 212.0°F)"),
              "%s", out);
    CHECK(!strstr(out, "°C"));
    CHECK(json_eval(js, "[x['current'] for x in d['temperatures'] if x['label'] == 'Package id "
                        "0'][0]") == 125.6);
    CHECK(json_eval(js, "[x['critical'] for x in d['temperatures'] if x['label'] == 'Package "
                        "id 0'][0]") == 212);
    free(out);
    free(js);
}

TEST(who_on_logind_fixtures)
{
    int st;
    char root[1024];
    snprintf(root, sizeof(root), "%s/run", fixture("logind"));
    setenv("HOST_RUN", root, 1);
    char *out = tool("who", &st), *js = tool("who --json", &st);
    unsetenv("HOST_RUN");
    CHECK(st == 0);
    CHECK(lines_of(out) == 2);
    CHECK(strncmp(out, "root     tty1", 13) == 0);
    CHECK(strstr(out, "alice    pts/1") && strstr(out, "(192.0.2.7)"));
    CHECK(json_eval(js, "d[1]['pid']") == 4242);
    free(out);
    free(js);
}

/* The offending option is named as typed, also inside a cluster ("-Zq" names "-Z"). */
TEST(usage_errors_name_the_offending_option)
{
    static const struct {
        const char *args, *want;
    } cases[] = {
        {"ps -Zq 2>&1", "psutil ps: unknown option '-Z'"},
        {"ps --bogus 2>&1", "psutil ps: unknown option '--bogus'"},
        {"ps --sort 2>&1", "psutil ps: option '--sort' needs an argument"},
        {"df -aZ 2>&1", "psutil df: unknown option '-Z'"},
        {"netstat -tQ 2>&1", "psutil netstat: unknown option '-Q'"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int st;
        char *out = tool(cases[i].args, &st);
        CHECK_MSG(st == 2 && out && strncmp(out, cases[i].want, strlen(cases[i].want)) == 0,
                  "%s: exit %d: %s", cases[i].args, st, out ? out : "");
        free(out);
    }
}

/* A /proc/stat that does not move between the overview's two samples (a fixture here; a
 * frozen VM in the wild): no time passed, so the CPU is 0 % busy, not 100 %. */
TEST(overview_cpu_is_idle_when_no_time_passed)
{
    char proc[1024], sys[1024];
    int st;
    snprintf(proc, sizeof(proc), "%s", fixture("desktop-8t/proc"));
    snprintf(sys, sizeof(sys), "%s", fixture("desktop-8t/sys"));
    setenv("HOST_PROC", proc, 1);
    setenv("HOST_SYS", sys, 1);
    char *out = tool("--json", &st);
    unsetenv("HOST_PROC");
    unsetenv("HOST_SYS");
    CHECK(st == 0 && out);
    CHECK(json_eval(out, "d['cpu_percent']") == 0.0);
    CHECK(json_eval(out, "max(x['percent'] for x in d['cpu_percent_percpu'])") == 0.0);
    free(out);
}

/* The man page documents every command `psutil --help` lists and every option each
 * command's --help shows, in that command's section (tests/man_check.py). */
TEST(man_page_documents_every_command_and_option)
{
    char cmd[1024], *out;
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/man_check.py %s/psutil %s/docs/psutil.1",
             source_dir(), build_dir(), source_dir());
    int st = run(cmd, &out);
    CHECK_MSG(st == 0 && out && strncmp(out, "ok", 2) == 0, "missing from docs/psutil.1:\n%s",
              out ? out : "");
    free(out);
}

/* sysstat's positional INTERVAL [COUNT]: after iostat's devices, and alone for nettop. */
TEST(iostat_and_nettop_take_interval_and_count_as_sysstat)
{
    int st;
    char *out = tool("iostat -b 0.1 3", &st);
    size_t reports = 0;
    for (char *p = out; (p = strstr(p, "Device ")) != NULL; p++)
        reports++;
    CHECK_MSG(st == 0 && reports == 3, "iostat -b 0.1 3: %zu reports", reports);
    free(out);
    out = tool("nettop -b 0.1 2 --json", &st);
    size_t lines = 0;
    for (char *p = out; *p; p++)
        lines += *p == '\n';
    CHECK(st == 0 && lines == 2);
    free(out);
    /* A device before the numbers restricts the report to it. */
    psutil_disk_io_t *d;
    size_t n;
    CHECK_OK(psutil_disk_io_counters_perdisk(NULL, &d, &n));
    CHECK(n > 0);
    char args[128];
    snprintf(args, sizeof(args), "iostat -b -a %s 0.1 1", d[0].name);
    out = tool(args, &st);
    CHECK_MSG(st == 0 && strstr(out, d[0].name) &&
                  (n < 2 || !strstr(out, d[n - 1].name) || strstr(d[0].name, d[n - 1].name)),
              "%s", out);
    psutil_free(d);
    free(out);
    out = tool("nettop 0.1 2 extra 2>/dev/null", &st);
    CHECK(st == 2);
    free(out);
}

/* A line of free's output ("Low:", "Comm:") as its numbers. */
static int free_line(const char *text, const char *label, unsigned long long v[3])
{
    const char *at = strstr(text, label);
    return at && sscanf(at + strlen(label), "%llu %llu %llu", &v[0], &v[1], &v[2]) == 3 ? 0 : -1;
}

/* free's -l, -v, -L and procps's unit options against procps free: what holds still is
 * equal, what moves (committed memory includes the running free itself) within a bracket. */
TEST(free_lohi_committed_line_and_units_match_procps)
{
    int st;
    char *ours = tool("free -l -v -t", &st), *theirs;
    CHECK(st == 0);
    CHECK(run("free -l -v -t", &theirs) == 0);
    unsigned long long a[3], b[3];
    CHECK(free_line(ours, "Low:", a) == 0 && free_line(theirs, "Low:", b) == 0);
    CHECK(a[0] == b[0]);
    CHECK(free_line(ours, "High:", a) == 0 && free_line(theirs, "High:", b) == 0);
    CHECK(a[0] == b[0] && a[1] == b[1] && a[2] == b[2]);
    CHECK(free_line(ours, "Comm:", a) == 0 && free_line(theirs, "Comm:", b) == 0);
    CHECK(a[0] == b[0]); /* CommitLimit; Committed_AS counts whichever free is running */
    CHECK(a[0] - a[1] == a[2]);
    free(ours);
    free(theirs);
    /* Exact figures from a captured meminfo (CommitLimit 12341808 kB, Committed_AS 47500). */
    char env[1200];
    snprintf(env, sizeof(env), "HOST_PROC=%s %s/psutil free -v", fixture("vm-6.18/proc"),
             build_dir());
    CHECK(run(env, &ours) == 0);
    CHECK(free_line(ours, "Comm:", a) == 0);
    CHECK(a[0] == 12341808 && a[1] == 47500 && a[2] == 12341808 - 47500);
    free(ours);
    ours = tool("free -L", &st);
    unsigned long long swap, cache, used, freev;
    CHECK(st == 0 && sscanf(ours, "SwapUse %llu CachUse %llu MemUse %llu MemFree %llu", &swap,
                            &cache, &used, &freev) == 4);
    CHECK(used > 0 && freev > 0);
    free(ours);
    static const char *const units[] = {"--kilo", "--mega", "--giga", "--pebi", "-b"};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        char args[64], cmd[64];
        snprintf(args, sizeof(args), "free %s", units[i]);
        snprintf(cmd, sizeof(cmd), "free %s", units[i]);
        ours = tool(args, &st);
        CHECK(run(cmd, &theirs) == 0);
        unsigned long long x, y;
        CHECK(sscanf(strstr(ours, "Mem:") + 4, "%llu", &x) == 1);
        CHECK(sscanf(strstr(theirs, "Mem:") + 4, "%llu", &y) == 1);
        CHECK_MSG(x == y, "free %s: total %llu, procps %llu", units[i], x, y);
        free(ours);
        free(theirs);
    }
}

/* df lists what coreutils df lists (no pseudo filesystem, none without blocks, a device
 * once), FILE arguments select the filesystem holding each, -i gives the inode counts. */
TEST(df_selects_and_counts_as_coreutils_df)
{
    int st;
    char *ours = tool("df -b", &st), *theirs;
    CHECK(st == 0);
    CHECK(run("df --output=target | tail -n +2", &theirs) == 0);
    /* Same mount points, in the same order. */
    size_t k = 0;
    for (char *line = strtok(theirs, "\n"); line; line = strtok(NULL, "\n"), k++) {
        char want[600];
        snprintf(want, sizeof(want), " %s\n", line);
        CHECK_MSG(strstr(ours, want), "coreutils df lists %s, psutil df does not", line);
    }
    size_t ours_rows = 0;
    for (char *p = ours; *p; p++)
        ours_rows += *p == '\n';
    CHECK_EQ_U64(ours_rows - 1, k);
    free(ours);
    free(theirs);
    ours = tool("df -b /proc /", &st);
    CHECK(st == 0 && strstr(ours, " /proc\n") && strstr(ours, " /\n"));
    free(ours);
    /* Inodes of / within the bracket of two coreutils readings (files come and go). */
    char *before, *after;
    CHECK(run("df --output=itotal,iused,iavail / | tail -1", &before) == 0);
    ours = tool("df -i /", &st);
    CHECK(run("df --output=itotal,iused,iavail / | tail -1", &after) == 0);
    unsigned long long b[3], a[3], o[3];
    CHECK(sscanf(before, "%llu %llu %llu", &b[0], &b[1], &b[2]) == 3);
    CHECK(sscanf(after, "%llu %llu %llu", &a[0], &a[1], &a[2]) == 3);
    const char *row = strchr(ours, '\n') + 1;
    CHECK(sscanf(row, "%*s %llu %llu %llu", &o[0], &o[1], &o[2]) == 3);
    CHECK(o[0] == b[0]);
    CHECK_BETWEEN(o[1], fmin(b[1], a[1]), fmax(b[1], a[1]), 0);
    CHECK_BETWEEN(o[2], fmin(b[2], a[2]), fmax(b[2], a[2]), 0);
    free(ours);
    free(before);
    free(after);
    ours = tool("df -T /", &st);
    char *type, want[64];
    CHECK(run("df --output=fstype / | tail -1 | tr -d ' \n'", &type) == 0);
    snprintf(want, sizeof(want), " %s ", type);
    CHECK_MSG(st == 0 && strstr(ours, "Type") && strstr(ours, want) != NULL, "%s", ours);
    free(type);
    free(ours);
    ours = tool("df /no/such/path 2>/dev/null", &st);
    CHECK(st == 1);
    free(ours);
}

/* ifconfig IFACE shows that interface alone, as net-tools' ifconfig: lo with the MTU
 * sysfs gives it; an interface that does not exist is an error naming it. */
TEST(ifconfig_shows_the_interface_it_is_given)
{
    int st;
    char *mtu = slurp("/sys/class/net/lo/mtu", NULL), want[96];
    CHECK(mtu != NULL);
    snprintf(want, sizeof(want), "mtu=%ld,", atol(mtu));
    free(mtu);
    char *out = tool("ifconfig lo", &st);
    CHECK(st == 0 && strncmp(out, "lo:\n", 4) == 0 && strstr(out, want));
    int headers = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        headers += line[0] != ' ';
    CHECK_MSG(headers == 1, "%d interfaces shown", headers);
    free(out);
    out = tool("ifconfig --json lo", &st);
    CHECK(st == 0 && json_eval(out, "len(d)") == 1);
    CHECK(json_eval(out, "1 if d[0]['name'] == 'lo' else 0") == 1);
    free(out);
    out = tool("ifconfig psutil-no-nic 2>&1", &st);
    CHECK(st == 1 && strstr(out, "psutil ifconfig: psutil-no-nic: no such interface"));
    free(out);
    out = tool("ifconfig lo lo 2>&1", &st);
    CHECK(st == 2 && strstr(out, "unexpected argument 'lo'"));
    free(out);
}

/* netstat -i is net-tools' kernel interface table byte for byte (up interfaces, by
 * name; -a adds the down ones): taken again until no packet moved between the two runs. */
TEST(netstat_i_is_net_tools_interface_table)
{
    static const char *const opts[] = {"-i", "-ia"};
    for (size_t i = 0; i < 2; i++) {
        int same = 0;
        char *ours = NULL, *theirs = NULL, cmd[256];
        for (int attempt = 0; attempt < 10 && !same; attempt++) {
            free(ours);
            free(theirs);
            int st;
            snprintf(cmd, sizeof(cmd), "netstat %s", opts[i]);
            ours = tool(cmd, &st);
            CHECK(st == 0);
            CHECK(run(cmd, &theirs) == 0 && theirs);
            same = strcmp(ours, theirs) == 0;
        }
        CHECK_MSG(same, "netstat %s\nours:\n%snet-tools:\n%s", opts[i], ours, theirs);
        CHECK(strstr(ours, "\nlo ") != NULL);
        free(ours);
        free(theirs);
    }
}
