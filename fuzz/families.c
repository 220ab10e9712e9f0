/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * families.c - one fuzz target per public function family, driven through a fixture
 * root: the input is split at FUZZ_SEP into the family's files (a missing part removes
 * its file), written under a private temporary tree whose proc/, sys/ and run/ become
 * the library's roots, and every function of the family is called. Each call must
 * return 0 or a documented code, leave that code in the last-error record, write
 * nothing on failure, and keep its output's promises (used <= total, percentages within
 * 0..100).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/internal.h"
#include "fuzz.h"

/* --- the tree -------------------------------------------------------------------------- */

static char tree[256];

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void remove_tree(void)
{
    if (tree[0])
        nftw(tree, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int make_parents(char *path)
{
    for (char *p = path + strlen(tree) + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        int rc = mkdir(path, 0755);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    return 0;
}

/* Writes the parts of data to files (relative to the tree), removes the files without a
 * part and points the three roots at the tree. Returns 0, or -1 when the tree cannot be
 * written (the input is skipped). */
static int plant(const char *const *files, const uint8_t *data, size_t size)
{
    if (!tree[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(tree, sizeof(tree), "%s/psutil-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(tree)) {
            tree[0] = '\0';
            return -1;
        }
        atexit(remove_tree);
    }
    const char *p = (const char *)data, *end = p + size;
    size_t seplen = strlen(FUZZ_SEP);
    for (size_t i = 0; files[i]; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", tree, files[i]);
        if (make_parents(path) != 0)
            return -1;
        if (!p) {
            unlink(path);
            continue;
        }
        const char *sep = memmem(p, (size_t)(end - p), FUZZ_SEP, seplen);
        size_t len = sep ? (size_t)(sep - p) : (size_t)(end - p);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, p, len) != (ssize_t)len) {
            if (fd >= 0)
                close(fd);
            return -1;
        }
        close(fd);
        p = sep ? sep + seplen : NULL;
    }
    static const char *const roots[] = {"proc", "sys", "run"};
    for (int k = 0; k < 3; k++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", tree, roots[k]);
        mkdir(path, 0755);
        if (psutil_set_root(k, path) != 0)
            return -1;
    }
    return 0;
}

static void unplant(void)
{
    for (int k = 0; k < 3; k++)
        psutil_set_root(k, NULL);
}

/* --- the contract of one call ------------------------------------------------------------ */

enum { FILL = 0xA5 };

static int untouched(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i] != FILL)
            return 0;
    return 1;
}

/* A documented code, in the last-error record when it is a failure, and out (n bytes
 * filled with FILL before the call) untouched on failure. */
static void check_call(int rc, const void *out, size_t n)
{
    FUZZ_CHECK(rc <= 0 && rc >= PSUTIL_EOS);
    if (rc == 0)
        return;
    psutil_error_info_t e;
    FUZZ_CHECK(psutil_last_error(&e) == 0 && e.code == rc);
    FUZZ_CHECK(!out || untouched(out, n));
}

/* Calls a struct-filling function with its output filled with FILL. */
#define STRUCT_CALL(var, call) (memset(&(var), FILL, sizeof(var)), psutil_clear_error(), (call))

/* A list call's contract: on failure *out and *out_n untouched. */
static void check_list(int rc, const void *out, size_t n)
{
    check_call(rc, NULL, 0);
    if (rc != 0)
        FUZZ_CHECK(out == (const void *)&tree && n == 12345);
}

#define LIST_CALL(out, n, call) ((out) = (void *)&tree, (n) = 12345, psutil_clear_error(), (call))

static int is_pct(double v)
{
    return isfinite(v) && v >= 0 && v <= 100;
}

/* --- memory ---------------------------------------------------------------------------- */

const char *const fuzz_files_memory[] = {"proc/meminfo", "proc/zoneinfo", "proc/vmstat", NULL};

void fuzz_family_memory(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_memory, data, size) != 0)
        return;
    psutil_virtual_memory_t vm;
    int rc = STRUCT_CALL(vm, psutil_virtual_memory(&vm));
    check_call(rc, &vm, sizeof(vm));
    if (rc == 0) {
        FUZZ_CHECK(vm.available <= vm.total && vm.used == vm.total - vm.available);
        FUZZ_CHECK(vm.free <= vm.total && vm.cached <= vm.total && is_pct(vm.percent));
    }
    psutil_swap_memory_t sw;
    rc = STRUCT_CALL(sw, psutil_swap_memory(&sw));
    check_call(rc, &sw, sizeof(sw));
    if (rc == 0)
        FUZZ_CHECK(sw.free <= sw.total && sw.used == sw.total - sw.free && is_pct(sw.percent));
    psutil_meminfo_field_t *f;
    size_t n;
    rc = LIST_CALL(f, n, psutil_meminfo(&f, &n));
    check_list(rc, f, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(f[i].name[0] != '\0');
        psutil_free(f);
    }
    unplant();
}

