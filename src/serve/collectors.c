/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * collectors.c - what one scrape of psutil serve collects: the host collectors, the
 * per-process series, process-exporter's groups (groups.c) and the exporter's own
 * figures, each collector on or off by name (--collector.NAME, --no-collector.NAME).
 *
 * System metrics carry node_exporter's names, labels and units where the library reads
 * the same kernel field node_exporter does, and follow Debian 12's
 * prometheus-node-exporter (1.5) defaults for which devices appear:
 *   node_time_seconds, node_time_zone_offset_seconds clock_gettime, localtime(3) (time)
 *   node_boot_time_seconds                           /proc/stat btime (stat)
 *   node_uname_info{domainname,machine,nodename,    uname(2), as node_exporter's uname
 *   release,sysname,version}                         collector
 *   node_load1, node_load5, node_load15              /proc/loadavg
 *   node_cpu_seconds_total{cpu,mode}                 /proc/stat cpuN lines / CLK_TCK
 *   node_cpu_guest_seconds_total{cpu,mode}           /proc/stat guest, guest_nice
 *   node_context_switches_total, node_intr_total     /proc/stat ctxt, intr (stat)
 *   node_forks_total, node_procs_running,            /proc/stat processes, procs_running,
 *   node_procs_blocked                               procs_blocked (psutil_cpu_stats)
 *   node_memory_<Field>[_bytes]                      every /proc/meminfo line, named as
 *                                                    node_exporter names it (Active(anon):
 *                                                    Active_anon; kB lines: _bytes)
 *   node_filesystem_{size,free,avail}_bytes, node_filesystem_files{,_free}, _readonly,
 *   node_filesystem_device_error{device,fstype,mountpoint}
 *                                                    /proc/self/mounts + statvfs; mount
 *                                                    points under /dev /proc /run /sys /mnt
 *                                                    /media, docker and containers storage,
 *                                                    and virtual fstypes left out
 *   node_disk_*{device}                              /proc/diskstats, without ram, loop, fd
 *                                                    and partitions (sda1, nvme0n1p1)
 *   node_disk_info{device,major,minor,path,wwn,      the device numbers; udev's ID_PATH,
 *   model,serial,revision}                           ID_WWN, ID_MODEL, ID_SERIAL_SHORT,
 *                                                    ID_REVISION (<run root>/udev/data)
 *   node_network_{receive,transmit}_*_total{device}  /proc/net/dev, without lo
 *   node_network_info, node_network_up,               sysfs class/net/DEV (netstat.c)
 *   node_network_<attribute>{device}
 *   node_vmstat_<name>                               /proc/vmstat lines node_exporter exports
 *                                                    by default: oom_kill, pgpg*, pswp*,
 *                                                    pg*fault* (psutil_vmstat)
 *   node_netstat_*, node_sockstat_*                 /proc/net/{snmp,netstat,snmp6,sockstat,
 *                                                    sockstat6} (netstat.c)
 *   node_softnet_*_total{cpu}, node_arp_entries{device}
 *                                                    /proc/net/softnet_stat, /proc/net/arp
 *   node_filefd_*, node_entropy_*, node_nf_conntrack_*, node_timex_*, node_os_*
 *                                                    /proc/sys, /proc/net/stat/nf_conntrack,
 *                                                    adjtimex(2), os-release (kernel.c)
 *   node_pressure_{cpu,io,memory}_waiting_seconds_total, node_pressure_{io,memory}_stalled_
 *   seconds_total                                    /proc/pressure (PSI some, full totals)
 *   psutil_cgroup_*                                  the limits binding the exporter's own
 *                                                    cgroup (psutil_cgroup_limits)
 * Where the library's value is not node_exporter's, the name is psutil_*: the page
 * cache as free(1) counts it (Cached + SReclaimable), swap traffic in bytes, IFF_UP,
 * sensors, logged-in users, process counts by status and per-process metrics (labels
 * pid and name, from the process monitor's refresh: cpu, rss and vms from /proc/PID/stat,
 * io, fd/; neither with --no-procs, which reads no /proc/PID but the exporter's own) and
 * each collector's success and duration.
 * A collector that fails reports node_scrape_collector_success 0 and the others still
 * answer. Label values are escaped and invalid UTF-8 (a process may name itself with any
 * bytes) becomes U+FFFD, so every scrape parses.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "../cli/cli.h"
#include "serve.h"

/* ------------------------------------------------------------------------------ */
/* Collectors: each writes whole families into its own buffer, or fails whole.     */
/* ------------------------------------------------------------------------------ */

/* node_time_clocksource_{available,current}_info{clocksource,device}: sysfs
 * devices/system/clocksource/clocksourceN/{available,current}_clocksource (N the device). */
static void collect_clocksources(struct text *t)
{
    char base[700];
    serve_sysfs_path("devices/system/clocksource", base, sizeof(base));
    size_t n;
    unsigned *dev = serve_numbered(base, "clocksource", &n);
    static const char *const file[2] = {"available_clocksource", "current_clocksource"};
    static const char *const name[2] = {"node_time_clocksource_available_info",
                                        "node_time_clocksource_current_info"};
    static const char *const help[2] = {
        "Available clocksources read from '/sys/devices/system/clocksource'.",
        "Current clocksource read from '/sys/devices/system/clocksource'."};
    for (int k = 0; k < 2; k++) {
        int fam = 0;
        for (size_t i = 0; i < n; i++) {
            char dir[800], buf[1024], num[16];
            snprintf(dir, sizeof(dir), "%s/clocksource%u", base, dev[i]);
            snprintf(num, sizeof(num), "%u", dev[i]);
            if (serve_sysfs_attr(dir, file[k], buf, sizeof(buf)) != 0)
                continue;
            for (char *save = NULL, *w = strtok_r(buf, " \t\n", &save); w;
                 w = strtok_r(NULL, " \t\n", &save)) {
                if (!fam++)
                    family(t, name[k], "gauge", help[k]);
                sample(t, name[k], 1, "clocksource", w, "device", num, NULL);
            }
        }
    }
    free(dev);
}

static int collect_time(struct text *t, int procs)
{
    (void)procs;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    family(t, "node_time_seconds", "gauge", "System time in seconds since epoch (1970).");
    sample(t, "node_time_seconds", (double)now.tv_sec + (double)now.tv_nsec / 1e9, NULL);
    /* The local time zone, as localtime(3) has it (TZ, else /etc/localtime). */
    struct tm lt;
    time_t sec = now.tv_sec;
    if (localtime_r(&sec, &lt)) {
        family(t, "node_time_zone_offset_seconds", "gauge", "System time zone offset in seconds.");
        sample(t, "node_time_zone_offset_seconds", (double)lt.tm_gmtoff, "time_zone",
               lt.tm_zone ? lt.tm_zone : "", NULL);
    }
    collect_clocksources(t);
    return 0;
}

/* node_exporter's uname collector: the uname(2) fields as labels of one series. */
static int collect_uname(struct text *t, int procs)
{
    (void)procs;
    struct utsname u;
    if (uname(&u) != 0)
        return PSUTIL_EOS;
    family(t, "node_uname_info", "gauge",
           "Labeled system information as provided by the uname system call.");
    sample(t, "node_uname_info", 1, "domainname", u.domainname, "machine", u.machine, "nodename",
           u.nodename, "release", u.release, "sysname", u.sysname, "version", u.version, NULL);
    return 0;
}

static int collect_loadavg(struct text *t, int procs)
{
    (void)procs;
    psutil_loadavg_t l;
    int rc = psutil_getloadavg(&l);
    if (rc != 0)
        return rc;
    family(t, "node_load1", "gauge", "1m load average.");
    sample(t, "node_load1", l.load1, NULL);
    family(t, "node_load5", "gauge", "5m load average.");
    sample(t, "node_load5", l.load5, NULL);
    family(t, "node_load15", "gauge", "15m load average.");
    sample(t, "node_load15", l.load15, NULL);
    return 0;
}

/* node_exporter's pressure collector: /proc/pressure/{cpu,io,memory} totals in seconds
 * ("some" is waiting, "full" stalled; node_exporter 1.5 exports no cpu "full"). A kernel
 * without PSI has no such series, as node_exporter. */
static int collect_pressure(struct text *t, int procs)
{
    (void)procs;
    static const struct {
        int resource;
        const char *waiting, *stalled, *what;
    } res[] = {
        {PSUTIL_PRESSURE_CPU, "node_pressure_cpu_waiting_seconds_total", NULL, "CPU"},
        {PSUTIL_PRESSURE_IO, "node_pressure_io_waiting_seconds_total",
         "node_pressure_io_stalled_seconds_total", "IO"},
        {PSUTIL_PRESSURE_MEMORY, "node_pressure_memory_waiting_seconds_total",
         "node_pressure_memory_stalled_seconds_total", "memory"},
    };
    for (size_t i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
        psutil_pressure_t p;
        char help[128];
        int rc = psutil_pressure(res[i].resource, &p);
        if (rc == PSUTIL_ENOTSUP)
            return 0;
        if (rc != 0)
            return rc;
        snprintf(help, sizeof(help), "Total time in seconds that processes have waited for %s.",
                 res[i].what);
        family(t, res[i].waiting, "counter", help);
        sample(t, res[i].waiting, (double)p.some_total / 1e6, NULL);
        if (res[i].stalled && p.has_full) {
            snprintf(help, sizeof(help),
                     "Total time in seconds no process could make progress due to %s.",
                     res[i].what);
            family(t, res[i].stalled, "counter", help);
            sample(t, res[i].stalled, (double)p.full_total / 1e6, NULL);
        }
    }
    return 0;
}

/* The limits binding the exporter's own cgroup (psutil_cgroup_limits): a series only for
 * a figure that was read and is a number; no series is no limit. */
static void limit_gauge(struct text *t, const char *name, const char *help, int have, double v)
{
    if (!have)
        return;
    family(t, name, "gauge", help);
    sample(t, name, v, NULL);
}

static int collect_cgroup(struct text *t, int procs)
{
    (void)procs;
    psutil_cgroup_limits_t l;
    int rc = psutil_cgroup_limits(&l);
    if (rc == PSUTIL_ENOTSUP)
        return 0;
    if (rc != 0)
        return rc;
    int mem = (l.have & PSUTIL_CG_MEMORY) != 0, swap = (l.have & PSUTIL_CG_SWAP) != 0;
    int pids = (l.have & PSUTIL_CG_PIDS) != 0;
    limit_gauge(t, "psutil_cgroup_cpu_quota_cpus", "CPUs the cgroup's CFS quota allows.",
                (l.have & PSUTIL_CG_CPU) && l.cpu_quota >= 0, l.cpu_quota);
    limit_gauge(t, "psutil_cgroup_cpuset_cpus", "CPUs in the cgroup's cpuset.",
                (l.have & PSUTIL_CG_CPUSET) != 0, l.cpuset_cpus);
    limit_gauge(t, "psutil_cgroup_effective_cpus",
                "CPUs usable at most: quota, cpuset, affinity and online CPUs.", 1,
                l.effective_cpus);
    limit_gauge(t, "psutil_cgroup_memory_max_bytes", "The cgroup's memory limit (tightest).",
                mem && l.memory_max != PSUTIL_UNLIMITED, (double)l.memory_max);
    limit_gauge(t, "psutil_cgroup_memory_high_bytes", "The cgroup's memory.high (tightest).",
                mem && l.memory_high != PSUTIL_UNLIMITED, (double)l.memory_high);
    limit_gauge(t, "psutil_cgroup_memory_usage_bytes", "Memory the cgroup uses.", mem,
                (double)l.memory_current);
    limit_gauge(t, "psutil_cgroup_swap_max_bytes", "The cgroup's swap limit (tightest).",
                swap && l.swap_max != PSUTIL_UNLIMITED, (double)l.swap_max);
    limit_gauge(t, "psutil_cgroup_swap_usage_bytes", "Swap the cgroup uses.", swap,
                (double)l.swap_current);
    limit_gauge(t, "psutil_cgroup_pids_max", "The cgroup's task limit (tightest).",
                pids && l.pids_max != PSUTIL_UNLIMITED, (double)l.pids_max);
    limit_gauge(t, "psutil_cgroup_pids", "Tasks in the cgroup.", pids, (double)l.pids_current);
    return 0;
}

static int collect_cpu(struct text *t, int procs)
{
    (void)procs;
    psutil_cpu_times_t *c;
    size_t n;
    int rc = psutil_cpu_times_percpu(&c, &n);
    if (rc != 0)
        return rc;
    family(t, "node_cpu_seconds_total", "counter", "Seconds the CPUs spent in each mode.");
    for (size_t i = 0; i < n; i++) {
        char cpu[24];
        snprintf(cpu, sizeof(cpu), "%d", c[i].cpu);
        const struct {
            const char *mode;
            double v;
        } modes[] = {{"idle", c[i].idle},     {"iowait", c[i].iowait},   {"irq", c[i].irq},
                     {"nice", c[i].nice},     {"softirq", c[i].softirq}, {"steal", c[i].steal},
                     {"system", c[i].system}, {"user", c[i].user}};
        for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
            sample(t, "node_cpu_seconds_total", modes[m].v, "cpu", cpu, "mode", modes[m].mode,
                   NULL);
    }
    family(t, "node_cpu_guest_seconds_total", "counter",
           "Seconds the CPUs spent in guests (VMs) for each mode.");
    for (size_t i = 0; i < n; i++) {
        char cpu[24];
        snprintf(cpu, sizeof(cpu), "%d", c[i].cpu);
        sample(t, "node_cpu_guest_seconds_total", c[i].guest_nice, "cpu", cpu, "mode", "nice",
               NULL);
        sample(t, "node_cpu_guest_seconds_total", c[i].guest, "cpu", cpu, "mode", "user", NULL);
    }
    psutil_free(c);
    return 0;
}

/* node_exporter's stat collector: /proc/stat's ctxt, intr, processes, procs_running,
 * procs_blocked (psutil_cpu_stats) and btime (psutil_boot_time). */
static int collect_stat(struct text *t, int procs)
{
    (void)procs;
    psutil_cpu_stats_t st;
    double boot;
    int rc = psutil_cpu_stats(&st);
    if (rc != 0 || (rc = psutil_boot_time(&boot)) != 0)
        return rc;
    family(t, "node_boot_time_seconds", "gauge", "Node boot time, in unixtime.");
    sample(t, "node_boot_time_seconds", boot, NULL);
    family(t, "node_context_switches_total", "counter", "Total number of context switches.");
    sample_u64(t, "node_context_switches_total", st.ctx_switches, NULL);
    family(t, "node_intr_total", "counter", "Total number of interrupts serviced.");
    sample_u64(t, "node_intr_total", st.interrupts, NULL);
    family(t, "node_forks_total", "counter", "Total number of forks.");
    sample_u64(t, "node_forks_total", st.forks, NULL);
    family(t, "node_procs_running", "gauge", "Number of processes in runnable state.");
    sample_u64(t, "node_procs_running", st.procs_running, NULL);
    family(t, "node_procs_blocked", "gauge",
           "Number of processes blocked waiting for I/O to complete.");
    sample_u64(t, "node_procs_blocked", st.procs_blocked, NULL);
    return 0;
}

/* node_exporter's name for a meminfo key: "Active(anon)" is "Active_anon", and a line in
 * kB gets "_bytes". Writes the key part into out; 0 when the key has a character a
 * metric name cannot hold (left out, as a line that would not parse). */
static int meminfo_key(const psutil_meminfo_field_t *f, char *out, size_t size)
{
    size_t k = 0;
    for (const char *c = f->name; *c && k + 1 < size; c++) {
        if (*c == '(')
            out[k++] = '_';
        else if (*c == ')')
            continue;
        else if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
                 *c == '_')
            out[k++] = *c;
        else
            return 0;
    }
    out[k] = '\0';
    if (f->bytes)
        snprintf(out + k, size - k, "_bytes");
    return k > 0;
}

