/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_cli_serve.c - `psutil serve`: the exposition parses with Debian's
 * python3-prometheus-client and has no duplicate series; node_* values agree with
 * Debian's prometheus-node-exporter scraped between two of our readings (same series,
 * bracketed values; tests/serve_check.py); per-process metrics equal what a handle
 * reports and odd process names are escaped; device and mount selection follows
 * node_exporter's defaults on a fixture tree, where failing collectors are reported
 * and the rest still answer; the HTTP server answers, rejects bad requests, serves
 * while idle clients hang, survives clients that vanish and stops on SIGTERM; bad
 * options exit 2. Process groups from process-exporter's YAML: the figures of Debian's
 * prometheus-process-exporter on the same file, templates, RE2 constructs, children
 * joining their parent's group, and a clear error for every kind of bad file.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"
#include "soak.h"

/* Fetched by sh bootstrap.sh test; shared by the plain and sanitizer builds. */
#define NODE_EXPORTER "build/oracle/prometheus-node-exporter"
#define PROCESS_EXPORTER "build/oracle/prometheus-process-exporter"

/* Writes text to a fresh temporary file; returns its path (static buffer per slot). */
static const char *save(const char *text)
{
    static char paths[4][64];
    static int slot;
    char *path = paths[slot++ % 4];
    snprintf(path, 64, "/tmp/psutil-serve-XXXXXX");
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    size_t len = strlen(text);
    CHECK(write(fd, text, len) == (ssize_t)len);
    close(fd);
    return path;
}

/* Runs tests/serve_check.py with args; fails the test with its output unless it says ok. */
static void check_py(const char *args)
{
    char cmd[2048], *out;
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/serve_check.py %s 2>&1", source_dir(),
             args);
    int st = run(cmd, &out);
    CHECK_MSG(st == 0 && out && strncmp(out, "ok", 2) == 0, "serve_check.py %s:\n%s", args,
              out ? out : "");
    free(out);
}

/* How many times needle occurs in text. */
static size_t count_of(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void need_prometheus_client(void)
{
    char *out;
    int st = run("/usr/bin/python3 -c 'import prometheus_client' 2>/dev/null", &out);
    free(out);
    NEED(st == 0, "python3-prometheus-client is not installed (sh bootstrap.sh test installs it)");
}

TEST(once_output_parses_and_has_no_duplicate_series)
{
    need_prometheus_client();
    int st;
    char *out = tool("serve --once", &st), args[256];
    CHECK(st == 0 && out);
    snprintf(args, sizeof(args), "validate %s", save(out));
    check_py(args);
    /* Every collector ran, and the families a node_exporter user looks for are there. */
    static const char *const want[] = {
        "node_scrape_collector_success{collector=\"cpu\"} 1\n",
        "node_scrape_collector_success{collector=\"processes\"} 1\n",
        "node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"} ",
        "node_memory_MemTotal_bytes ",
        "node_load1 ",
        "node_filesystem_avail_bytes{",
        "psutil_process_resident_memory_bytes{pid=\"1\",",
        "psutil_processes{status=\"sleeping\"} ",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        CHECK_MSG(strstr(out, want[i]) != NULL, "missing %s", want[i]);
    static const char *const collectors[] = {
        "time",      "uname",  "loadavg",  "cpu",     "meminfo", "vmstat",   "filesystem",
        "diskstats", "netdev", "netclass", "sensors", "users",   "processes"};
    for (size_t i = 0; i < sizeof(collectors) / sizeof(collectors[0]); i++) {
        char line[128];
        snprintf(line, sizeof(line), "node_scrape_collector_success{collector=\"%s\"} 1\n",
                 collectors[i]);
        CHECK_MSG(strstr(out, line), "missing %s", line);
    }
    free(out);
    out = tool("serve --once --no-procs", &st);
    CHECK(st == 0 && out && !strstr(out, "psutil_process_") && !strstr(out, "psutil_processes{"));
    CHECK(strstr(out, "\nnode_procs_running ") && strstr(out, "\nnode_forks_total "));
    free(out);
    /* Host collectors read no /proc/PID but the exporter's own (its self metrics): every
     * open of a numeric name below /proc, traced. LeakSanitizer cannot run under ptrace
     * (it stops the world with ptrace itself), so a sanitizer build traces without it. */
    NEED(run("command -v strace >/dev/null", NULL) == 0, "strace traces the opens");
    char trace[] = "/tmp/psutil-strace-XXXXXX", cmd[1024];
    int fd = mkstemp(trace);
    CHECK(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof(cmd),
             "ASAN_OPTIONS=\"${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0\" strace -f -qq"
             " -e trace=openat -o %s %s/psutil serve --once --no-procs >/dev/null 2>&1",
             trace, build_dir());
    CHECK(run(cmd, NULL) == 0);
    char *text = slurp(trace, NULL);
    CHECK(text != NULL);
    size_t opens = 0, others = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        long pid = strtol(line, NULL, 10), n;
        char *q = strstr(line, "openat(");
        if (!q)
            continue;
        opens++;
        char *name = strchr(q, '"');
        if (!name)
            continue;
        name++;
        if (strncmp(name, "/proc/", 6) == 0)
            name += 6;
        char *end;
        n = strtol(name, &end, 10);
        others += end != name && (*end == '"' || *end == '/') && n != pid;
    }
    free(text);
    unlink(trace);
    CHECK(opens > 20);
    CHECK_MSG(others == 0, "serve --no-procs opened %zu /proc/PID entries of other processes",
              others);
}

TEST(values_agree_with_node_exporter)
{
    need_prometheus_client();
    char node[1024], args[2200];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    snprintf(args, sizeof(args), "compare %s/psutil %s", build_dir(), node);
    check_py(args);
}

static double series_value(const char *text, const char *key);

/* A node_exporter command line starts: flags of its collectors and options that psutil
 * serve does not have are taken with one warning each (a value given apart with them),
 * and the collectors named run; a name node_exporter does not know either is a usage
 * error. */
TEST(node_exporters_other_flags_are_ignored_with_a_warning)
{
    int st;
    char *out = tool("serve --once --no-procs --collector.disable-defaults --collector.loadavg "
                     "--no-collector.zfs --collector.systemd --collector.systemd.unit-include "
                     "'.+\\.service' --collector.cpu.info --no-collector.cpu.guest "
                     "--collector.ntp.server=127.0.0.1 2>&1",
                     &st);
    CHECK_MSG(st == 0 && out, "status %d", st);
    CHECK_EQ_U64(count_of(out, "is node_exporter's, which psutil serve does not have: ignored"), 6);
    CHECK(strstr(out, "'systemd.unit-include' is node_exporter's"));
    CHECK(strstr(out, "\nnode_load1 "));
    CHECK_EQ_U64(count_of(out, "node_scrape_collector_success{"), 1);
    free(out);
    out = tool("serve --once --collector.frobnicate 2>&1", &st);
    CHECK(st == 2 && out && strstr(out, "unknown collector in '--collector.frobnicate'"));
    free(out);
}

/* SELinux on (a fixture sysfs with selinuxfs's enforce file, 0: permissive) and off (no
 * such file): enabled, the current mode, and the configured one /etc/selinux/config gives
 * (-1 without it). */
TEST(selinux_modes_from_selinuxfs)
{
    int st;
    setenv("HOST_SYS", fixture("serve/sysfs"), 1);
    char *out =
        tool("serve --once --no-procs --collector.disable-defaults --collector.selinux", &st);
    unsetenv("HOST_SYS");
    CHECK(st == 0 && out);
    CHECK(series_value(out, "node_selinux_enabled") == 1);
    CHECK(series_value(out, "node_selinux_current_mode") == 0);
    char *cfg = NULL;
    int want = -1;
    if (run("sed -n 's/^SELINUX=//p' /etc/selinux/config 2>/dev/null", &cfg) == 0 && cfg && cfg[0])
        want = strncmp(cfg, "enforcing", 9) == 0 ? 1 : strncmp(cfg, "permissive", 10) == 0 ? 0 : -1;
    free(cfg);
    CHECK(series_value(out, "node_selinux_config_mode") == want);
    free(out);
    setenv("HOST_SYS", fixture("serve/kernel-net"), 1); /* no fs/selinux there */
    out = tool("serve --once --no-procs --collector.disable-defaults --collector.selinux", &st);
    unsetenv("HOST_SYS");
    CHECK(st == 0 && out);
    CHECK(series_value(out, "node_selinux_enabled") == 0);
    CHECK(!strstr(out, "node_selinux_current_mode"));
    free(out);
}

/* The time collector's zone: TZ's offset and abbreviation (a POSIX rule: no tzdata
 * needed), and a clock source per clocksourceN of a fixture sysfs. */
TEST(time_zone_and_clock_sources)
{
    int st;
    char *out = tool("serve --once --no-procs --collector.disable-defaults --collector.time", &st);
    CHECK(st == 0 && out);
    free(out);
    setenv("TZ", "IST-5:30", 1);
    out = tool("serve --once --no-procs --collector.disable-defaults --collector.time", &st);
    unsetenv("TZ");
    CHECK(st == 0 && out);
    CHECK_MSG(series_value(out, "node_time_zone_offset_seconds{time_zone=\"IST\"}") == 19800, "%s",
              out);
    free(out);
    setenv("HOST_SYS", fixture("serve/sysfs"), 1);
    out = tool("serve --once --no-procs --collector.disable-defaults --collector.time", &st);
    unsetenv("HOST_SYS");
    CHECK(st == 0 && out);
    CHECK(series_value(out, "node_time_clocksource_available_info{clocksource=\"hpet\","
                            "device=\"0\"}") == 1);
    CHECK(series_value(out, "node_time_clocksource_available_info{clocksource=\"acpi_pm\","
                            "device=\"0\"}") == 1);
    CHECK(series_value(out, "node_time_clocksource_current_info{clocksource=\"hpet\","
                            "device=\"0\"}") == 1);
    CHECK(series_value(out, "node_time_clocksource_current_info{clocksource=\"jiffies\","
                            "device=\"1\"}") == 1);
    CHECK_EQ_U64(count_of(out, "node_time_clocksource_available_info{"), 4);
    CHECK_EQ_U64(count_of(out, "node_time_clocksource_current_info{"), 2);
    free(out);
}