/* --- cpu ------------------------------------------------------------------------------- */

#define SYSCPU "sys/devices/system/cpu/"
const char *const fuzz_files_cpu[] = {"proc/stat",
                                      "proc/cpuinfo",
                                      "proc/loadavg",
                                      SYSCPU "online",
                                      SYSCPU "present",
                                      SYSCPU "cpu0/topology/core_cpus_list",
                                      SYSCPU "cpu0/topology/thread_siblings_list",
                                      SYSCPU "cpu1/topology/core_cpus_list",
                                      SYSCPU "cpu1/topology/thread_siblings_list",
                                      SYSCPU "cpufreq/policy0/scaling_cur_freq",
                                      SYSCPU "cpufreq/policy0/scaling_min_freq",
                                      SYSCPU "cpufreq/policy0/scaling_max_freq",
                                      SYSCPU "cpufreq/policy0/affected_cpus",
                                      NULL};

static void check_times(const psutil_cpu_times_t *t)
{
    const double v[] = {t->user, t->system,  t->idle,  t->nice,  t->iowait,
                        t->irq,  t->softirq, t->steal, t->guest, t->guest_nice};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        FUZZ_CHECK(isfinite(v[i]) && v[i] >= 0);
}

void fuzz_family_cpu(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_cpu, data, size) != 0)
        return;
    for (int logical = 0; logical < 2; logical++) {
        int count = -7;
        psutil_clear_error();
        int rc = psutil_cpu_count(logical, &count);
        check_call(rc, NULL, 0);
        FUZZ_CHECK(rc == 0 ? count >= 1 && count <= 65536 : count == -7);
    }
    psutil_cpu_times_t t, *pc;
    size_t n;
    int rc = STRUCT_CALL(t, psutil_cpu_times(&t));
    check_call(rc, &t, sizeof(t));
    if (rc == 0)
        check_times(&t);
    rc = LIST_CALL(pc, n, psutil_cpu_times_percpu(&pc, &n));
    check_list(rc, pc, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {
            check_times(&pc[i]);
            FUZZ_CHECK(pc[i].cpu >= 0 && pc[i].cpu < 65536);
        }
        psutil_free(pc);
    }
    psutil_cpu_stats_t st;
    rc = STRUCT_CALL(st, psutil_cpu_stats(&st));
    check_call(rc, &st, sizeof(st));
    psutil_cpu_freq_t fr, *pf;
    rc = STRUCT_CALL(fr, psutil_cpu_freq(&fr));
    check_call(rc, &fr, sizeof(fr));
    if (rc == 0)
        FUZZ_CHECK(isfinite(fr.current) && fr.current >= 0 && fr.min >= 0 && fr.max >= 0);
    rc = LIST_CALL(pf, n, psutil_cpu_freq_percpu(&pf, &n));
    check_list(rc, pf, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(isfinite(pf[i].current) && pf[i].current >= 0);
        psutil_free(pf);
    }
    psutil_loadavg_t l;
    rc = STRUCT_CALL(l, psutil_getloadavg(&l));
    check_call(rc, &l, sizeof(l));
    double bt;
    rc = STRUCT_CALL(bt, psutil_boot_time(&bt));
    check_call(rc, &bt, sizeof(bt));
    if (rc == 0)
        FUZZ_CHECK(isfinite(bt) && bt >= 0);
    unplant();
}

/* --- one process, the table, the monitor ------------------------------------------------- */

#define PID "proc/4242/"
const char *const fuzz_files_proc[] = {
    PID "stat",   PID "status",       PID "statm", PID "io",      PID "cmdline", PID "environ",
    PID "cgroup", PID "smaps_rollup", "proc/stat", "proc/uptime", NULL};