/* node_exporter's default --collector.vmstat.fields, ^(oom_kill|pgpg|pswp|pg.*fault).*,
 * and a name that is a metric name's tail ([a-zA-Z0-9_]). */
static int vmstat_exported(const char *name)
{
    int m = serve_option_match("vmstat.fields", name);
    if (m >= 0)
        return m &&
               strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
                   strlen(name);
    if (strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") !=
        strlen(name))
        return 0;
    return strncmp(name, "oom_kill", 8) == 0 || strncmp(name, "pgpg", 4) == 0 ||
           strncmp(name, "pswp", 4) == 0 || (strncmp(name, "pg", 2) == 0 && strstr(name, "fault"));
}

static int collect_vmstat(struct text *t, int procs)
{
    (void)procs;
    psutil_vmstat_field_t *f;
    size_t n;
    int rc = psutil_vmstat(&f, &n);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!vmstat_exported(f[i].name))
            continue;
        size_t j = 0;
        while (j < i && strcmp(f[j].name, f[i].name) != 0)
            j++;
        if (j < i) /* a name twice: its first line only */
            continue;
        char name[128], help[160];
        snprintf(name, sizeof(name), "node_vmstat_%s", f[i].name);
        snprintf(help, sizeof(help), "/proc/vmstat information field %s.", f[i].name);
        family(t, name, "untyped", help);
        sample_u64(t, name, f[i].value, NULL);
    }
    psutil_free(f);
    return 0;
}