/* node_exporter and ours on the same fixture procfs (distinct figures in every file the
 * netstat, sockstat, filefd, entropy, conntrack, softnet and arp collectors read:
 * /proc/net/snmp, netstat, snmp6, sockstat{,6}, stat/nf_conntrack over three CPUs,
 * softnet_stat, arp over two devices, /proc/sys, /proc/schedstat, /proc/mdstat with
 * six arrays: recovering, resyncing, checking, raid0, inactive, udp and udp6 with queued
 * bytes on both sides): the same
 * families, HELP, series and values, exactly. */
TEST(kernel_collectors_equal_node_exporters_on_a_fixture_procfs)
{
    need_prometheus_client();
    char node[1024], args[4400];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s netstat sockstat filefd entropy conntrack softnet arp "
             "schedstat mdadm udp_queues",
             fixture("serve/kernel-net"), build_dir(), node);
    check_py(args);
    /* A kernel without the files (no nf_conntrack, no CONFIG_SCHEDSTATS): no series, and
     * the collectors succeed, as pressure does without PSI. */
    setenv("HOST_PROC", fixture("wild/vmstat-odd"), 1);
    int st;
    char *out = tool("serve --once --no-procs --collector.disable-defaults --collector.conntrack "
                     "--collector.schedstat",
                     &st);
    unsetenv("HOST_PROC");
    CHECK_MSG(st == 0 && out && strstr(out, "collector_success{collector=\"schedstat\"} 1\n") &&
                  strstr(out, "collector_success{collector=\"conntrack\"} 1\n") &&
                  !strstr(out, "\nnode_schedstat_") && !strstr(out, "\nnode_nf_conntrack"),
              "%d: %s", st, out ? out : "");
    free(out);
}

/* The textfile collector beside node_exporter's on the same directory: two good files
 * (a counter over both, a histogram, a summary, escapes in HELP and labels, NaN), one
 * with a timestamp and one that does not parse (both left out: scrape_error 1), a file
 * not named *.prom: the same families, series and values, mtimes included. */
TEST(textfile_collector_equals_node_exporters)
{
    need_prometheus_client();
    char node[1024], args[4400];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s textfile --collector.textfile.directory=%s",
             fixture("serve/kernel-net"), build_dir(), node, fixture("serve/textfile"));
    check_py(args);
}

/* node_exporter's regex options, given to both with the same pattern (RE2's \d
 * included): netstat.fields on the fixture procfs, diskstats.device-exclude and
 * -include on a diskstats of every kernel age, arp.device-include and -exclude,
 * netclass.ignored-devices; and the options' own errors. */
TEST(collector_regex_options_equal_node_exporters)
{
    need_prometheus_client();
    char node[1024], args[4400];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s netstat '--collector.netstat.fields=^(Tcp|Udp6?)_(In|Out).*'",
             fixture("serve/kernel-net"), build_dir(), node);
    check_py(args);
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s diskstats "
             "'--collector.diskstats.device-exclude=^(sd[a-z]\\d+|loop\\d+|cciss.*)$'",
             fixture("disks/proc"), build_dir(), node);
    check_py(args);
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s diskstats --collector.diskstats.device-exclude= "
             "'--collector.diskstats.device-include=^(sda|nvme)'",
             fixture("disks/proc"), build_dir(), node);
    check_py(args);
    /* arp's include and exclude, netclass's ignored devices (the fixture: eth0 twice and
     * eth1 in the table; eth0, lo, wlan0 in sysfs). */
    static const char *const flags[] = {
        "arp --collector.arp.device-include=^eth1$", "arp --collector.arp.device-exclude=^eth1$",
        "netclass '--collector.netclass.ignored-devices=^(lo|wl.*)$'"};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        snprintf(args, sizeof(args), "procfs %s %s/psutil %s %s --path.sysfs=%s",
                 fixture("serve/kernel-net"), build_dir(), node, flags[i], fixture("serve/sysfs"));
        check_py(args);
    }
    /* The filesystem's and netdev's, against what they select here. */
    int st;
    char *out = tool("serve --once --no-procs --collector.disable-defaults --collector.filesystem "
                     "--collector.netdev '--collector.filesystem.mount-points-exclude=^/$' "
                     "--collector.netdev.device-include=^lo$",
                     &st);
    CHECK(st == 0 && out);
    CHECK(!strstr(out, "mountpoint=\"/\"}"));
    CHECK(strstr(out, "node_network_receive_bytes_total{device=\"lo\"}") &&
          count_of(out, "node_network_receive_bytes_total{") == 1);
    free(out);
    out = tool("serve --once --no-procs --collector.disable-defaults --collector.filesystem "
               "'--collector.filesystem.fs-types-exclude=.*'",
               &st);
    CHECK(st == 0 && out && count_of(out, "node_filesystem_size_bytes{") == 0);
    free(out);
    out = tool("serve --once '--collector.vmstat.fields=(?i)pg' 2>&1", &st);
    CHECK(st == 2 && out && strstr(out, "'--collector.vmstat.fields': '(?i)pg' uses an RE2 flag"));
    free(out);
    out = tool("serve --once --collector.diskstats.nope=x 2>&1", &st);
    CHECK(st == 2 && out && strstr(out, "unknown collector option") &&
          strstr(out, "diskstats.device-exclude"));
    free(out);
}

/* thermal_zone, edac, nvme, netclass and powersupplyclass on a fixture sysfs (two zones,
 * numbered 0 and 2, two cooling devices, 0 and 3; two memory controllers, one with two
 * csrows; two NVMe controllers, one with blanks around its model and serial; three network
 * devices, one down without carrier or speed, hex flags and dev_id; four power supplies:
 * a laptop battery with 38 attributes, a mains adapter, a mouse's battery, a USB-C port;
 * every figure distinct): node_exporter's families and values exactly, and with
 * supplies ignored by node_exporter's regex. */
TEST(sysfs_collectors_equal_node_exporters)
{
    need_prometheus_client();
    char node[1024], args[4400];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s thermal_zone edac nvme netclass powersupplyclass cpufreq "
             "--path.sysfs=%s",
             fixture("serve/kernel-net"), build_dir(), node, fixture("serve/sysfs"));
    check_py(args);
    /* node_exporter's --collector.powersupply.ignored-supplies, given to both. */
    snprintf(args, sizeof(args),
             "procfs %s %s/psutil %s powersupplyclass --path.sysfs=%s "
             "--collector.powersupply.ignored-supplies=^hidpp_",
             fixture("serve/kernel-net"), build_dir(), node, fixture("serve/sysfs"));
    check_py(args);
}

/* node_exporter's hwmon collector on three sysfs trees: a desktop chip with every kind of
 * sensor file (voltages, a CPU VID, fans with min/max/target/alarm/fault, PWM, temperatures
 * with type/alarm/fault/beep/offset, current, power with accuracy and averaging intervals,
 * energy, humidity, intrusion, beep_enable, vrm, update_interval, a value that is not a
 * number), a chip whose sensors sit in device/ (named by its PCI parent and device), a
 * chip named by its entry whose plain in0 clashes with another chip's HELP; a laptop; a
 * thermal-only machine: the same families, HELP, label sets and values. */
TEST(hwmon_equals_node_exporters_on_fixtures)
{
    need_prometheus_client();
    char node[1024], args[4400];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    static const char *const trees[] = {"serve/hwmon/sys", "sensors/laptop/sys",
                                        "sensors/thermal-only/sys"};
    for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
        snprintf(args, sizeof(args), "procfs %s %s/psutil %s hwmon --path.sysfs=%s",
                 fixture("serve/kernel-net"), build_dir(), node, fixture(trees[i]));
        check_py(args);
    }
}

/* Files node_exporter's fixture cannot hold: each bad one is left out whole with one
 * line on stderr and scrape_error 1, the good ones still exported; no directory: only
 * scrape_error 0; a missing directory: 1; the option's own errors: usage, exit 2. */
TEST(textfile_collector_leaves_out_bad_files_and_keeps_the_rest)
{
    char dir[] = "/tmp/psutil-textfile-XXXXXX", path[256], cmd[512];
    CHECK(mkdtemp(dir) != NULL);
    static const struct {
        const char *name, *text;
    } files[] = {
        {"a-good.prom", "# TYPE jobs counter\njobs{q=\"x\"} 5\nlone 7\n"},
        {"b-type-clash.prom", "# TYPE jobs gauge\njobs{q=\"y\"} 1\n"},
        {"c-twice.prom", "lone 8\n"},
        {"d-escape.prom", "esc{a=\"\\t\"} 1\n"},
        {"e-utf8.prom", "bad{a=\"\xff\"} 1\n"},
        {"f-label-twice.prom", "dup{a=\"1\",a=\"2\"} 1\n"},
        {"g-type-late.prom", "late 1\n# TYPE late gauge\n"},
        {"h-value.prom", "word 12abc\n"},
        {"i-good.prom", "# HELP more Another.\nmore{z=\"1\"} 2.5\n"},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[i].name);
        FILE *f = fopen(path, "w");
        CHECK(f != NULL);
        fputs(files[i].text, f);
        fclose(f);
    }
    int st;
    snprintf(cmd, sizeof(cmd),
             "serve --once --no-procs --collector.disable-defaults --collector.textfile "
             "--collector.textfile.directory %s 2>%s/err",
             dir, dir);
    char *out = tool(cmd, &st);
    CHECK(st == 0 && out);
    CHECK(strstr(out, "\njobs{q=\"x\"} 5\n") && strstr(out, "\nlone 7\n") &&
          strstr(out, "\nmore{z=\"1\"} 2.5\n") && strstr(out, "# HELP more Another.\n"));
    CHECK(!strstr(out, "q=\"y\"") && !strstr(out, "lone 8") && !strstr(out, "\nesc") &&
          !strstr(out, "\nbad") && !strstr(out, "\ndup") && !strstr(out, "\nlate") &&
          !strstr(out, "\nword"));
    CHECK(strstr(out, "\nnode_textfile_scrape_error 1\n"));
    CHECK_EQ_U64(count_of(out, "node_textfile_mtime_seconds{"), 2);
    snprintf(path, sizeof(path), "%s/err", dir);
    char *err = slurp(path, NULL);
    CHECK(err && count_of(err, "the file is left out") == 7);
    free(err);
    free(out);
    out = tool("serve --once --no-procs --collector.disable-defaults --collector.textfile", &st);
    CHECK(st == 0 && out && strstr(out, "\nnode_textfile_scrape_error 0\n") &&
          !strstr(out, "node_textfile_mtime_seconds"));
    free(out);
    out = tool("serve --once --no-procs --collector.disable-defaults --collector.textfile "
               "--collector.textfile.directory=/nonexistent/psutil 2>/dev/null",
               &st);
    CHECK(st == 0 && out && strstr(out, "\nnode_textfile_scrape_error 1\n"));
    free(out);
    out = tool("serve --once --collector.textfile.directory 2>&1", &st);
    CHECK(st == 2 && out && strstr(out, "needs a value"));
    free(out);
    out = tool("serve --once --collector.textfile.nope=1 2>&1", &st);
    CHECK(st == 2 && out && strstr(out, "unknown collector option"));
    free(out);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(system(cmd) == 0);
}