static void fuzz_handle(psutil_proc_t *p)
{
    char *s, **argv;
    size_t n;
    int rc, v;
    psutil_clear_error();
    if ((rc = psutil_proc_name(p, &s)) == 0)
        psutil_free(s);
    check_call(rc, NULL, 0);
    rc = LIST_CALL(argv, n, psutil_proc_cmdline(p, &argv, &n));
    check_list(rc, argv, n);
    if (rc == 0) {
        FUZZ_CHECK(argv[n] == NULL);
        psutil_free(argv);
    }
    psutil_env_var_t *env;
    rc = LIST_CALL(env, n, psutil_proc_environ(p, &env, &n));
    check_list(rc, env, n);
    if (rc == 0)
        psutil_free(env);
    rc = STRUCT_CALL(v, psutil_proc_status(p, &v));
    check_call(rc, &v, sizeof(v));
    psutil_pid_t ppid;
    rc = STRUCT_CALL(ppid, psutil_proc_ppid(p, &ppid));
    check_call(rc, &ppid, sizeof(ppid));
    double ct;
    rc = STRUCT_CALL(ct, psutil_proc_create_time(p, &ct));
    check_call(rc, &ct, sizeof(ct));
    psutil_proc_cpu_times_t t;
    rc = STRUCT_CALL(t, psutil_proc_cpu_times(p, &t));
    check_call(rc, &t, sizeof(t));
    if (rc == 0)
        FUZZ_CHECK(t.user >= 0 && t.system >= 0 && isfinite(t.user) && isfinite(t.system));
    psutil_proc_memory_t m;
    rc = STRUCT_CALL(m, psutil_proc_memory_info(p, &m));
    check_call(rc, &m, sizeof(m));
    psutil_proc_memory_full_t mf;
    rc = STRUCT_CALL(mf, psutil_proc_memory_full_info(p, &mf));
    check_call(rc, &mf, sizeof(mf));
    psutil_proc_io_t io;
    rc = STRUCT_CALL(io, psutil_proc_io_counters(p, &io));
    check_call(rc, &io, sizeof(io));
    psutil_ctx_switches_t cs;
    rc = STRUCT_CALL(cs, psutil_proc_num_ctx_switches(p, &cs));
    check_call(rc, &cs, sizeof(cs));
    psutil_ids_t ids;
    rc = STRUCT_CALL(ids, psutil_proc_uids(p, &ids));
    check_call(rc, &ids, sizeof(ids));
    rc = STRUCT_CALL(ids, psutil_proc_gids(p, &ids));
    check_call(rc, &ids, sizeof(ids));
    int64_t nt;
    rc = STRUCT_CALL(nt, psutil_proc_num_threads(p, &nt));
    check_call(rc, &nt, sizeof(nt));
    if (rc == 0)
        FUZZ_CHECK(nt >= 0);
    rc = STRUCT_CALL(v, psutil_proc_nice(p, &v));
    check_call(rc, &v, sizeof(v));
    psutil_clear_error();
    if ((rc = psutil_proc_username(p, &s)) == 0)
        psutil_free(s);
    check_call(rc, NULL, 0);
    psutil_clear_error();
    if ((rc = psutil_proc_container_id(p, &s)) == 0)
        psutil_free(s);
    check_call(rc, NULL, 0);
}

void fuzz_family_proc(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_proc, data, size) != 0)
        return;
    psutil_proc_t *p = NULL;
    psutil_clear_error();
    int rc = psutil_proc_open(4242, &p);
    check_call(rc, NULL, 0);
    if (rc == 0) {
        FUZZ_CHECK(psutil_proc_pid(p) == 4242);
        fuzz_handle(p);
        /* Acting needs proof that the caller's pid 4242 is the one read: never here. */
        FUZZ_CHECK(psutil_proc_send_signal(p, 0) == PSUTIL_EACCES ||
                   psutil_proc_send_signal(p, 0) == PSUTIL_ENOSUCHPROC);
        psutil_proc_close(p);
    }
    psutil_proc_row_t *rows;
    size_t n;
    rc = LIST_CALL(rows, n, psutil_proc_table(PSUTIL_PF_ALL, &rows, &n));
    check_list(rc, rows, n);
    if (rc == 0) {
        FUZZ_CHECK(n <= 1);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(rows[i].pid == 4242 && rows[i].cpu.user >= 0 && rows[i].name &&
                       rows[i].cmdline && rows[i].num_threads >= 0);
        psutil_free(rows);
    }
    /* The monitor reads the same files through the fds it keeps. */
    psutil_proc_monitor_t *m = NULL;
    psutil_clear_error();
    rc = psutil_proc_monitor_new(PSUTIL_PF_ALL, &m);
    check_call(rc, NULL, 0);
    for (int i = 0; rc == 0 && i < 2; i++) {
        const psutil_proc_row_t *mrows;
        const psutil_proc_rate_t *rates;
        psutil_clear_error();
        rc = psutil_proc_monitor_refresh(m, &mrows, &rates, &n);
        check_call(rc, NULL, 0);
        if (rc == 0) {
            FUZZ_CHECK(n <= 1);
            for (size_t k = 0; k < n; k++)
                FUZZ_CHECK(mrows[k].pid == 4242 && rates[k].cpu_percent >= 0 &&
                           isfinite(rates[k].cpu_percent));
        }
    }
    psutil_proc_monitor_free(m);
    unplant();
}