static int collect_memory(struct text *t, int procs)
{
    (void)procs;
    psutil_virtual_memory_t m;
    psutil_swap_memory_t s;
    psutil_meminfo_field_t *mi;
    size_t n;
    int rc = psutil_virtual_memory(&m);
    if (rc != 0 || (rc = psutil_swap_memory(&s)) != 0 || (rc = psutil_meminfo(&mi, &n)) != 0)
        return rc;
    /* Every line the kernel wrote, as it wrote it (node_exporter's meminfo collector): a
     * line a kernel lacks is no series, not a 0. */
    for (size_t i = 0; i < n; i++) {
        char key[96], name[128], help[160];
        if (!meminfo_key(&mi[i], key, sizeof(key)))
            continue;
        snprintf(name, sizeof(name), "node_memory_%s", key);
        snprintf(help, sizeof(help), "Memory information field %s.", key);
        family(t, name, "gauge", help);
        sample_u64(t, name, mi[i].value, NULL);
    }
    psutil_free(mi);
    family(t, "psutil_memory_cached_bytes", "gauge",
           "Page cache as free(1) counts it: meminfo Cached + SReclaimable.");
    sample_u64(t, "psutil_memory_cached_bytes", m.cached, NULL);
    family(t, "psutil_memory_used_bytes", "gauge", "MemTotal - MemAvailable, as free(1).");
    sample_u64(t, "psutil_memory_used_bytes", m.used, NULL);
    family(t, "psutil_swap_in_bytes_total", "counter",
           "Bytes swapped in (vmstat pswpin x page size).");
    sample_u64(t, "psutil_swap_in_bytes_total", s.sin, NULL);
    family(t, "psutil_swap_out_bytes_total", "counter",
           "Bytes swapped out (vmstat pswpout x page size).");
    sample_u64(t, "psutil_swap_out_bytes_total", s.sout, NULL);
    return 0;
}