/* docs/exporter.md's Metrics table against a scrape with every collector on: each
 * family the scrape declares is listed, each name listed is one the exporter writes. */
TEST(the_documented_metric_list_matches_a_scrape)
{
    need_prometheus_client();
    int st;
    char *out = tool("serve --once 2>/dev/null", &st), args[2400];
    CHECK(st == 0 && out);
    snprintf(args, sizeof(args), "doclist %s/docs/exporter.md %s %s/src/serve", source_dir(),
             save(out), source_dir());
    check_py(args);
    free(out);
}

/* A real Prometheus (Debian's 2.42, fetched by sh bootstrap.sh test) scrapes psutil
 * serve every second on loopback: up is 1, a process group holds the three processes
 * the check started, and rate() of a counter has a value (tests/serve_check.py). */
TEST(a_real_prometheus_scrapes_serve)
{
    need_prometheus_client();
    char prom[1024], args[2400];
    snprintf(prom, sizeof(prom), "%s/build/oracle/prometheus", source_dir());
    NEED(access(prom, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus there)", prom);
    snprintf(args, sizeof(args), "prometheus %s %s/psutil", prom, build_dir());
    check_py(args);
}

TEST(process_groups_agree_with_process_exporter)
{
    need_prometheus_client();
    char pe[1024], args[2200];
    snprintf(pe, sizeof(pe), "%s/%s", source_dir(), PROCESS_EXPORTER);
    NEED(access(pe, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-process-exporter "
         "there)",
         pe);
    snprintf(args, sizeof(args), "groups %s/psutil %s", build_dir(), pe);
    check_py(args);
}

/* The same without a file: process-exporter's -procnames and -namemapping on both sides
 * (a comm list, and COMM,REGEX pairs whose first non-empty capture names the group). */
TEST(process_groups_by_procnames_and_namemapping_agree_with_process_exporter)
{
    need_prometheus_client();
    char pe[1024], args[2200];
    snprintf(pe, sizeof(pe), "%s/%s", source_dir(), PROCESS_EXPORTER);
    NEED(access(pe, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-process-exporter "
         "there)",
         pe);
    snprintf(args, sizeof(args), "groupnames %s/psutil %s", build_dir(), pe);
    check_py(args);
    /* The lists' own errors: a name without its regex, a bad regex, both ways at once. */
    int st;
    char *out = tool("serve --once --namemapping python3 2>&1", &st);
    CHECK(st == 1 && out && strstr(out, "a name without its regex"));
    free(out);
    out = tool("serve --once --namemapping 'python3,(?i)x' 2>&1", &st);
    CHECK(st == 1 && out && strstr(out, "uses an RE2 flag"));
    free(out);
    out = tool("serve --once --procnames sh --config.path /dev/null 2>&1", &st);
    CHECK(st == 2 && out && strstr(out, "give one"));
    free(out);
}

/* The value of series `key` (the whole "name{labels}" text) in an exposition; -1 if absent. */
static double series_value(const char *text, const char *key)
{
    const char *p = text;
    size_t n = strlen(key);
    while ((p = strstr(p, key)) != NULL) {
        if ((p == text || p[-1] == '\n') && p[n] == ' ')
            return atof(p + n + 1);
        p += n;
    }
    return -1;
}

static double statm_rss(pid_t pid);

/* A child running path with argv, its stdin a pipe whose end the caller keeps in *in. */
static pid_t spawn(const char *path, char *const argv[], int *in)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        execv(path, argv);
        _exit(127);
    }
    close(fds[0]);
    *in = fds[1];
    return pid;
}

/* RE2 constructs translated (\s, [\d], (?:...), a named capture, anchors), templates
 * filled in (.Matches, .Comm, .ExeBase), a rule without name ({{.ExeBase}}), the first
 * matching rule winning, and a child no rule takes joining its parent's group. */
TEST(process_groups_from_templates_regexes_and_children)
{
    const char *cfg = save("process_names:\n"
                           "  - name: \"s:{{.Matches.Rest}}:{{.Comm}}\"\n"
                           "    cmdline:\n"
                           "    - '^/bin/sleep\\s+(?:3)(?P<Rest>[\\d]+)$'\n"
                           "  - exe: [psutil-group-sh]\n"
                           "  - name: never\n"
                           "    cmdline: ['^/bin/sleep 3777$']\n");
    char *sleeper[] = {"/bin/sleep", "3777", NULL};
    /* argv[0] is what the exe matcher sees: the shell runs under another name. */
    char *shell[] = {"psutil-group-sh", "-c", "/bin/cat; :", NULL};
    int in1, in2;
    pid_t s = spawn("/bin/sleep", sleeper, &in1), sh = spawn("/bin/sh", shell, &in2);
    char cmd[256], *out = NULL;
    int st = 0;
    /* Until the shell's cat runs (it is the group's second process). */
    snprintf(cmd, sizeof(cmd), "serve --once --config.path %s", cfg);
    for (int i = 0; i < 100; i++) {
        free(out);
        out = tool(cmd, &st);
        if (series_value(out, "namedprocess_namegroup_num_procs{groupname=\"psutil-group-sh\"}") ==
            2)
            break;
        usleep(50000);
    }
    CHECK_MSG(st == 0, "serve exited %d", st);
    CHECK_EQ_U64((uint64_t)series_value(out, "namedprocess_namegroup_num_procs{groupname=\"s:777:"
                                             "sleep\"}"),
                 1);
    CHECK_EQ_U64((uint64_t)series_value(
                     out, "namedprocess_namegroup_num_procs{groupname=\"psutil-group-sh\"}"),
                 2);
    CHECK(series_value(out, "namedprocess_namegroup_num_procs{groupname=\"never\"}") < 0);
    CHECK(!strstr(out, "psutil_process_cpu_seconds_total{")); /* no series per pid */
    /* The sleeper's resident memory is statm's, read here. */
    double rss = series_value(out, "namedprocess_namegroup_memory_bytes{groupname=\"s:777:sleep\","
                                   "memtype=\"resident\"}");
    CHECK_MSG(rss > 0 && rss == statm_rss(s), "rss %.0f, statm %.0f", rss, statm_rss(s));
    free(out);
    kill(s, SIGKILL);
    kill(sh, SIGKILL);
    close(in1);
    close(in2);
    waitpid(s, NULL, 0);
    waitpid(sh, NULL, 0);
}

/* Every kind of bad configuration: one line naming the file and the fault, status 1. */
TEST(process_groups_refuse_bad_configurations)
{
    static const struct {
        const char *yaml, *says;
    } bad[] = {
        {"process_names:\n  - comm: [a]\n    name: '{{.Nope}}'\n", "field"},
        {"process_names:\n  - cmdline: ['(?i)foo']\n", "RE2 flag"},
        {"process_names:\n  - cmdline: ['a*?']\n", "lazy"},
        {"process_names:\n  - cmdline: ['\\bword']\n", "escape"},
        {"process_names:\n  - cmdline: ['[abc']\n", "unclosed"},
        {"process_names:\n  - cmdline: ['a{2']\n", "not a valid"},
        {"process_names:\n  - name: x\n", "no matcher"},
        {"process_names:\n  - comm: [a]\n    bogus: 1\n", "key other"},
        {"process_names:\n  - comm: {a: b}\n", "comm is not"},
        {"other: 1\n", "no process_names"},
        {"process_names: [\n", "line"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char cmd[256], *out;
        int st;
        snprintf(cmd, sizeof(cmd), "serve --once --config.path %s 2>&1", save(bad[i].yaml));
        out = tool(cmd, &st);
        CHECK_MSG(st == 1 && strstr(out, bad[i].says) && strstr(out, "/tmp/psutil-serve-") &&
                      strchr(out, '\n') == out + strlen(out) - 1,
                  "%s: status %d, %s", bad[i].yaml, st, out);
        free(out);
    }
    char *out;
    int st;
    out = tool("serve --once --config.path /nonexistent/psutil.yml 2>&1", &st);
    CHECK_MSG(st == 1 && strstr(out, "No such file"), "%d %s", st, out);
    free(out);
}

/* statm's second field (resident pages) in bytes, read directly: what procps and psutil
 * report as RSS, and what serve's table reads. */
static double statm_rss(pid_t pid)
{
    char path[64];
    long long size = -1, res = -1;
    snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
    char *text = slurp(path, NULL);
    CHECK(text != NULL && sscanf(text, "%lld %lld", &size, &res) == 2 && res >= 0);
    free(text);
    return (double)res * (double)sysconf(_SC_PAGESIZE);
}

/* A sleeping child named with a quote, a backslash, a newline and a byte that is not
 * UTF-8. */
TEST(process_metrics_match_handles_and_odd_names_are_escaped)
{
    need_prometheus_client();
    static const char name[] = "a\"b\\c\nd\xff";
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_NAME, name);
        for (;;)
            pause();
    }
    char path[64], comm[64] = "";
    snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
    for (int i = 0; i < 500 && strncmp(comm, name, strlen(name)) != 0; i++) {
        char *c = slurp(path, NULL);
        snprintf(comm, sizeof(comm), "%s", c ? c : "");
        free(c);
        usleep(10000);
    }
    CHECK(strncmp(comm, name, strlen(name)) == 0);
    /* Readings before and after the scrape bracket its values. rss is stat's field 24,
     * read here directly: the kernel sums its per-CPU rss counters for statm (the
     * handle's memory_info) but not for stat, so the two may differ by a batch. */
    psutil_proc_t *p;
    psutil_proc_memory_t m1, m2;
    psutil_proc_cpu_times_t c1, c2;
    double created;
    CHECK_OK(psutil_proc_open(pid, &p));
    CHECK_OK(psutil_proc_memory_info(p, &m1));
    double rss1 = statm_rss(pid);
    CHECK_OK(psutil_proc_cpu_times(p, &c1));
    int st;
    char *out = tool("serve --once", &st), args[256], *hex;
    double rss2 = statm_rss(pid);
    CHECK_OK(psutil_proc_memory_info(p, &m2));
    CHECK_OK(psutil_proc_cpu_times(p, &c2));
    CHECK_OK(psutil_proc_create_time(p, &created));
    psutil_proc_close(p);
    CHECK(st == 0);
    const char *file = save(out);
    snprintf(args, sizeof(args), "validate %s", file);
    check_py(args);
    /* The parser reads the label back as the name with U+FFFD for the stray byte. */
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/tests/serve_check.py label %s %s %d",
             source_dir(), file, "psutil_process_resident_memory_bytes", (int)pid);
    CHECK(run(cmd, &hex) == 0 && hex);
    CHECK_MSG(strcmp(hex, "6122625c630a64efbfbd\n") == 0, "label read back as %s", hex);
    free(hex);

    char prefix[128];
    const char *escaped = "a\\\"b\\\\c\\nd\xef\xbf\xbd";
    struct {
        const char *metric, *extra;
        double lo, hi, tol;
    } rows[] = {
        {"psutil_process_resident_memory_bytes", "", rss1, rss2, 0},
        {"psutil_process_virtual_memory_bytes", "", (double)m1.vms, (double)m2.vms, 0},
        {"psutil_process_start_time_seconds", "", created, created, 1e-6},
        {"psutil_process_threads", "", 1, 1, 0},
        {"psutil_process_cpu_seconds_total", ",mode=\"user\"", c1.user, c2.user, 0},
        {"psutil_process_cpu_seconds_total", ",mode=\"system\"", c1.system, c2.system, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        snprintf(prefix, sizeof(prefix), "%s{pid=\"%d\",name=\"%s\"%s} ", rows[i].metric, (int)pid,
                 escaped, rows[i].extra);
        const char *at = strstr(out, prefix);
        CHECK_MSG(at != NULL, "no line %s", prefix);
        double v = atof(at + strlen(prefix));
        double lo = rows[i].lo < rows[i].hi ? rows[i].lo : rows[i].hi;
        double hi = rows[i].lo < rows[i].hi ? rows[i].hi : rows[i].lo;
        CHECK_MSG(v >= lo - rows[i].tol && v <= hi + rows[i].tol, "%s%s: %f, handle [%f, %f]",
                  rows[i].metric, rows[i].extra, v, lo, hi);
    }
    free(out);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* On a fixture /proc: disks and mounts selected as node_exporter's defaults select
 * them, and collectors without their files reported as failed. */
TEST(fixture_devices_follow_node_exporter_defaults)
{
    need_prometheus_client();
    char root[1024];
    snprintf(root, sizeof(root), "%s", fixture("serve/proc"));
    setenv("HOST_PROC", root, 1);
    int st;
    char *out = tool("serve --once --no-procs 2>/dev/null", &st), args[256];
    unsetenv("HOST_PROC");
    CHECK(st == 1); /* some collectors failed: the output is still whole */
    snprintf(args, sizeof(args), "validate %s", save(out));
    check_py(args);
    CHECK(strstr(out, "node_scrape_collector_success{collector=\"cpu\"} 0\n"));
    CHECK(strstr(out, "node_scrape_collector_success{collector=\"diskstats\"} 1\n"));
    CHECK(strstr(out, "node_scrape_collector_success{collector=\"filesystem\"} 1\n"));
    static const char *const kept[] = {"sda",  "sdaa", "sdaa1", "vdb",     "xvda",      "nvme0n1",
                                       "loop", "md0",  "dm-0",  "mmcblk0", "mmcblk0p1", "sr0"};
    static const char *const dropped[] = {"sda1",        "hda1",  "xvda1", "nvme0n1p1",
                                          "nvme10n2p13", "loop0", "ram15", "fd0"};
    char line[128];
    for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
        snprintf(line, sizeof(line), "node_disk_reads_merged_total{device=\"%s\"} 2\n", kept[i]);
        CHECK_MSG(strstr(out, line), "missing %s", line);
    }
    for (size_t i = 0; i < sizeof(dropped) / sizeof(dropped[0]); i++) {
        snprintf(line, sizeof(line), "{device=\"%s\"}", dropped[i]);
        CHECK_MSG(!strstr(out, line), "%s should be left out", dropped[i]);
    }
    /* read_time 4 ms, written 7 sectors x 512. */
    CHECK(strstr(out, "node_disk_read_time_seconds_total{device=\"sda\"} 0.004\n"));
    CHECK(strstr(out, "node_disk_written_bytes_total{device=\"sda\"} 3584\n"));
    /* Mounts: / once (the later rw mount wins), /tmp; the excluded ones absent; the
     * missing mount points reported as device errors; the odd one escaped. */
    CHECK(strstr(out, "node_filesystem_readonly{device=\"/dev/sda2\",fstype=\"ext4\","
                      "mountpoint=\"/\"} 0\n"));
    CHECK(strstr(out, "node_filesystem_size_bytes{device=\"tmpfs\",fstype=\"tmpfs\","
                      "mountpoint=\"/tmp\"} "));
    CHECK(strstr(out, "node_filesystem_device_error{device=\"/dev/sdd1\",fstype=\"ext4\","
                      "mountpoint=\"/mnt2\"} 1\n"));
    CHECK(strstr(out, "node_filesystem_device_error{device=\"/dev/sde1\",fstype=\"ext4\","
                      "mountpoint=\"/devices\"} 1\n"));
    CHECK(strstr(out, "node_filesystem_device_error{device=\"/dev/sdf1\",fstype=\"ext4\","
                      "mountpoint=\"/weird \\\"dir\\\\\"} 1\n"));
    CHECK(strstr(out, "mountpoint=\"/var/lib/docker\"}"));
    static const char *const gone[] = {
        "/var/lib/docker/overlay2/x", "/mnt/usb", "/x", "/sys", "/sys/fs/cgroup", "/proc", "/run"};
    for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
        snprintf(line, sizeof(line), "mountpoint=\"%s\"}", gone[i]);
        CHECK_MSG(!strstr(out, line), "%s should be left out", gone[i]);
    }
    const char *first = strstr(out, "node_filesystem_size_bytes{device=\"/dev/sda2\"");
    CHECK(first && !strstr(first + 1, "node_filesystem_size_bytes{device=\"/dev/sda2\""));
    free(out);
}

