/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kernel.c - node_exporter's collectors of single kernel figures and the OS's name:
 *   filefd      node_filefd_allocated, node_filefd_maximum          psutil_sysctl fs.file-nr
 *   entropy     node_entropy_available_bits, _pool_size_bits       kernel.random.entropy_avail,
 *                                                                   kernel.random.poolsize
 *   conntrack   node_nf_conntrack_entries, _entries_limit,          net.netfilter.nf_conntrack_
 *               node_nf_conntrack_stat_*                            {count,max},
 *                                                                   psutil_net_conntrack
 *   timex       node_timex_*                                        adjtimex(2), read only
 *   os          node_os_info{...}, node_os_version{id,id_like,name} /etc/os-release (or
 *                                                                   /usr/lib/os-release)
 *   schedstat   node_schedstat_{running,waiting}_seconds_total,     psutil_cpu_schedstat
 *               node_schedstat_timeslices_total{cpu}                (/proc/schedstat)
 *   thermal_zone node_thermal_zone_temp{type,zone},                 psutil_sensors_thermal_zones,
 *               node_cooling_device_{cur,max}_state{name,type}      _cooling_devices (sysfs)
 *   selinux     node_selinux_enabled, and when it is,               selinuxfs (<sysfs root>/
 *               node_selinux_current_mode, _config_mode             fs/selinux/enforce),
 *               (1 enforcing, 0 permissive, -1 disabled)            /etc/selinux/config
 * conntrack and schedstat export nothing, and succeed, where the kernel has no such
 * file (no nf_conntrack module, no CONFIG_SCHEDSTATS).
 * Names, HELP, types and units are node_exporter 1.5's.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timex.h>

#include "serve.h"

/* rc says the kernel has no such file (built without the feature, the module not
 * loaded): the collector then exports nothing and succeeds, as pressure does without
 * PSI (node_exporter reports such a collector's "no data" only at debug level). */
static int absent(int rc)
{
    psutil_error_info_t e;
    return rc == PSUTIL_EOS && psutil_last_error(&e) == 0 && e.os_errno == ENOENT;
}

/* The first n integers of a tunable, all there: 0 or the library's code (PSUTIL_EPARSE
 * when the file holds fewer). */
static int tunable(const char *name, int64_t *v, size_t n)
{
    size_t got;
    int rc = psutil_sysctl(name, v, n, &got);
    return rc != 0 ? rc : got < n ? PSUTIL_EPARSE : 0;
}

/* SELinux's mode as node_exporter reports it: 1 enforcing, 0 permissive, -1 disabled. */
static int selinux_mode(const char *word)
{
    if (strcmp(word, "1") == 0 || strcmp(word, "enforcing") == 0)
        return 1;
    if (strcmp(word, "0") == 0 || strcmp(word, "permissive") == 0)
        return 0;
    return -1;
}

int collect_selinux(struct text *t, int procs)
{
    (void)procs;
    char dir[700], enforce[16], line[256], config[32] = "";
    serve_sysfs_path("fs/selinux", dir, sizeof(dir));
    /* selinuxfs is mounted (its enforce file there) only when SELinux is on. */
    int on = serve_sysfs_attr(dir, "enforce", enforce, sizeof(enforce)) == 0 &&
             (strcmp(enforce, "0") == 0 || strcmp(enforce, "1") == 0);
    family(t, "node_selinux_enabled", "gauge", "SELinux is enabled, 1 is true, 0 is false");
    sample(t, "node_selinux_enabled", on, NULL);
    if (!on)
        return 0;
    FILE *f = fopen("/etc/selinux/config", "r"); /* SELINUX=enforcing|permissive|disabled */
    while (f && fgets(line, sizeof(line), f))
        if (strncmp(line, "SELINUX=", 8) == 0) {
            snprintf(config, sizeof(config), "%.*s", (int)strcspn(line + 8, " \t\r\n"), line + 8);
            break;
        }
    if (f)
        fclose(f);
    family(t, "node_selinux_config_mode", "gauge", "Configured SELinux enforcement mode");
    sample(t, "node_selinux_config_mode", selinux_mode(config), NULL);
    family(t, "node_selinux_current_mode", "gauge", "Current SELinux enforcement mode");
    sample(t, "node_selinux_current_mode", selinux_mode(enforce), NULL);
    return 0;
}