/* Debian 12's node_exporter defaults for the filesystem collector. */
/* --- node_exporter's regex options ---------------------------------------------- */

/* --collector.NAME.OPTION=REGEX: set, each replaces the collector's built-in rule (the
 * Debian defaults written out below), as node_exporter's flags replace its defaults.
 * serve_collector_option with a NULL value only asks whether the option exists. */
static const char *const re_names[] = {
    "arp.device-exclude",       "arp.device-include",           "diskstats.device-exclude",
    "diskstats.device-include", "filesystem.fs-types-exclude",  "filesystem.mount-points-exclude",
    "netclass.ignored-devices", "netdev.device-exclude",        "netdev.device-include",
    "netstat.fields",           "powersupply.ignored-supplies", "vmstat.fields"};
#define N_RE (sizeof(re_names) / sizeof(re_names[0]))
static struct serve_regex re_opt[N_RE];
static int re_set[N_RE];

int serve_collector_option(const char *name, const char *value, const char **why)
{
    size_t i = 0;
    while (i < N_RE && strcmp(re_names[i], name) != 0)
        i++;
    *why = NULL;
    if (i == N_RE)
        return -1; /* no collector has this option: why stays NULL */
    if (!value) {
        *why = "needs a value";
        return -1;
    }
    struct serve_regex r;
    if (serve_regex_compile(value, &r, why) != 0)
        return -1;
    if (re_set[i])
        serve_regex_free(&re_opt[i]);
    re_opt[i] = r;
    re_set[i] = 1;
    return 0;
}