/* --- network --------------------------------------------------------------------------- */

const char *const fuzz_files_net[] = {"proc/net/dev",  "proc/net/tcp",      "proc/net/tcp6",
                                      "proc/net/udp",  "proc/net/udp6",     "proc/net/unix",
                                      "proc/net/snmp", "proc/net/sockstat", NULL};

void fuzz_family_net(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_net, data, size) != 0)
        return;
    psutil__test_net_no_netlink(1);
    psutil_net_io_t io, *nics;
    size_t n;
    int rc = STRUCT_CALL(io, psutil_net_io_counters(NULL, &io));
    check_call(rc, &io, sizeof(io));
    rc = LIST_CALL(nics, n, psutil_net_io_counters_pernic(NULL, &nics, &n));
    check_list(rc, nics, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(nics[i].name[0] != '\0');
        psutil_free(nics);
    }
    psutil_connection_t *c;
    rc = LIST_CALL(c, n, psutil_net_connections(PSUTIL_CONN_KIND_ALL, &c, &n));
    check_list(rc, c, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(c[i].laddr && c[i].raddr && c[i].lport >= 0 && c[i].lport <= 65535 &&
                       c[i].rport >= 0 && c[i].rport <= 65535 &&
                       psutil_conn_status_name(c[i].status) != NULL);
        psutil_free(c);
    }
    psutil_net_counter_t *k;
    for (int which = 0; which < 2; which++) {
        rc = LIST_CALL(k, n, which ? psutil_net_sockstat(&k, &n) : psutil_net_snmp(&k, &n));
        check_list(rc, k, n);
        if (rc == 0) {
            for (size_t i = 0; i < n; i++)
                FUZZ_CHECK(k[i].name && strchr(k[i].name, '_') != NULL);
            psutil_free(k);
        }
    }
    psutil__test_net_no_netlink(0);
    unplant();
}

/* --- disks ----------------------------------------------------------------------------- */

const char *const fuzz_files_disks[] = {"proc/self/mounts", "proc/filesystems", "proc/diskstats",
                                        NULL};

void fuzz_family_disks(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_disks, data, size) != 0)
        return;
    for (int all = 0; all < 2; all++) {
        psutil_disk_partition_t *parts;
        size_t n;
        int rc = LIST_CALL(parts, n, psutil_disk_partitions(all, &parts, &n));
        check_list(rc, parts, n);
        if (rc == 0) {
            for (size_t i = 0; i < n; i++)
                FUZZ_CHECK(parts[i].device && parts[i].mountpoint && parts[i].fstype &&
                           parts[i].opts);
            psutil_free(parts);
        }
    }
    psutil_disk_io_t io, *disks;
    size_t n;
    int rc = STRUCT_CALL(io, psutil_disk_io_counters(NULL, &io));
    check_call(rc, &io, sizeof(io));
    rc = LIST_CALL(disks, n, psutil_disk_io_counters_perdisk(NULL, &disks, &n));
    check_list(rc, disks, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(disks[i].name[0] != '\0');
        psutil_free(disks);
    }
    unplant();
}

/* --- sensors --------------------------------------------------------------------------- */

#define HW "sys/class/hwmon/hwmon0/"
#define TZ "sys/class/thermal/thermal_zone0/"
#define BAT "sys/class/power_supply/BAT0/"
const char *const fuzz_files_sensors[] = {HW "name",
                                          HW "temp1_input",
                                          HW "temp1_label",
                                          HW "temp1_max",
                                          HW "temp1_crit",
                                          HW "fan1_input",
                                          HW "fan1_label",
                                          TZ "type",
                                          TZ "temp",
                                          TZ "trip_point_0_type",
                                          TZ "trip_point_0_temp",
                                          BAT "type",
                                          BAT "status",
                                          BAT "capacity",
                                          BAT "energy_now",
                                          BAT "energy_full",
                                          BAT "power_now",
                                          "sys/class/power_supply/AC/type",
                                          "sys/class/power_supply/AC/online",
                                          "sys/class/thermal/cooling_device0/type",
                                          "sys/class/thermal/cooling_device0/cur_state",
                                          "sys/class/thermal/cooling_device0/max_state",
                                          NULL};