int collect_filefd(struct text *t, int procs)
{
    (void)procs;
    int64_t v[3];
    int rc = tunable("fs.file-nr", v, 3);
    if (rc != 0)
        return rc;
    family(t, "node_filefd_allocated", "gauge", "File descriptor statistics: allocated.");
    sample(t, "node_filefd_allocated", (double)v[0], NULL);
    family(t, "node_filefd_maximum", "gauge", "File descriptor statistics: maximum.");
    sample(t, "node_filefd_maximum", (double)v[2], NULL);
    return 0;
}

int collect_entropy(struct text *t, int procs)
{
    (void)procs;
    int64_t avail, pool;
    int rc = tunable("kernel.random.entropy_avail", &avail, 1);
    if (rc == 0)
        rc = tunable("kernel.random.poolsize", &pool, 1);
    if (rc != 0)
        return rc;
    family(t, "node_entropy_available_bits", "gauge", "Bits of available entropy.");
    sample(t, "node_entropy_available_bits", (double)avail, NULL);
    family(t, "node_entropy_pool_size_bits", "gauge", "Bits of entropy pool.");
    sample(t, "node_entropy_pool_size_bits", (double)pool, NULL);
    return 0;
}

int collect_conntrack(struct text *t, int procs)
{
    (void)procs;
    static const struct {
        const char *column, *help;
    } stats[] = {
        {"found", "Number of searched entries which were successful."},
        {"invalid", "Number of packets seen which can not be tracked."},
        {"ignore", "Number of packets seen which are already connected to a conntrack entry."},
        {"insert", "Number of entries inserted into the list."},
        {"insert_failed", "Number of entries for which list insertion was attempted but failed."},
        {"drop", "Number of packets dropped due to conntrack failure."},
        {"early_drop", "Number of dropped conntrack entries to make room for new ones, if "
                       "maximum table size was reached."},
        {"search_restart", "Number of conntrack table lookups which had to be restarted due to "
                           "hashtable resizes."},
    };
    int64_t count, max;
    psutil_net_counter_t *c = NULL;
    size_t n = 0;
    int rc = tunable("net.netfilter.nf_conntrack_count", &count, 1);
    if (rc == 0)
        rc = tunable("net.netfilter.nf_conntrack_max", &max, 1);
    if (rc == 0)
        rc = psutil_net_conntrack(&c, &n);
    if (rc != 0)
        return absent(rc) ? 0 : rc;
    family(t, "node_nf_conntrack_entries", "gauge",
           "Number of currently allocated flow entries for connection tracking.");
    sample(t, "node_nf_conntrack_entries", (double)count, NULL);
    family(t, "node_nf_conntrack_entries_limit", "gauge",
           "Maximum size of connection tracking table.");
    sample(t, "node_nf_conntrack_entries_limit", (double)max, NULL);
    for (size_t s = 0; s < sizeof(stats) / sizeof(stats[0]); s++) {
        char want[64], name[96];
        snprintf(want, sizeof(want), "conntrack_%s", stats[s].column);
        size_t i = 0;
        while (i < n && strcmp(c[i].name, want) != 0)
            i++;
        if (i == n) /* an older kernel without the column: no series, as node_exporter */
            continue;
        snprintf(name, sizeof(name), "node_nf_conntrack_stat_%s", stats[s].column);
        family(t, name, "gauge", stats[s].help);
        sample(t, name, (double)c[i].value, NULL);
    }
    psutil_free(c);
    return 0;
}

static void gauge(struct text *t, const char *name, const char *type, const char *help, double v)
{
    family(t, name, type, help);
    sample(t, name, v, NULL);
}