void serve_collector_option_names(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_RE && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s, ", re_names[i]);
    if (len < size)
        snprintf(buf + len, size - len, "textfile.directory");
}

int serve_option_match(const char *name, const char *s)
{
    for (size_t i = 0; i < N_RE; i++)
        if (strcmp(re_names[i], name) == 0)
            return re_set[i] ? regexec(&re_opt[i].re, s, 0, NULL, 0) == 0 : -1;
    return -1;
}

static int collect_users(struct text *t, int procs)
{
    (void)procs;
    psutil_user_t *u;
    size_t n;
    int rc = psutil_users(&u, &n);
    if (rc != 0)
        return rc;
    family(t, "psutil_users", "gauge", "Logged-in user sessions (utmp, or systemd-logind).");
    sample(t, "psutil_users", (double)n, NULL);
    psutil_free(u);
    return 0;
}

/* The per-process families with one sample per process (cpu has two, by mode). */
enum proc_field { PROC_RSS, PROC_VMS, PROC_START, PROC_THREADS, PROC_FDS, PROC_READ, PROC_WRITE };
static const struct proc_family {
    const char *name, *type, *help;
    uint32_t need; /* row bits that must be filled, beyond those always asked for */
    enum proc_field field;
} proc_families[] = {
    {"psutil_process_resident_memory_bytes", "gauge", "Resident set size.", 0, PROC_RSS},
    {"psutil_process_virtual_memory_bytes", "gauge", "Virtual memory size.", 0, PROC_VMS},
    {"psutil_process_start_time_seconds", "gauge", "Start time of the process since the epoch.", 0,
     PROC_START},
    {"psutil_process_threads", "gauge", "Threads of the process.", 0, PROC_THREADS},
    {"psutil_process_open_fds", "gauge",
     "Open file descriptors (processes the exporter may inspect).", PSUTIL_PF_NUM_FDS, PROC_FDS},
    {"psutil_process_read_bytes_total", "counter", "Bytes read from storage.", PSUTIL_PF_IO,
     PROC_READ},
    {"psutil_process_written_bytes_total", "counter", "Bytes written to storage.", PSUTIL_PF_IO,
     PROC_WRITE},
};