/* ---- the HTTP server ---- */

struct server {
    pid_t pid;
    int port;
};

/* Starts `psutil serve ARGS -l 127.0.0.1:0` and returns its pid and port (0 if it did not
 * say it listens); *said receives what it wrote on stderr first. */
static struct server start_with(const char *args, char *said, size_t size)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "exec %s/psutil serve -l 127.0.0.1:0 %s", build_dir(), args);
    int errp[2];
    CHECK(pipe(errp) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(errp[1], 2);
        close(errp[0]);
        close(errp[1]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(errp[1]);
    size_t got = 0;
    said[0] = '\0';
    struct pollfd pfd = {errp[0], POLLIN, 0};
    while (got < size - 1 && !strchr(said, '\n') && poll(&pfd, 1, 10000) == 1) {
        ssize_t r = read(errp[0], said + got, size - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
        said[got] = '\0';
    }
    close(errp[0]);
    const char *at = strstr(said, "://127.0.0.1:");
    struct server s = {pid, at ? atoi(at + 13) : 0};
    return s;
}

static struct server start_server(void)
{
    char said[512];
    struct server s = start_with("", said, sizeof(said));
    CHECK_MSG(s.port > 0, "no listening line: '%s'", said);
    return s;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
    return fd;
}

/* Reads until the server closes (at most 20 s); returns the bytes (malloc'd). */
static char *read_all(int fd, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    struct pollfd pfd = {fd, POLLIN, 0};
    while (poll(&pfd, 1, 20000) == 1) {
        if (n + 4096 > cap)
            buf = realloc(buf, cap *= 2);
        ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Sends request, reads the whole response. */
static char *exchange(int port, const char *request, size_t *len)
{
    int fd = connect_to(port);
    size_t n = strlen(request);
    CHECK(send(fd, request, n, MSG_NOSIGNAL) == (ssize_t)n);
    char *resp = read_all(fd, len);
    close(fd);
    return resp;
}

static int status_of(const char *resp)
{
    int code = 0;
    return sscanf(resp, "HTTP/1.1 %d ", &code) == 1 ? code : -1;
}

static const char *body_of(const char *resp)
{
    const char *b = strstr(resp, "\r\n\r\n");
    return b ? b + 4 : NULL;
}

TEST(http_server_answers_and_rejects_bad_requests)
{
    need_prometheus_client();
    struct server s = start_server();
    size_t len;
    char *r = exchange(s.port, "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n", &len);
    CHECK_MSG(status_of(r) == 200, "%.200s", r);
    CHECK(strstr(r, "\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
    const char *body = body_of(r);
    const char *cl = strstr(r, "Content-Length: ");
    CHECK(body && cl && (size_t)atol(cl + 16) == strlen(body) && strlen(body) > 1000);
    char args[256];
    snprintf(args, sizeof(args), "validate %s", save(body));
    check_py(args);
    free(r);

    r = exchange(s.port, "HEAD /metrics HTTP/1.0\r\n\r\n", &len);
    CHECK(status_of(r) == 200 && body_of(r) && body_of(r)[0] == '\0');
    CHECK(atol(strstr(r, "Content-Length: ") + 16) > 1000);
    free(r);
    r = exchange(s.port, "GET /metrics?x=1 HTTP/1.1\n\n", &len); /* bare LF is accepted */
    CHECK(status_of(r) == 200);
    free(r);
    r = exchange(s.port, "GET / HTTP/1.1\r\n\r\n", &len);
    CHECK(status_of(r) == 200 && strstr(r, "href=\"/metrics\""));
    free(r);

    static const struct {
        const char *request;
        int code;
    } bad[] = {
        {"GET /nope HTTP/1.1\r\n\r\n", 404},
        {"POST /metrics HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", 405},
        {"DELETE / HTTP/1.1\r\n\r\n", 405},
        {"garbage\r\n\r\n", -1}, /* no request line: libmicrohttpd just closes */
        {"GET metrics HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/2.0\r\n\r\n", 505},
        {"GET / HTTP/1.1 extra\r\n\r\n", 400},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        r = exchange(s.port, bad[i].request, &len);
        CHECK_MSG(status_of(r) == bad[i].code, "'%s' -> %.40s", bad[i].request, r);
        if (bad[i].code == 405)
            CHECK(strstr(r, "\r\nAllow: GET, HEAD\r\n"));
        free(r);
    }
    /* A head larger than the server takes (HTTP_HEAD_BYTES, 8 KiB). */
    char big[20000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    memcpy(big, "GET / HTTP/1.1\r\nX: ", 19);
    r = exchange(s.port, big, &len);
    CHECK_MSG(status_of(r) == 431, "%.40s", r);
    free(r);

    kill(s.pid, SIGTERM);
    int st;
    CHECK(waitpid(s.pid, &st, 0) == s.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

TEST(http_server_serves_while_clients_hang_or_vanish)
{
    struct server s = start_server();
    /* Three clients that send half a request and wait. */
    int idle[3];
    for (int i = 0; i < 3; i++) {
        idle[i] = connect_to(s.port);
        CHECK(send(idle[i], "GET /metr", 9, MSG_NOSIGNAL) == 9);
    }
    /* Clients that vanish: one closes at once, one resets mid-request. */
    close(connect_to(s.port));
    int rst = connect_to(s.port);
    CHECK(send(rst, "GET /", 5, MSG_NOSIGNAL) == 5);
    struct linger lg = {1, 0};
    setsockopt(rst, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(rst);
    size_t len;
    char *r = exchange(s.port, "GET /metrics HTTP/1.1\r\n\r\n", &len);
    CHECK(status_of(r) == 200);
    free(r);
    /* Served while the idle clients still hold their connections open. */
    for (int i = 0; i < 3; i++) {
        char c;
        CHECK(recv(idle[i], &c, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN);
        close(idle[i]);
    }
    /* 80 clients at once: every one answered. */
    enum { MANY = 80 };
    int fds[MANY];
    for (int i = 0; i < MANY; i++) {
        fds[i] = connect_to(s.port);
        CHECK(send(fds[i], "GET / HTTP/1.1\r\n\r\n", 18, MSG_NOSIGNAL) == 18);
    }
    for (int i = 0; i < MANY; i++) {
        r = read_all(fds[i], &len);
        CHECK_MSG(status_of(r) == 200, "client %d: %.40s", i, r);
        free(r);
        close(fds[i]);
    }
    kill(s.pid, SIGINT);
    int st;
    CHECK(waitpid(s.pid, &st, 0) == s.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* 200 connections that send nothing, then a scrape: answered while every idle one is
 * still open (their timeout is 10 s), so no idle client delays it (the case
 * serve-idle-connections-block-scrapes: the server it replaces waited them out). No
 * clock is read: the order of events is the assertion. */
TEST(idle_connections_do_not_delay_a_scrape)
{
    struct server s = start_server();
    enum { IDLE = 200 };
    int idle[IDLE];
    for (int i = 0; i < IDLE; i++)
        idle[i] = connect_to(s.port);
    size_t len;
    char *r = exchange(s.port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", &len);
    CHECK_MSG(status_of(r) == 200, "%.60s", r);
    free(r);
    for (int i = 0; i < IDLE; i++) {
        char c;
        CHECK_MSG(recv(idle[i], &c, 1, MSG_DONTWAIT) == -1 && errno == EAGAIN,
                  "idle connection %d was closed before the scrape was answered", i);
        close(idle[i]);
    }
    kill(s.pid, SIGTERM);
    int st;
    CHECK(waitpid(s.pid, &st, 0) == s.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* 24 scrapes sent at once share collections (a scrape that arrives during one gets its
 * result: identical bodies, node_time_seconds included), gzip is sent to a client that
 * accepts it and decompresses to a whole exposition, and /-/healthy answers. */
/* A scraper that asks for OpenMetrics (Prometheus's own Accept header) gets it, gzip
 * too: it parses with the client's OpenMetrics parser (# EOF, counters without _total)
 * and holds the samples of a text scrape, textfile values equal; a scraper that does
 * not ask, or refuses it (q=0), gets text 0.0.4. The fixture's bad files make every
 * scrape warn on a stderr nobody reads any more: the server lives on. */
TEST(openmetrics_when_the_scraper_asks)
{
    need_prometheus_client();
    char args[1200], said[512], cmd[3000], *out;
    snprintf(args, sizeof(args), "--no-procs --collector.textfile.directory=%s",
             fixture("serve/textfile"));
    struct server s = start_with(args, said, sizeof(said));
    CHECK_MSG(s.port > 0, "no listening line: '%s'", said);
    static const char accept[] = "application/openmetrics-text;version=1.0.0,application/"
                                 "openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;"
                                 "q=0.5,*/*;q=0.1";
    char om[64], text[64];
    snprintf(om, sizeof(om), "/tmp/psutil-om-%d", (int)getpid());
    snprintf(text, sizeof(text), "/tmp/psutil-text-%d", (int)getpid());
    snprintf(cmd, sizeof(cmd),
             "curl -s -H 'Accept: %s' -H 'Accept-Encoding: gzip' -D /dev/stderr "
             "http://127.0.0.1:%d/metrics 2>%s.h | gunzip > %s && curl -s "
             "http://127.0.0.1:%d/metrics > %s && tr -d '\r' < %s.h",
             accept, s.port, om, om, s.port, text, om);
    int st = run(cmd, &out);
    CHECK_MSG(st == 0 && out &&
                  strstr(out, "\nContent-Type: application/openmetrics-text; version=1.0.0; "
                              "charset=utf-8\n") &&
                  strstr(out, "\nContent-Encoding: gzip\n"),
              "%d: %s", st, out ? out : "");
    free(out);
    snprintf(cmd, sizeof(cmd), "openmetrics %s %s", om, text);
    check_py(cmd);
    size_t len;
    char *r = exchange(s.port,
                       "GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text;q=0, "
                       "text/plain\r\n\r\n",
                       &len);
    CHECK(status_of(r) == 200 && strstr(r, "text/plain; version=0.0.4") &&
          !strstr(body_of(r), "# EOF"));
    free(r);
    kill(s.pid, SIGTERM);
    waitpid(s.pid, NULL, 0);
    snprintf(cmd, sizeof(cmd), "%s.h", om);
    unlink(om);
    unlink(text);
    unlink(cmd);
}

/* systemd's socket activation: a listening socket passed as fd 3 with LISTEN_PID and
 * LISTEN_FDS is served, and -l is not bound (it names that very socket's port, so a
 * bind would fail with EADDRINUSE); the variables do not reach the collectors. */
TEST(socket_activation_serves_the_inherited_socket)
{
    int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    CHECK(l >= 0 && bind(l, (struct sockaddr *)&a, sizeof(a)) == 0 && listen(l, 16) == 0 &&
          getsockname(l, (struct sockaddr *)&a, &alen) == 0);
    int port = ntohs(a.sin_port);
    char exe[1024], listen_at[64];
    snprintf(exe, sizeof(exe), "%s/psutil", build_dir());
    snprintf(listen_at, sizeof(listen_at), "127.0.0.1:%d", port);
    fflush(NULL);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        char me[32];
        /* dup2 onto itself keeps FD_CLOEXEC: clear it for fd 3 either way. */
        if (dup2(l, 3) != 3 || fcntl(3, F_SETFD, 0) != 0)
            _exit(126);
        snprintf(me, sizeof(me), "%d", (int)getpid());
        setenv("LISTEN_PID", me, 1);
        setenv("LISTEN_FDS", "1", 1);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        execl(exe, "psutil", "serve", "-l", listen_at, "--no-procs", (char *)NULL);
        _exit(127);
    }
    close(l);
    char *r = NULL;
    size_t len;
    for (int i = 0; i < 100 && !(r && status_of(r) == 200); i++) {
        free(r);
        r = exchange(port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", &len);
        if (status_of(r) != 200)
            usleep(50000);
    }
    CHECK_MSG(r && status_of(r) == 200 && strstr(body_of(r), "\nnode_time_seconds "),
              "no scrape through the inherited socket");
    free(r);
    int st;
    CHECK(waitpid(pid, &st, WNOHANG) == 0); /* still serving: -l was not bound */
    kill(pid, SIGTERM);
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

TEST(concurrent_scrapes_share_a_collection_and_gzip_is_offered)
{
    struct server s = start_server();
    enum { N = 24 };
    int fds[N];
    for (int i = 0; i < N; i++) {
        fds[i] = connect_to(s.port);
        static const char req[] = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
        CHECK(send(fds[i], req, sizeof(req) - 1, MSG_NOSIGNAL) == (ssize_t)sizeof(req) - 1);
    }
    char *bodies[N];
    size_t distinct = 0;
    for (int i = 0; i < N; i++) {
        size_t len;
        char *r = read_all(fds[i], &len);
        close(fds[i]);
        CHECK(status_of(r) == 200 && body_of(r) && strstr(body_of(r), "node_time_seconds "));
        bodies[i] = r;
        int seen = 0;
        for (int k = 0; k < i && !seen; k++)
            seen = strcmp(body_of(bodies[k]), body_of(r)) == 0;
        distinct += !seen;
    }
    CHECK_MSG(distinct < N / 2, "%zu collections for %d simultaneous scrapes", distinct, N);
    for (int i = 0; i < N; i++)
        free(bodies[i]);
    /* gzip: curl decompresses, the exposition parses; and a refusal (q=0) is honoured. */
    char cmd[512], *out;
    int st;
    snprintf(cmd, sizeof(cmd),
             "curl -s -H 'Accept-Encoding: gzip' -D /dev/stderr http://127.0.0.1:%d/metrics "
             "2>&1 >/dev/null | tr -d '\\r'",
             s.port);
    CHECK(run(cmd, &out) == 0 && strstr(out, "\nContent-Encoding: gzip\n"));
    free(out);
    snprintf(cmd, sizeof(cmd),
             "curl -s -H 'Accept-Encoding: gzip' http://127.0.0.1:%d/metrics | gunzip | "
             "grep -c '^node_time_seconds '",
             s.port);
    CHECK(run(cmd, &out) == 0 && atoi(out) == 1);
    free(out);
    size_t len;
    char *r =
        exchange(s.port, "GET /metrics HTTP/1.1\r\nAccept-Encoding: gzip;q=0, br\r\n\r\n", &len);
    CHECK(status_of(r) == 200 && !strstr(r, "Content-Encoding") &&
          strstr(body_of(r), "# HELP node_time_seconds"));
    free(r);
    r = exchange(s.port, "GET /-/healthy HTTP/1.1\r\n\r\n", &len);
    CHECK(status_of(r) == 200 && strcmp(body_of(r), "OK\n") == 0);
    free(r);
    /* The exporter's own figures (the Go client's names) against its /proc files: the
     * start time from stat's starttime and /proc/stat's btime, the fd limit from limits. */
    r = exchange(s.port, "GET /metrics HTTP/1.1\r\n\r\n", &len);
    char path[64], *text;
    unsigned long long start = 0, btime = 0, soft = 0;
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)s.pid);
    text = slurp(path, NULL);
    CHECK(text && sscanf(strrchr(text, ')') + 2,
                         "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d "
                         "%*d %*d %llu",
                         &start) == 1);
    free(text);
    text = slurp("/proc/stat", NULL);
    CHECK(text && strstr(text, "\nbtime ") &&
          sscanf(strstr(text, "\nbtime ") + 7, "%llu", &btime) == 1);
    free(text);
    snprintf(path, sizeof(path), "/proc/%d/limits", (int)s.pid);
    text = slurp(path, NULL);
    CHECK(text && strstr(text, "Max open files") &&
          sscanf(strstr(text, "Max open files") + 14, "%llu", &soft) == 1);
    free(text);
    double want = (double)btime + (double)start / (double)sysconf(_SC_CLK_TCK);
    CHECK_MSG(fabs(series_value(body_of(r), "process_start_time_seconds") - want) < 1.0,
              "start %f, /proc says %f", series_value(body_of(r), "process_start_time_seconds"),
              want);
    CHECK_EQ_U64((uint64_t)series_value(body_of(r), "process_max_fds"), soft);
    CHECK(series_value(body_of(r), "process_open_fds") >= 3);
    CHECK(series_value(body_of(r), "process_resident_memory_bytes") > 1e6);
    CHECK(series_value(body_of(r), "process_cpu_seconds_total") > 0);
    free(r);
    kill(s.pid, SIGTERM);
    CHECK(waitpid(s.pid, &st, 0) == s.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* Without a listen address it serves port 19100 on every address (docs/exporter.md, "The
 * default port": 9101 is haproxy_exporter's and Bacula's), and the socket unit agrees. */
TEST(the_default_port_is_19100_and_the_socket_unit_agrees)
{
    char cmd[1024], *out = NULL;
    snprintf(cmd, sizeof(cmd), "timeout -s TERM 2 %s/psutil serve --no-procs 2>&1 >/dev/null",
             build_dir());
    run(cmd, &out);
    CHECK_MSG(out && strstr(out, "listening on http://[::]:19100/metrics\n"), "%s", out ? out : "");
    free(out);
    snprintf(cmd, sizeof(cmd), "%s/systemd/psutil-exporter.socket", source_dir());
    out = slurp(cmd, NULL);
    CHECK(out && strstr(out, "\nListenStream=19100\n"));
    free(out);
}

/* Two listen addresses (node_exporter's --web.listen-address, repeated) and another
 * telemetry path: both ports answer there, /metrics is then 404. */
TEST(listen_addresses_repeat_and_the_telemetry_path_moves)
{
    int errp[2];
    CHECK(pipe(errp) == 0);
    char exe[1024];
    snprintf(exe, sizeof(exe), "%s/psutil", build_dir());
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(errp[1], 2);
        close(errp[0]);
        close(errp[1]);
        execl(exe, "psutil", "serve", "--web.listen-address", "127.0.0.1:0", "-l", "127.0.0.2:0",
              "--web.telemetry-path", "/x/metrics", "--no-procs", (char *)NULL);
        _exit(127);
    }
    close(errp[1]);
    char text[1024] = "";
    size_t got = 0;
    struct pollfd pfd = {errp[0], POLLIN, 0};
    while (got < sizeof(text) - 1 && poll(&pfd, 1, 10000) == 1) {
        ssize_t r = read(errp[0], text + got, sizeof(text) - 1 - got);
        if (r <= 0)
            break;
        got += (size_t)r;
        text[got] = '\0';
        if (strstr(text, "127.0.0.2:") && strchr(strstr(text, "127.0.0.2:"), '\n'))
            break;
    }
    close(errp[0]);
    const char *a = strstr(text, "http://127.0.0.1:"), *b = strstr(text, "http://127.0.0.2:");
    CHECK_MSG(a && b && strstr(a, "/x/metrics\n"), "stderr: %s", text);
    int ports[2] = {atoi(a + 17), atoi(b + 17)};
    const char *hosts[2] = {"127.0.0.1", "127.0.0.2"};
    for (int i = 0; i < 2; i++) {
        struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)ports[i])};
        inet_pton(AF_INET, hosts[i], &sa.sin_addr);
        static const char *const req[2] = {"GET /x/metrics HTTP/1.1\r\n\r\n",
                                           "GET /metrics HTTP/1.1\r\n\r\n"};
        for (int k = 0; k < 2; k++) {
            int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
            CHECK(connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
            CHECK(send(fd, req[k], strlen(req[k]), MSG_NOSIGNAL) == (ssize_t)strlen(req[k]));
            size_t len;
            char *r = read_all(fd, &len);
            close(fd);
            CHECK_MSG(status_of(r) == (k == 0 ? 200 : 404), "%s %s: %.40s", hosts[i], req[k], r);
            free(r);
        }
    }
    kill(pid, SIGTERM);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* exporter-toolkit's web configuration: TLS with a self-signed certificate (curl checks
 * it against the file), basic auth with a bcrypt hash (python's crypt makes it): no or a
 * wrong password is 401 with a Basic challenge, the right one 200; plain HTTP to the TLS
 * port gets nothing; bad files stop the server at start with a message. */
TEST(tls_and_basic_auth_from_a_web_config)
{
    char dir[] = "/tmp/psutil-web-XXXXXX", cmd[2048], *out;
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd),
             "cd %s && openssl req -x509 -newkey rsa:2048 -nodes -keyout server.key -out "
             "server.crt -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 "
             ">/dev/null 2>&1 && /usr/bin/python3 -W ignore -c \"import crypt; "
             "print(crypt.crypt('s3cret', crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=64)))\"",
             dir);
    CHECK(run(cmd, &out) == 0 && strncmp(out, "$2b$06$", 7) == 0);
    out[strcspn(out, "\n")] = '\0';
    char web[512], yml[1024];
    snprintf(web, sizeof(web), "%s/web.yml", dir);
    snprintf(yml, sizeof(yml),
             "tls_server_config:\n  cert_file: server.crt\n  key_file: %s/server.key\n"
             "basic_auth_users:\n  alice: %s\n",
             dir, out);
    free(out);
    FILE *f = fopen(web, "w");
    CHECK(f && fputs(yml, f) >= 0 && fclose(f) == 0);
    char said[512], args[600];
    snprintf(args, sizeof(args), "--no-procs --web.config.file %s", web);
    struct server s = start_with(args, said, sizeof(said));
    CHECK_MSG(s.port > 0 && strstr(said, "listening on https://"), "%s", said);
    static const struct {
        const char *auth;
        const char *want;
    } tries[] = {
        {"", "401"},
        {"-u alice:wrong", "401"},
        {"-u bob:s3cret", "401"},
        {"-u alice:s3cret", "200"},
        {"-u alice:s3cret", "200"}, /* the remembered password */
        {"-u alice:s3cre", "401"},  /* and not a prefix of it, or another */
    };
    for (size_t i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
        snprintf(cmd, sizeof(cmd),
                 "curl -s -o %s/body%zu -w '%%{http_code}' --cacert %s/server.crt %s "
                 "https://127.0.0.1:%d/metrics",
                 dir, i, dir, tries[i].auth, s.port);
        CHECK(run(cmd, &out) == 0);
        CHECK_MSG(strcmp(out, tries[i].want) == 0, "%s: %s", tries[i].auth, out);
        free(out);
    }
    snprintf(cmd, sizeof(cmd), "grep -c '^node_time_seconds ' %s/body3", dir);
    CHECK(run(cmd, &out) == 0 && atoi(out) == 1);
    free(out);
    snprintf(cmd, sizeof(cmd),
             "curl -s -D - -o /dev/null --cacert %s/server.crt https://127.0.0.1:%d/ | tr -d "
             "'\\r'",
             dir, s.port);
    CHECK(run(cmd, &out) == 0 && strstr(out, "WWW-Authenticate: Basic realm=\"psutil serve\""));
    free(out);
    snprintf(cmd, sizeof(cmd), "curl -s -m 5 -o /dev/null http://127.0.0.1:%d/metrics", s.port);
    CHECK(run(cmd, &out) != 0); /* no plain HTTP on the TLS port */
    free(out);
    kill(s.pid, SIGTERM);
    int st;
    CHECK(waitpid(s.pid, &st, 0) == s.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* docs/web-config.example.yml (what make install ships), pointed at this certificate:
     * its user and password, as its comment gives them, get in. */
    snprintf(cmd, sizeof(cmd),
             "sed -e 's|/etc/psutil/server.crt|%s/server.crt|' -e "
             "'s|/etc/psutil/server.key|%s/server.key|' %s/docs/web-config.example.yml > %s",
             dir, dir, source_dir(), web);
    CHECK(run(cmd, &out) == 0);
    free(out);
    s = start_with(args, said, sizeof(said));
    CHECK_MSG(s.port > 0 && strstr(said, "listening on https://"), "%s", said);
    snprintf(
        cmd, sizeof(cmd),
        "curl -s -o /dev/null -w '%%{http_code}' --cacert %s/server.crt -u prometheus:change-me "
        "https://127.0.0.1:%d/metrics",
        dir, s.port);
    CHECK(run(cmd, &out) == 0 && strcmp(out, "200") == 0);
    free(out);
    kill(s.pid, SIGTERM);
    CHECK(waitpid(s.pid, &st, 0) == s.pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* Bad files: one line naming the file and the fault, status 1. */
    static const struct {
        const char *yaml, *says;
    } bad[] = {
        {"tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
         "  client_auth_type: RequireAndVerifyClientCert\n",
         "'client_auth_type' is not supported"},
        {"tls_server_config:\n  cert_file: nope.crt\n  key_file: server.key\n",
         "cert_file nope.crt: No such file"},
        {"tls_server_config:\n  cert_file: server.crt\n", "needs cert_file and key_file"},
        {"basic_auth_users:\n  alice: plaintext\n", "not a bcrypt hash"},
        {"http_server_config:\n  http2: false\n", "'http_server_config' is not supported"},
        {"tls_server_config: [\n", "line"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        f = fopen(web, "w");
        CHECK(f && fputs(bad[i].yaml, f) >= 0 && fclose(f) == 0);
        snprintf(args, sizeof(args), "--no-procs --web.config.file %s", web);
        struct server b = start_with(args, said, sizeof(said));
        int bst;
        CHECK(waitpid(b.pid, &bst, 0) == b.pid);
        CHECK_MSG(b.port == 0 && WIFEXITED(bst) && WEXITSTATUS(bst) == 1 &&
                      strstr(said, bad[i].says) && strstr(said, web),
                  "%s: %s", bad[i].yaml, said);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    CHECK(run(cmd, &out) == 0);
    free(out);
}

TEST(serve_rejects_bad_options)
{
    static const char *const bad[] = {
        "serve -l nonsense",
        "serve -l 127.0.0.1:70000",
        "serve -l '[::1'",
        "serve -l :",
        "serve -l 1:2:3",
        "serve -l ':-1'",
        "serve extra",
        "serve --bogus",
        "serve -l",
        "serve --web.telemetry-path metrics",
        "serve -l :0 -l :0 -l :0 -l :0 -l :0 -l :0 -l :0 -l :0 -l :0",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char args[256], *out;
        int st;
        snprintf(args, sizeof(args), "%s 2>/dev/null", bad[i]);
        out = tool(args, &st);
        CHECK_MSG(st == 2, "'%s' exited %d", bad[i], st);
        free(out);
    }
    /* A port somebody else holds: a one-line error and status 1. */
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {0};
    socklen_t sl = sizeof(sa);
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CHECK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(fd, 1) == 0);
    CHECK(getsockname(fd, (struct sockaddr *)&sa, &sl) == 0);
    char args[128], *out;
    int st;
    snprintf(args, sizeof(args), "serve -l 127.0.0.1:%d 2>&1", ntohs(sa.sin_port));
    out = tool(args, &st);
    CHECK_MSG(st == 1 && strstr(out, "cannot listen on 127.0.0.1:") &&
                  strstr(out, "Address already in use"),
              "%d: %s", st, out);
    free(out);
    close(fd);
}

/* node_exporter's collector flags: --collector.disable-defaults (wherever it stands)
 * with the named collectors on, --no-collector.NAME off, the process groups still read
 * with the processes collector off, and a name no collector has refused. */
TEST(collectors_turn_on_and_off_by_name)
{
    int st;
    char *out = tool("serve --once --collector.meminfo --collector.disable-defaults "
                     "--collector.loadavg",
                     &st);
    CHECK(st == 0 && out);
    CHECK_EQ_U64(count_of(out, "node_scrape_collector_success{"), 2);
    CHECK(strstr(out, "node_scrape_collector_success{collector=\"loadavg\"} 1\n"));
    CHECK(strstr(out, "node_scrape_collector_success{collector=\"meminfo\"} 1\n"));
    /* Only their families: every sample is node_load*, memory and swap, or the scrape's. */
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        CHECK_MSG(line[0] == '#' || strncmp(line, "node_load", 9) == 0 ||
                      strncmp(line, "node_memory_", 12) == 0 ||
                      strncmp(line, "psutil_memory_", 14) == 0 ||
                      strncmp(line, "psutil_swap_", 12) == 0 ||
                      strncmp(line, "node_scrape_collector_", 22) == 0 ||
                      strncmp(line, "psutil_exporter_build_info", 26) == 0,
                  "unexpected sample: %s", line);
    free(out);
    out = tool("serve --once --collector.disable-defaults --collector.meminfo", &st);
    char *meminfo = slurp("/proc/meminfo", NULL);
    CHECK(st == 0 && out && meminfo);
    CHECK(strncmp(meminfo, "MemTotal:", 9) == 0);
    CHECK_EQ_U64((uint64_t)series_value(out, "node_memory_MemTotal_bytes"),
                 strtoull(meminfo + 9, NULL, 10) * 1024);
    free(meminfo);
    free(out);
    out = tool("serve --once --no-procs --no-collector.cpu --no-collector.sensors", &st);
    CHECK(st == 0 && out);
    CHECK_EQ_U64(count_of(out, "node_scrape_collector_success{"), 37);
    CHECK(!strstr(out, "collector=\"cpu\"") && !strstr(out, "collector=\"sensors\""));
    CHECK(!strstr(out, "\nnode_cpu_seconds_total{") && !strstr(out, "\npsutil_sensors_"));
    CHECK(strstr(out, "\nnode_load1 ") && strstr(out, "\nnode_memory_MemTotal_bytes "));
    free(out);
    /* The groups read the processes though their collector is off: the tool itself is a
     * process called psutil. */
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "serve --once --no-collector.processes --config.path %s",
             save("process_names:\n  - name: \"{{.Comm}}\"\n    cmdline: ['.+']\n"));
    out = tool(cmd, &st);
    CHECK_MSG(st == 0 && out, "serve exited %d", st);
    CHECK(!strstr(out, "collector=\"processes\"") && !strstr(out, "\npsutil_processes{"));
    CHECK(strstr(out, "node_scrape_collector_success{collector=\"namedprocess\"} 1\n"));
    CHECK(series_value(out, "namedprocess_namegroup_num_procs{groupname=\"psutil\"}") >= 1);
    free(out);
    static const char *const bad[] = {"--collector.nope", "--no-collector.nope",
                                      "--collector.cpu=true", "--no-collector.disable-defaults"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(cmd, sizeof(cmd), "serve --once %s 2>&1", bad[i]);
        out = tool(cmd, &st);
        char want[128];
        snprintf(want, sizeof(want), "unknown collector in '%s'", bad[i]);
        CHECK_MSG(st == 2 && out && strstr(out, want), "%s: %d %s", bad[i], st, out);
        free(out);
    }
}

/* CPUs 1, 3, 5 and 7 offline: series are labelled with the CPU's number (the N of
 * "cpuN"), as node_exporter labels them, not with the line's position. */
TEST(offline_cpus_are_labelled_by_number)
{
    char proc[1024], sys[1024];
    int st;
    snprintf(proc, sizeof(proc), "%s", fixture("wild/cpu-offline/proc"));
    snprintf(sys, sizeof(sys), "%s", fixture("wild/cpu-offline/sys"));
    setenv("HOST_PROC", proc, 1);
    setenv("HOST_SYS", sys, 1);
    char *out = tool("serve --once --no-procs 2>/dev/null", &st);
    unsetenv("HOST_PROC");
    unsetenv("HOST_SYS");
    CHECK(out != NULL);
    static const char *const want[] = {
        "node_cpu_seconds_total{cpu=\"0\",mode=\"user\"} 10\n",
        "node_cpu_seconds_total{cpu=\"2\",mode=\"user\"} 20\n",
        "node_cpu_seconds_total{cpu=\"4\",mode=\"user\"} 30\n",
        "node_cpu_seconds_total{cpu=\"6\",mode=\"user\"} 40\n",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        CHECK_MSG(strstr(out, want[i]), "missing %s", want[i]);
    CHECK(!strstr(out, "cpu=\"1\""));
    CHECK(!strstr(out, "cpu=\"3\""));
    free(out);
}

/* Two NVMe drives' chips share the name "nvme" (a third chip between them), and a device
 * with two hwmon entries beside two chips without a device of one name: one series per
 * sensor, chips named as node_exporter names them, values equal to its own on the tree. */
TEST(hwmon_chips_of_one_name_give_distinct_series_as_node_exporter)
{
    need_prometheus_client();
    char node[1024], args[4096];
    snprintf(node, sizeof(node), "%s/%s", source_dir(), NODE_EXPORTER);
    NEED(access(node, X_OK) == 0,
         "%s is missing (sh bootstrap.sh test fetches Debian's prometheus-node-exporter there)",
         node);
    static const char *const trees[] = {"wild/hwmon-same-name/sys", "wild/hwmon-collide/sys"};
    for (size_t i = 0; i < 2; i++) {
        char sys[1024];
        snprintf(sys, sizeof(sys), "%s", fixture(trees[i]));
        snprintf(args, sizeof(args), "hwmon %s %s/psutil %s", sys, build_dir(), node);
        check_py(args);
    }
    /* The collision tree: both entries of the it87 device and both acpitz chips stay. */
    char sys[1024];
    int st;
    snprintf(sys, sizeof(sys), "%s", fixture("wild/hwmon-collide/sys"));
    setenv("HOST_SYS", sys, 1);
    char *out = tool("serve --once --no-procs 2>/dev/null", &st);
    unsetenv("HOST_SYS");
    CHECK(out && strstr(out, "{chip=\"platform_it87_2608_hwmon1\",sensor=\"temp2\",label=\"\"} "
                             "32.111\n"));
    CHECK(strstr(out, "psutil_temperature_celsius{chip=\"acpitz_hwmon3\",sensor=\"temp1\","
                      "label=\"\"} 43\n"));
    snprintf(args, sizeof(args), "validate %s", save(out));
    check_py(args);
    free(out);
}

/* The server's fds that are not the process monitor's (/proc/PID and files under it):
 * those must stay constant; the monitor's follow the machine's processes. */
static int fds_not_monitored(int pid, int *monitored)
{
    char path[64], link[256];
    snprintf(path, sizeof(path), "/proc/%d/fd", pid);
    int n = 0;
    *monitored = 0;
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        ssize_t k = readlinkat(dirfd(d), e->d_name, link, sizeof(link) - 1);
        link[k > 0 ? k : 0] = '\0';
        if (strncmp(link, "/proc/", 6) == 0 && link[6] >= '0' && link[6] <= '9')
            ++*monitored;
        else
            n++;
    }
    if (d)
        closedir(d);
    return n;
}

static int count_pids(void)
{
    int n = 0;
    DIR *d = opendir("/proc");
    for (struct dirent *e; d && (e = readdir(d)) != NULL;)
        n += e->d_name[0] >= '1' && e->d_name[0] <= '9';
    if (d)
        closedir(d);
    return n;
}

TEST(long_running_scrapes_keep_memory_and_fds_flat)
{
    /* 2,000 scrapes here; the long run (docs/RELIABILITY.md) sets SOAK_SCRAPES=10000. */
    const char *env = getenv("SOAK_SCRAPES");
    long n = env && atol(env) > 0 ? atol(env) : 2000, step = n / 20;
    struct server s = start_server();
    double rss[20];
    int fds[20], monitored[20], pids[20];
    for (int k = 0; k < 20; k++) {
        for (long i = 0; i < step; i++) {
            size_t len;
            char *resp = exchange(s.port,
                                  "GET /metrics HTTP/1.1\r\nHost: x\r\n"
                                  "Connection: close\r\n\r\n",
                                  &len);
            CHECK_MSG(status_of(resp) == 200, "scrape %ld: %.100s", k * step + i, resp);
            free(resp);
        }
        struct timespec settle = {0, 20 * 1000 * 1000}; /* the last connection's close */
        nanosleep(&settle, NULL);
        rss[k] = statm_rss(s.pid);
        fds[k] = fds_not_monitored(s.pid, &monitored[k]);
        pids[k] = count_pids();
    }
    printf("%ld scrapes: rss %.0f -> %.0f -> %.0f bytes, fds %d -> %d\n", n, rss[0], rss[9],
           rss[19], fds[0], fds[19]);
    kill(s.pid, SIGTERM);
    waitpid(s.pid, NULL, 0);
    /* Its own fds (sockets, epoll, files) exactly constant; the monitor's: at most its
     * five per process (/proc/PID, fd/, io, stat, statm) for the processes there are. */
    for (int k = 1; k < 20; k++)
        CHECK_MSG(fds[k] == fds[0], "the server holds %d fds after %ld scrapes, %d after %ld",
                  fds[k], (k + 1) * step, fds[0], step);
    for (int k = 0; k < 20; k++)
        CHECK_MSG(monitored[k] <= 5 * (pids[k] + 16),
                  "the server holds %d fds under /proc with %d processes", monitored[k], pids[k]);
    if (soak_rss_meaningful())
        CHECK_MSG(rss[19] - rss[9] <= 1024 * 1024,
                  "the server's resident memory grew %.0f bytes over the last %ld scrapes",
                  rss[19] - rss[9], n / 2);
}

/* A port nothing listens on now (the kernel's pick for a socket closed at once). */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(sa);
    CHECK(bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
          getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
    close(fd);
    return ntohs(sa.sin_port);
}

/* num_procs of a group in a scrape of port (0 when the group is not there, -1 when the
 * server did not answer). */
static double group_procs(int port, const char *group)
{
    for (int i = 0; i < 100; i++) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        struct sockaddr_in sa = {.sin_family = AF_INET,
                                 .sin_port = htons((uint16_t)port),
                                 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        int ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
        close(fd);
        if (ok)
            break;
        usleep(50000);
    }
    size_t len;
    char key[256];
    char *r = exchange(port, "GET /metrics HTTP/1.0\r\n\r\n", &len); /* not chunked */
    snprintf(key, sizeof(key), "namedprocess_namegroup_num_procs{groupname=\"%s\"}", group);
    const char *body = strstr(r, "\r\n\r\n");
    double v = body ? series_value(body + 4, key) : -1;
    free(r);
    return body ? (v < 0 ? 0 : v) : -1;
}

/* A process keeps the group it got when first seen, across an exec into a program
 * another rule takes; one no rule took stays ungrouped after such an exec, unless
 * --recheck. Debian's process-exporter, with and without -recheck, on the same file and
 * processes, says the same. */
TEST(a_process_keeps_its_group_across_an_exec_and_recheck_takes_the_ungrouped)
{
    char dir[] = "/tmp/psutil-recheck-XXXXXX", cmd[512], comm[64], yaml[256], want[64];
    char names[3][16], paths[3][128]; /* the grouped shell, the ungrouped one, the sleeper */
    CHECK(mkdtemp(dir) != NULL);
    static const char *const prefix[3] = {"pgsh", "pgun", "pgsl"};
    static const char *const target[3] = {"/bin/sh", "/bin/sh", "/bin/sleep"};
    for (int k = 0; k < 3; k++) { /* names of this run only (comm keeps 15 bytes) */
        snprintf(names[k], sizeof(names[k]), "%s%d", prefix[k], (int)getpid() % 1000000);
        snprintf(paths[k], sizeof(paths[k]), "%s/%s", dir, names[k]);
        CHECK(symlink(target[k], paths[k]) == 0);
    }
    snprintf(yaml, sizeof(yaml),
             "process_names:\n"
             "  - name: shells\n    comm: [%s]\n"
             "  - name: sleepers\n    comm: [%s]\n",
             names[0], names[2]);
    const char *cfg = save(yaml);
    snprintf(cmd, sizeof(cmd), "read x; exec %s 4999", paths[2]);
    int in[2];
    pid_t child[2];
    for (int k = 0; k < 2; k++) {
        char *argv[] = {names[k], "-c", cmd, NULL};
        child[k] = spawn(paths[k], argv, &in[k]);
    }
    char said[512], args[300];
    snprintf(args, sizeof(args), "--config.path %s", cfg);
    struct server keep = start_with(args, said, sizeof(said));
    snprintf(args, sizeof(args), "--config.path %s --recheck", cfg);
    struct server again = start_with(args, said, sizeof(said));
    CHECK(keep.port > 0 && again.port > 0);
    char pe[1024];
    snprintf(pe, sizeof(pe), "%s/%s", source_dir(), PROCESS_EXPORTER);
    int have_pe = access(pe, X_OK) == 0, pe_port[2] = {0, 0};
    pid_t pe_pid[2] = {0, 0};
    for (int k = 0; have_pe && k < 2; k++) {
        pe_port[k] = free_port();
        char listen[64];
        snprintf(listen, sizeof(listen), "127.0.0.1:%d", pe_port[k]);
        fflush(NULL);
        if ((pe_pid[k] = fork()) == 0) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            dup2(null, 2);
            execl(pe, pe, "-config.path", cfg, "-web.listen-address", listen,
                  k ? "-recheck" : "-children", (char *)NULL);
            _exit(127);
        }
    }
    /* comm of child k is names[k] (then names[2] after the exec). */
    for (int k = 0; k < 2; k++) {
        snprintf(cmd, sizeof(cmd), "/proc/%d/comm", (int)child[k]);
        snprintf(want, sizeof(want), "%s\n", names[k]);
        for (int i = 0; i < 100; i++) {
            char *c = slurp(cmd, NULL);
            int ready = c && strcmp(c, want) == 0;
            free(c);
            if (ready)
                break;
            usleep(20000);
        }
    }
    /* Every server's first look: the shell in "shells", the other in no group. */
    const int ports[4] = {keep.port, again.port, pe_port[0], pe_port[1]};
    for (int k = 0; k < (have_pe ? 4 : 2); k++) {
        double shells = group_procs(ports[k], "shells"),
               sleepers = group_procs(ports[k], "sleepers");
        CHECK_MSG(shells == 1 && sleepers == 0, "server %d before: shells %.0f, sleepers %.0f", k,
                  shells, sleepers);
    }
    /* Both exec the sleeper. */
    for (int k = 0; k < 2; k++) {
        CHECK(write(in[k], "\n", 1) == 1);
        snprintf(cmd, sizeof(cmd), "/proc/%d/comm", (int)child[k]);
        snprintf(want, sizeof(want), "%s\n", names[2]);
        for (int i = 0; i < 100; i++) {
            char *c = slurp(cmd, NULL);
            snprintf(comm, sizeof(comm), "%s", c ? c : "");
            free(c);
            if (strcmp(comm, want) == 0)
                break;
            usleep(20000);
        }
        CHECK_MSG(strcmp(comm, want) == 0, "comm %s", comm);
    }
    for (int k = 0; k < (have_pe ? 4 : 2); k++) {
        int recheck = k % 2;
        double shells = group_procs(ports[k], "shells"),
               sleepers = group_procs(ports[k], "sleepers");
        CHECK_MSG(shells == 1 && sleepers == (recheck ? 1 : 0),
                  "server %d (%s%s): shells %.0f, sleepers %.0f", k,
                  k < 2 ? "psutil serve" : "process-exporter", recheck ? " -recheck" : "", shells,
                  sleepers);
    }
    if (in_ci())
        CHECK_MSG(have_pe, "%s is missing under CI", pe);
    kill(keep.pid, SIGTERM);
    kill(again.pid, SIGTERM);
    waitpid(keep.pid, NULL, 0);
    waitpid(again.pid, NULL, 0);
    for (int k = 0; have_pe && k < 2; k++) {
        kill(pe_pid[k], SIGTERM);
        waitpid(pe_pid[k], NULL, 0);
    }
    for (int k = 0; k < 2; k++) {
        kill(child[k], SIGKILL);
        close(in[k]);
        waitpid(child[k], NULL, 0);
    }
    for (int k = 0; k < 3; k++)
        unlink(paths[k]);
    rmdir(dir);
    unlink(cfg);
}