int collect_timex(struct text *t, int procs)
{
    (void)procs;
    struct timex x;
    memset(&x, 0, sizeof(x)); /* modes 0: read, change nothing */
    int state = adjtimex(&x);
    if (state < 0)
        return PSUTIL_EOS;
    const double us = 1e6, ppm16 = 1e6 * 65536.0, div = (x.status & STA_NANO) ? 1e9 : 1e6;
    gauge(t, "node_timex_offset_seconds", "gauge",
          "Time offset in between local system and reference clock.", (double)x.offset / div);
    gauge(t, "node_timex_frequency_adjustment_ratio", "gauge", "Local clock frequency adjustment.",
          1 + (double)x.freq / ppm16);
    gauge(t, "node_timex_maxerror_seconds", "gauge", "Maximum error in seconds.",
          (double)x.maxerror / us);
    gauge(t, "node_timex_estimated_error_seconds", "gauge", "Estimated error in seconds.",
          (double)x.esterror / us);
    gauge(t, "node_timex_status", "gauge", "Value of the status array bits.", (double)x.status);
    gauge(t, "node_timex_loop_time_constant", "gauge", "Phase-locked loop time constant.",
          (double)x.constant);
    gauge(t, "node_timex_tick_seconds", "gauge", "Seconds between clock ticks.",
          (double)x.tick / us);
    gauge(t, "node_timex_pps_frequency_hertz", "gauge", "Pulse per second frequency.",
          (double)x.ppsfreq / ppm16);
    gauge(t, "node_timex_pps_jitter_seconds", "gauge", "Pulse per second jitter.",
          (double)x.jitter / div);
    gauge(t, "node_timex_pps_shift_seconds", "gauge", "Pulse per second interval duration.",
          (double)x.shift);
    gauge(t, "node_timex_pps_stability_hertz", "gauge",
          "Pulse per second stability, average of recent frequency changes.",
          (double)x.stabil / ppm16);
    gauge(t, "node_timex_pps_jitter_total", "counter",
          "Pulse per second count of jitter limit exceeded events.", (double)x.jitcnt);
    gauge(t, "node_timex_pps_calibration_total", "counter",
          "Pulse per second count of calibration intervals.", (double)x.calcnt);
    gauge(t, "node_timex_pps_error_total", "counter",
          "Pulse per second count of calibration errors.", (double)x.errcnt);
    gauge(t, "node_timex_pps_stability_exceeded_total", "counter",
          "Pulse per second count of stability limit exceeded events.", (double)x.stbcnt);
    gauge(t, "node_timex_tai_offset_seconds", "gauge", "International Atomic Time (TAI) offset.",
          (double)x.tai);
    gauge(t, "node_timex_sync_status", "gauge",
          "Is clock synchronized to a reliable server (1 = yes, 0 = no).",
          state == TIME_ERROR ? 0 : 1);
    return 0;
}

/* os-release(5): the value of KEY=value, unquoted ('...' as is; "..." with \", \\, \$
 * and \` escapes), into out; "" when the key is not there. */
static void os_value(const char *text, const char *key, char *out, size_t size)
{
    size_t k = strlen(key), o = 0;
    out[0] = '\0';
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, key, k) != 0 || p[k] != '=')
            continue;
        const char *v = p + k + 1;
        char quote = *v == '"' || *v == '\'' ? *v++ : 0;
        for (; *v && *v != '\n' && *v != quote && o + 1 < size; v++) {
            if (quote == '"' && *v == '\\' && v[1] && strchr("\"\\$`", v[1]))
                v++;
            out[o++] = *v;
        }
        if (!quote) /* unquoted: trailing blanks are not part of it */
            while (o > 0 && (out[o - 1] == ' ' || out[o - 1] == '\t'))
                o--;
        out[o] = '\0';
        o = 0; /* a later line with the key wins, as in a shell */
    }
}