/* An integer field of a row (not PROC_START). */
static uint64_t proc_value(const psutil_proc_row_t *r, enum proc_field f)
{
    switch (f) {
    case PROC_RSS:
        return r->rss;
    case PROC_VMS:
        return r->vms;
    case PROC_THREADS:
        return (uint64_t)r->num_threads;
    case PROC_FDS:
        return (uint64_t)r->num_fds;
    case PROC_READ:
        return r->io.read_bytes;
    case PROC_WRITE:
        return r->io.write_bytes;
    case PROC_START:
        break;
    }
    return 0;
}

/* The process collector's monitor: kept from scrape to scrape, so a scrape reads each
 * process's files through fds it already has (psutil_proc_monitor_refresh). Scrapes run
 * one at a time on the server's thread. */
static psutil_proc_monitor_t *proc_monitor;

/* process-exporter's groups (serve/groups.c), when --config.path names its YAML. They
 * are made from the same refresh as the process metrics: one reading per scrape. */
static struct groups *proc_groups;
static const psutil_proc_row_t *proc_rows; /* this scrape's refresh */
static size_t proc_n;

static int proc_refreshed, proc_refresh_rc; /* this scrape's refresh done, its code */

/* The monitor's refresh, once a scrape (the process and group collectors share it):
 * 0 with proc_rows and proc_n set, or the code it failed with. */
static int proc_refresh(int procs)
{
    if (proc_refreshed)
        return proc_refresh_rc;
    proc_refreshed = 1;
    const psutil_proc_row_t *r;
    size_t n;
    uint32_t mask = PSUTIL_PF_STATUS | (proc_groups ? groups_fields(proc_groups) : 0);
    if (procs)
        mask |= PSUTIL_PF_NAME | PSUTIL_PF_CPU_TIMES | PSUTIL_PF_CREATE_TIME | PSUTIL_PF_MEMORY |
                PSUTIL_PF_NUM_THREADS | PSUTIL_PF_IO | PSUTIL_PF_NUM_FDS;
    int rc = proc_monitor ? 0 : psutil_proc_monitor_new(mask, &proc_monitor);
    if (rc == 0)
        rc = psutil_proc_monitor_refresh(proc_monitor, &r, NULL, &n);
    if (rc == 0) {
        proc_rows = r;
        proc_n = n;
    }
    return proc_refresh_rc = rc;
}

static int collect_processes(struct text *t, int procs)
{
    /* Without per-process metrics or groups, no /proc/PID is read: the host's process
     * counts are node_procs_running and node_procs_blocked, from /proc/stat. */
    if (!procs && !proc_groups)
        return 0;
    int rc = proc_refresh(procs);
    if (rc != 0)
        return rc;
    const psutil_proc_row_t *r = proc_rows;
    size_t n = proc_n;
    size_t count[PSUTIL_STATUS_PARKED + 1] = {0};
    for (size_t i = 0; i < n; i++)
        if (r[i].status > 0 && r[i].status <= PSUTIL_STATUS_PARKED)
            count[r[i].status]++;
    family(t, "psutil_processes", "gauge", "Processes by status (zombies included).");
    for (int s = 1; s <= PSUTIL_STATUS_PARKED; s++)
        sample(t, "psutil_processes", (double)count[s], "status", psutil_proc_status_name(s), NULL);
    if (procs) {
        char(*pid)[24] = cli_alloc(n, sizeof(*pid));
        for (size_t i = 0; i < n; i++)
            snprintf(pid[i], sizeof(pid[i]), "%" PRId64, (int64_t)r[i].pid);
        family(t, "psutil_process_cpu_seconds_total", "counter",
               "CPU time of the process (its threads, not its children), by mode.");
        for (size_t i = 0; i < n; i++) {
            sample(t, "psutil_process_cpu_seconds_total", r[i].cpu.user, "pid", pid[i], "name",
                   r[i].name, "mode", "user", NULL);
            sample(t, "psutil_process_cpu_seconds_total", r[i].cpu.system, "pid", pid[i], "name",
                   r[i].name, "mode", "system", NULL);
        }
        for (size_t f = 0; f < sizeof(proc_families) / sizeof(proc_families[0]); f++) {
            const struct proc_family *pf = &proc_families[f];
            family(t, pf->name, pf->type, pf->help);
            for (size_t i = 0; i < n; i++) {
                if ((r[i].have & pf->need) != pf->need)
                    continue;
                if (pf->field == PROC_START)
                    sample(t, pf->name, r[i].create_time, "pid", pid[i], "name", r[i].name, NULL);
                else
                    sample_u64(t, pf->name, proc_value(&r[i], pf->field), "pid", pid[i], "name",
                               r[i].name, NULL);
            }
        }
        free(pid);
    }
    return 0;
}