static int temp_ok(double v)
{
    return isnan(v) || isfinite(v);
}

void fuzz_family_sensors(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_sensors, data, size) != 0)
        return;
    psutil_temperature_t *t;
    size_t n;
    int rc = LIST_CALL(t, n, psutil_sensors_temperatures(&t, &n));
    check_list(rc, t, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(t[i].chip && t[i].label && t[i].hwmon && t[i].device &&
                       isfinite(t[i].current) && temp_ok(t[i].high) && temp_ok(t[i].critical));
        psutil_free(t);
    }
    rc = LIST_CALL(t, n, psutil_sensors_thermal_zones(&t, &n));
    check_list(rc, t, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(t[i].chip && isfinite(t[i].current) && t[i].index >= 0);
        psutil_free(t);
    }
    psutil_cooling_device_t *cd;
    rc = LIST_CALL(cd, n, psutil_sensors_cooling_devices(&cd, &n));
    check_list(rc, cd, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(cd[i].type && cd[i].index >= 0);
        psutil_free(cd);
    }
    psutil_fan_t *f;
    rc = LIST_CALL(f, n, psutil_sensors_fans(&f, &n));
    check_list(rc, f, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(f[i].chip && f[i].label && f[i].hwmon && f[i].device);
        psutil_free(f);
    }
    psutil_battery_t b;
    rc = STRUCT_CALL(b, psutil_sensors_battery(&b));
    check_call(rc, &b, sizeof(b));
    if (rc == 0)
        FUZZ_CHECK(is_pct(b.percent) && b.power_plugged >= -1 && b.power_plugged <= 1 &&
                   (b.secsleft >= 0 || b.secsleft == PSUTIL_POWER_TIME_UNKNOWN ||
                    b.secsleft == PSUTIL_POWER_TIME_UNLIMITED) &&
                   !isnan(b.secsleft));
    unplant();
}

/* --- users ----------------------------------------------------------------------------- */

const char *const fuzz_files_users[] = {"run/utmp", "run/systemd/sessions/1",
                                        "run/systemd/sessions/2", NULL};

void fuzz_family_users(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_users, data, size) != 0)
        return;
    psutil_user_t *u;
    size_t n;
    int rc = LIST_CALL(u, n, psutil_users(&u, &n));
    check_list(rc, u, n);
    if (rc == 0) {
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(u[i].name && u[i].terminal && u[i].host && isfinite(u[i].started));
        psutil_free(u);
    }
    unplant();
}

/* --- cgroups and pressure ---------------------------------------------------------------- */

#define CG "sys/fs/cgroup/"
const char *const fuzz_files_cgroup[] = {"proc/self/cgroup",
                                         "proc/self/mountinfo",
                                         CG "cgroup.controllers",
                                         CG "cpu.max",
                                         CG "memory.max",
                                         CG "memory.high",
                                         CG "memory.current",
                                         CG "memory.swap.max",
                                         CG "pids.max",
                                         CG "pids.current",
                                         CG "cpu.stat",
                                         CG "io.stat",
                                         CG "cpuset.cpus.effective",
                                         CG "cpu.pressure",
                                         "proc/pressure/cpu",
                                         NULL};

void fuzz_family_cgroup(const uint8_t *data, size_t size)
{
    if (plant(fuzz_files_cgroup, data, size) != 0)
        return;
    psutil_cgroup_limits_t l;
    int rc = STRUCT_CALL(l, psutil_cgroup_limits(&l));
    check_call(rc, &l, sizeof(l));
    if (rc == 0)
        FUZZ_CHECK(l.version >= 0 && l.version <= 2 && isfinite(l.effective_cpus) &&
                   (l.cpu_quota == -1 || (isfinite(l.cpu_quota) && l.cpu_quota > 0)));
    psutil_cgroup_stat_t *st;
    size_t n;
    rc = LIST_CALL(st, n, psutil_cgroup_stats(&st, &n));
    check_list(rc, st, n);
    if (rc == 0)
        psutil_free(st);
    psutil_pressure_t p;
    rc = STRUCT_CALL(p, psutil_pressure(PSUTIL_PRESSURE_CPU, &p));
    check_call(rc, &p, sizeof(p));
    if (rc == 0)
        FUZZ_CHECK(is_pct(p.some_avg10) && is_pct(p.some_avg60) && is_pct(p.some_avg300));
    unplant();
}