int collect_os(struct text *t, int procs)
{
    (void)procs;
    static const char *const keys[] = {
        "BUILD_ID",    "ID",      "ID_LIKE",    "IMAGE_ID", "IMAGE_VERSION",    "NAME",
        "PRETTY_NAME", "VARIANT", "VARIANT_ID", "VERSION",  "VERSION_CODENAME", "VERSION_ID"};
    enum { NKEYS = sizeof(keys) / sizeof(keys[0]) };
    char *text = NULL;
    FILE *f = fopen("/etc/os-release", "r");
    if (!f)
        f = fopen("/usr/lib/os-release", "r");
    if (!f)
        return PSUTIL_EOS;
    size_t cap = 0, len = 0;
    for (;;) {
        if (len + 1024 + 1 > cap) {
            char *grown = realloc(text, cap = cap ? cap * 2 : 4096);
            if (!grown || cap > (1u << 20)) {
                free(grown ? grown : text);
                fclose(f);
                return grown ? PSUTIL_EPARSE : PSUTIL_ENOMEM;
            }
            text = grown;
        }
        size_t got = fread(text + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
    }
    fclose(f);
    text[len] = '\0';
    char value[NKEYS][256], label[NKEYS][32];
    for (size_t i = 0; i < NKEYS; i++) {
        os_value(text, keys[i], value[i], sizeof(value[i]));
        size_t j = 0;
        for (; keys[i][j] && j + 1 < sizeof(label[i]); j++)
            label[i][j] =
                (char)(keys[i][j] >= 'A' && keys[i][j] <= 'Z' ? keys[i][j] + 32 : keys[i][j]);
        label[i][j] = '\0';
    }
    free(text);
    family(t, "node_os_info", "gauge",
           "A metric with a constant '1' value labeled by build_id, id, id_like, image_id, "
           "image_version, name, pretty_name, variant, variant_id, version, version_codename, "
           "version_id.");
    sample(t, "node_os_info", 1, label[0], value[0], label[1], value[1], label[2], value[2],
           label[3], value[3], label[4], value[4], label[5], value[5], label[6], value[6], label[7],
           value[7], label[8], value[8], label[9], value[9], label[10], value[10], label[11],
           value[11], NULL);
    /* VERSION_ID's leading "major[.minor]" as a number, 0 when it has none. */
    const char *vid = value[11];
    size_t d = strspn(vid, "0123456789");
    if (d > 0 && vid[d] == '.')
        d += 1 + strspn(vid + d + 1, "0123456789");
    char num[64];
    snprintf(num, sizeof(num), "%.*s", (int)(d < sizeof(num) ? d : sizeof(num) - 1), vid);
    family(t, "node_os_version", "gauge",
           "Metric containing the major.minor part of the OS version.");
    sample(t, "node_os_version", d ? strtod(num, NULL) : 0, "id", value[1], "id_like", value[2],
           "name", value[5], NULL);
    return 0;
}

int collect_schedstat(struct text *t, int procs)
{
    (void)procs;
    psutil_schedstat_t *s;
    size_t n;
    int rc = psutil_cpu_schedstat(&s, &n);
    if (rc != 0)
        return absent(rc) ? 0 : rc;
    static const struct {
        const char *name, *help;
    } fams[] = {
        {"node_schedstat_running_seconds_total", "Number of seconds CPU spent running a process."},
        {"node_schedstat_waiting_seconds_total",
         "Number of seconds spent by processing waiting for this CPU."},
        {"node_schedstat_timeslices_total", "Number of timeslices executed by CPU."},
    };
    for (size_t f = 0; f < 3; f++) {
        family(t, fams[f].name, "counter", fams[f].help);
        for (size_t i = 0; i < n; i++) {
            char cpu[16];
            snprintf(cpu, sizeof(cpu), "%d", s[i].cpu);
            if (f == 2)
                sample_u64(t, fams[f].name, s[i].timeslices, "cpu", cpu, NULL);
            else
                sample(t, fams[f].name, (double)(f ? s[i].waiting_ns : s[i].running_ns) / 1e9,
                       "cpu", cpu, NULL);
        }
    }
    psutil_free(s);
    return 0;
}

/* node_exporter's thermal_zone collector: each zone's temperature, each cooling
 * device's throttle state (psutil_sensors_thermal_zones, _cooling_devices). */
int collect_thermal_zone(struct text *t, int procs)
{
    (void)procs;
    psutil_temperature_t *z;
    psutil_cooling_device_t *c;
    size_t nz, nc;
    int rc = psutil_sensors_thermal_zones(&z, &nz);
    if (rc != 0)
        return rc;
    if ((rc = psutil_sensors_cooling_devices(&c, &nc)) != 0) {
        psutil_free(z);
        return rc;
    }
    char num[16];
    if (nz)
        family(t, "node_thermal_zone_temp", "gauge", "Zone temperature in Celsius");
    for (size_t i = 0; i < nz; i++) {
        snprintf(num, sizeof(num), "%d", z[i].index);
        sample(t, "node_thermal_zone_temp", z[i].current, "type", z[i].chip, "zone", num, NULL);
    }
    for (int f = 0; nc && f < 2; f++) {
        const char *name = f ? "node_cooling_device_max_state" : "node_cooling_device_cur_state";
        family(t, name, "gauge",
               f ? "Maximum throttle state of the cooling device"
                 : "Current throttle state of the cooling device");
        for (size_t i = 0; i < nc; i++) {
            snprintf(num, sizeof(num), "%d", c[i].index);
            sample(t, name, (double)(f ? c[i].max_state : c[i].cur_state), "name", num, "type",
                   c[i].type, NULL);
        }
    }
    psutil_free(z);
    psutil_free(c);
    return 0;
}