static int collect_groups(struct text *t, int procs)
{
    if (!proc_groups)
        return 0;
    /* When the refresh failed, so do the groups, with its code. */
    int rc = proc_refresh(procs);
    return rc != 0 ? groups_failed(proc_groups, rc, t)
                   : groups_collect(proc_groups, proc_rows, proc_n, t);
}

/* The exporter itself under the Prometheus clients' standard names (the Go client's
 * process collector), read through the library like any process. */
static int collect_self(struct text *t, int procs)
{
    (void)procs;
    psutil_proc_t *p;
    psutil_proc_cpu_times_t c;
    psutil_proc_memory_t m;
    psutil_rlimit_t nofile, as;
    int64_t fds;
    double start;
    int rc = psutil_proc_open((psutil_pid_t)getpid(), &p);
    if (rc != 0)
        return rc;
    if ((rc = psutil_proc_cpu_times(p, &c)) == 0 && (rc = psutil_proc_memory_info(p, &m)) == 0 &&
        (rc = psutil_proc_num_fds(p, &fds)) == 0 &&
        (rc = psutil_proc_create_time(p, &start)) == 0 &&
        (rc = psutil_proc_rlimit(p, PSUTIL_RLIMIT_NOFILE, &nofile)) == 0)
        rc = psutil_proc_rlimit(p, PSUTIL_RLIMIT_AS, &as);
    psutil_proc_close(p);
    if (rc != 0)
        return rc;
    family(t, "process_cpu_seconds_total", "counter",
           "Total user and system CPU time spent in seconds.");
    sample(t, "process_cpu_seconds_total", c.user + c.system, NULL);
    family(t, "process_open_fds", "gauge", "Number of open file descriptors.");
    sample_u64(t, "process_open_fds", (uint64_t)fds, NULL);
    family(t, "process_max_fds", "gauge", "Maximum number of open file descriptors.");
    sample(t, "process_max_fds",
           nofile.soft == PSUTIL_RLIM_INFINITY ? INFINITY : (double)nofile.soft, NULL);
    family(t, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.");
    sample_u64(t, "process_virtual_memory_bytes", m.vms, NULL);
    family(t, "process_virtual_memory_max_bytes", "gauge",
           "Maximum amount of virtual memory available in bytes.");
    /* No limit is 2^64 - 1 (1.8446744073709552e+19), as the Go client reports it. */
    sample(t, "process_virtual_memory_max_bytes", (double)as.soft, NULL);
    family(t, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    sample_u64(t, "process_resident_memory_bytes", m.rss, NULL);
    family(t, "process_start_time_seconds", "gauge",
           "Start time of the process since unix epoch in seconds.");
    sample(t, "process_start_time_seconds", start, NULL);
    return 0;
}

/* The exporter's own C heap (psutil_heap_info), so a leak in a long-running exporter
 * shows on its own dashboards. */
static int collect_heap(struct text *t, int procs)
{
    (void)procs;
    psutil_heap_info_t h;
    int rc = psutil_heap_info(&h);
    if (rc != 0)
        return rc;
    family(t, "psutil_exporter_heap_bytes", "gauge",
           "Bytes this exporter's C allocator has in use (glibc mallinfo2), by kind: heap "
           "(small blocks) or mmap (large ones).");
    sample_u64(t, "psutil_exporter_heap_bytes", h.heap_used, "kind", "heap", NULL);
    sample_u64(t, "psutil_exporter_heap_bytes", h.mmap_used, "kind", "mmap", NULL);
    return 0;
}

static const struct collector {
    const char *name;
    int (*fn)(struct text *t, int procs);
} collectors[] = {
    {"time", collect_time},
    {"uname", collect_uname},
    {"os", collect_os},
    {"timex", collect_timex},
    {"loadavg", collect_loadavg},
    {"cpu", collect_cpu},
    {"cpufreq", collect_cpufreq},
    {"stat", collect_stat},
    {"schedstat", collect_schedstat},
    {"meminfo", collect_memory},
    {"vmstat", collect_vmstat},
    {"pressure", collect_pressure},
    {"cgroup", collect_cgroup},
    {"filesystem", collect_filesystem},
    {"diskstats", collect_diskstats},
    {"netdev", collect_netdev},
    {"netclass", collect_netclass},
    {"netstat", collect_netstat},
    {"sockstat", collect_sockstat},
    {"conntrack", collect_conntrack},
    {"softnet", collect_softnet},
    {"arp", collect_arp},
    {"udp_queues", collect_udp_queues},
    {"filefd", collect_filefd},
    {"entropy", collect_entropy},
    {"selinux", collect_selinux},
    {"textfile", collect_textfile},
    {"hwmon", collect_hwmon},
    {"sensors", collect_sensors},
    {"thermal_zone", collect_thermal_zone},
    {"edac", collect_edac},
    {"nvme", collect_nvme},
    {"powersupplyclass", collect_powersupplyclass},
    {"mdadm", collect_mdadm},
    {"users", collect_users},
    {"processes", collect_processes},
    {"namedprocess", collect_groups},
    {"process", collect_self},
    {"heap", collect_heap},
};
#define N_COLLECTORS (sizeof(collectors) / sizeof(collectors[0]))

/* Which collectors run (--collector.NAME, --no-collector.NAME): all by default. */
static int off[N_COLLECTORS];

/* The collector's index, or N_COLLECTORS for a name no collector has. */
static size_t collector_index(const char *name)
{
    size_t i = 0;
    while (i < N_COLLECTORS && strcmp(collectors[i].name, name) != 0)
        i++;
    return i;
}

int serve_collector_set(const char *name, int on)
{
    size_t i = collector_index(name);
    if (i == N_COLLECTORS)
        return -1;
    off[i] = !on;
    return 0;
}

void serve_collectors_none(void)
{
    for (size_t i = 0; i < N_COLLECTORS; i++)
        off[i] = 1;
}

void serve_collector_names(char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_COLLECTORS && len < size; i++) {
        int w = snprintf(buf + len, size - len, "%s%s", i ? " " : "", collectors[i].name);
        len += w > 0 ? (size_t)w : 0;
    }
}

void serve_set_groups(struct groups *g)
{
    proc_groups = g;
}

void serve_collectors_free(void)
{
    psutil_proc_monitor_free(proc_monitor);
    proc_monitor = NULL;
    groups_free(proc_groups);
    proc_groups = NULL;
    serve_textfile_free();
}

/* One scrape: every collector that is on, then their outcomes. */
int serve_scrape(struct text *out, int procs)
{
    int ok[N_COLLECTORS];
    double took[N_COLLECTORS];
    struct text part = {0};
    procs = procs && !off[collector_index("processes")];
    proc_refreshed = 0;
    proc_rows = NULL;
    proc_n = 0;
    for (size_t i = 0; i < N_COLLECTORS; i++) {
        if (off[i])
            continue;
        double t0 = cli_now();
        part.len = 0;
        int rc = collectors[i].fn(&part, procs);
        took[i] = cli_now() - t0;
        ok[i] = rc == 0;
        if (rc == 0)
            text_put(out, part.p ? part.p : "", part.len);
        else {
            char what[64];
            snprintf(what, sizeof(what), "serve: collector %s", collectors[i].name);
            cli_fail(what, rc);
        }
    }
    free(part.p);
    /* node_exporter's names and HELP: its dashboards and alerts read them. */
    family(out, "node_scrape_collector_duration_seconds", "gauge",
           "node_exporter: Duration of a collector scrape.");
    for (size_t i = 0; i < N_COLLECTORS; i++)
        if (!off[i])
            sample(out, "node_scrape_collector_duration_seconds", took[i], "collector",
                   collectors[i].name, NULL);
    family(out, "node_scrape_collector_success", "gauge",
           "node_exporter: Whether a collector succeeded.");
    for (size_t i = 0; i < N_COLLECTORS; i++)
        if (!off[i])
            sample(out, "node_scrape_collector_success", ok[i], "collector", collectors[i].name,
                   NULL);
    family(out, "psutil_exporter_build_info", "gauge", "The library's version; always 1.");
    sample(out, "psutil_exporter_build_info", 1, "version", psutil_version(), NULL);
    int failed = 0;
    for (size_t i = 0; i < N_COLLECTORS; i++)
        failed += !off[i] && !ok[i];
    return failed;
}
