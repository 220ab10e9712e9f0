/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stat.c - everything Linux reports through /proc/stat and /proc/loadavg: CPU times
 * (system-wide and per CPU), context switches and interrupts, boot time, load.
 * Sources: Documentation/filesystems/proc.rst, "Miscellaneous kernel statistics in
 * /proc/stat"; the cpu columns are user nice system idle iowait irq softirq steal
 * guest guest_nice, in USER_HZ ticks (sysconf(_SC_CLK_TCK)).
 */
#include <string.h>

#include "../os.h"
#include "linux.h"

/* Parses the numbers after a "cpu"/"cpuN" label into t. */
static int parse_cpu_columns(const char *p, const char *end, psutil__cpu_ticks *t)
{
    int cols = 0;
    memset(t, 0, sizeof(*t));
    for (;;) {
        p = psutil__skip_blanks(p, end);
        if (p >= end)
            break;
        uint64_t v;
        if (psutil__parse_u64_sat(&p, end, &v) != 0 || (p < end && *p != ' ' && *p != '\t'))
            return -1;
        if (cols < PSUTIL__CPU_NCOLS)
            t->v[cols] = v;
        cols++;
    }
    /* user, nice, system and idle exist on every kernel; iowait and later columns
     * arrived with 2.5.41, 2.6.11, 2.6.24 and 2.6.33 and default to 0. */
    return cols >= 4 ? 0 : -1;
}

/* The first number after a label, for "ctxt N", "intr N ...", "btime N". */
static int parse_first(const char *p, const char *end, uint64_t *out)
{
    if (psutil__parse_u64_sat(&p, end, out) != 0)
        return -1;
    return (p == end || *p == ' ' || *p == '\t') ? 0 : -1;
}

static int label_is(const char *line, size_t len, const char *label, const char **rest)
{
    size_t n = strlen(label);
    if (len <= n || memcmp(line, label, n) != 0 || (line[n] != ' ' && line[n] != '\t'))
        return 0;
    *rest = line + n;
    return 1;
}

int psutil__parse_proc_stat(const char *buf, size_t len, psutil__proc_stat *out,
                            psutil__cpu_ticks *percpu, size_t cap)
{
    psutil__proc_stat st;
    psutil__lines it;
    const char *line, *rest;
    size_t n, lineno = 0;
    memset(&st, 0, sizeof(st));
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n;
        lineno++;
        if (n >= 3 && memcmp(line, "cpu", 3) == 0) {
            psutil__cpu_ticks t;
            const char *p = line + 3;
            int is_total = p < end && (*p == ' ' || *p == '\t');
            uint64_t id = 0;
            if (!is_total) {
                if (psutil__parse_u64(&p, end, &id) != 0 || p == end || (*p != ' ' && *p != '\t') ||
                    id >= PSUTIL__CPU_LIMIT)
                    return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad cpu label", lineno);
            }
            if (parse_cpu_columns(p, end, &t) != 0)
                return psutil__error(PSUTIL_EPARSE, 0, NULL,
                                     "line %zu: cpu line needs 4+ numeric columns", lineno);
            t.cpu = is_total ? -1 : (int)id;
            if (is_total) {
                st.total = t;
                st.have |= PSUTIL__STAT_HAVE_TOTAL;
            } else {
                if (st.ncpu < cap)
                    percpu[st.ncpu] = t;
                st.ncpu++;
            }
            continue;
        }
        uint64_t *slot = NULL;
        unsigned bit = 0;
        if (label_is(line, n, "ctxt", &rest)) {
            slot = &st.ctxt;
            bit = PSUTIL__STAT_HAVE_CTXT;
        } else if (label_is(line, n, "intr", &rest)) {
            slot = &st.intr;
            bit = PSUTIL__STAT_HAVE_INTR;
        } else if (label_is(line, n, "softirq", &rest)) {
            slot = &st.softirq;
            bit = PSUTIL__STAT_HAVE_SOFTIRQ;
        } else if (label_is(line, n, "btime", &rest)) {
            slot = &st.btime;
            bit = PSUTIL__STAT_HAVE_BTIME;
        } else if (label_is(line, n, "processes", &rest)) {
            slot = &st.processes;
            bit = PSUTIL__STAT_HAVE_PROCESSES;
        } else if (label_is(line, n, "procs_running", &rest)) {
            slot = &st.procs_running;
            bit = PSUTIL__STAT_HAVE_RUNNING;
        } else if (label_is(line, n, "procs_blocked", &rest)) {
            slot = &st.procs_blocked;
            bit = PSUTIL__STAT_HAVE_BLOCKED;
        }
        if (slot) {
            if (parse_first(rest, end, slot) != 0)
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad number", lineno);
            st.have |= bit;
        }
    }
    if (!(st.have & PSUTIL__STAT_HAVE_TOTAL))
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "no \"cpu\" line");
    *out = st;
    return 0;
}

void psutil__ticks_to_times(const psutil__cpu_ticks *t, long hz, psutil_cpu_times_t *out)
{
    double d = (double)hz;
    out->cpu = t->cpu;
    out->user = (double)t->v[PSUTIL__CPU_USER] / d;
    out->nice = (double)t->v[PSUTIL__CPU_NICE] / d;
    out->system = (double)t->v[PSUTIL__CPU_SYSTEM] / d;
    out->idle = (double)t->v[PSUTIL__CPU_IDLE] / d;
    out->iowait = (double)t->v[PSUTIL__CPU_IOWAIT] / d;
    out->irq = (double)t->v[PSUTIL__CPU_IRQ] / d;
    out->softirq = (double)t->v[PSUTIL__CPU_SOFTIRQ] / d;
    out->steal = (double)t->v[PSUTIL__CPU_STEAL] / d;
    out->guest = (double)t->v[PSUTIL__CPU_GUEST] / d;
    out->guest_nice = (double)t->v[PSUTIL__CPU_GUEST_NICE] / d;
}

int psutil__os_cpu_times(psutil_cpu_times_t *out)
{
    psutil__proc_stat st;
    int rc = psutil__linux_read_stat(&st, NULL, 0);
    if (rc == 0)
        psutil__ticks_to_times(&st.total, psutil__clock_ticks(), out);
    return rc;
}

int psutil__os_cpu_times_percpu(psutil_cpu_times_t **out, size_t *out_n)
{
    psutil__proc_stat st;
    psutil__cpu_ticks stack[64], *ticks = stack;
    size_t cap = 64;
    psutil_cpu_times_t *res = NULL;
    int rc = psutil__linux_read_stat(&st, ticks, cap);
    /* More CPUs than the stack array holds: read again with room for all. The count
     * can grow between the reads (hotplug), so loop until it fits. */
    while (rc == 0 && st.ncpu > cap) {
        if (ticks != stack)
            psutil__dealloc(ticks);
        cap = st.ncpu + 16;
        ticks = psutil__calloc(cap, sizeof(*ticks));
        if (!ticks) {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "per-CPU ticks");
            break;
        }
        rc = psutil__linux_read_stat(&st, ticks, cap);
    }
    if (rc == 0) {
        res = psutil__calloc(st.ncpu, sizeof(*res));
        if (!res)
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "per-CPU times");
    }
    if (rc == 0) {
        long hz = psutil__clock_ticks();
        for (size_t i = 0; i < st.ncpu; i++)
            psutil__ticks_to_times(&ticks[i], hz, &res[i]);
        *out = res;
        *out_n = st.ncpu;
    }
    if (ticks != stack)
        psutil__dealloc(ticks);
    return rc;
}

int psutil__os_cpu_stats(psutil_cpu_stats_t *out)
{
    psutil__proc_stat st;
    int rc = psutil__linux_read_stat(&st, NULL, 0);
    if (rc != 0)
        return rc;
    if (!(st.have & PSUTIL__STAT_HAVE_CTXT) || !(st.have & PSUTIL__STAT_HAVE_INTR))
        return psutil__linux_parse_failed(
            PSUTIL__ROOT_PROC, "stat",
            psutil__error(PSUTIL_EPARSE, 0, NULL, "no \"ctxt\" or \"intr\" line"));
    out->ctx_switches = st.ctxt;
    out->interrupts = st.intr;
    out->soft_interrupts = st.softirq; /* "softirq" arrived in Linux 2.6.31 */
    out->syscalls = 0;
    out->forks = st.processes;
    out->procs_running = st.procs_running;
    out->procs_blocked = st.procs_blocked;
    return 0;
}

int psutil__os_boot_time(double *out)
{
    psutil__proc_stat st;
    int rc = psutil__linux_read_stat(&st, NULL, 0);
    if (rc != 0)
        return rc;
    if (!(st.have & PSUTIL__STAT_HAVE_BTIME))
        return psutil__linux_parse_failed(
            PSUTIL__ROOT_PROC, "stat", psutil__error(PSUTIL_EPARSE, 0, NULL, "no \"btime\" line"));
    *out = (double)st.btime;
    return 0;
}

/* /proc/loadavg: "0.05 0.07 0.02 2/83 1771" (proc.rst, "/proc/loadavg"). */
int psutil__parse_loadavg(const char *buf, size_t len, psutil_loadavg_t *out)
{
    const char *p = buf, *end = buf + len;
    double v[3];
    for (int i = 0; i < 3; i++) {
        if (psutil__parse_decimal(&p, end, &v[i]) != 0 || p >= end || (*p != ' ' && *p != '\n'))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "load average %d malformed", i + 1);
    }
    out->load1 = v[0];
    out->load5 = v[1];
    out->load15 = v[2];
    return 0;
}

int psutil__os_getloadavg(psutil_loadavg_t *out)
{
    psutil__buf b = {0};
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "loadavg", &b);
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "loadavg",
                                        psutil__parse_loadavg(b.data, b.len, out));
    psutil__buf_release(&b);
    return rc;
}

int psutil__parse_schedstat(const char *buf, size_t len, psutil__pack *pk)
{
    psutil__lines it;
    const char *line;
    size_t n;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *p = line + 3, *end = line + n;
        uint64_t cpu, v[9];
        if (n < 4 || memcmp(line, "cpu", 3) != 0 || *p < '0' || *p > '9' ||
            psutil__parse_u64(&p, end, &cpu) != 0 || cpu > INT32_MAX ||
            (p < end && *p != ' ' && *p != '\t'))
            continue;
        size_t k = 0;
        while (k < 9 && psutil__parse_u64_sat(&p, end, &v[k]) == 0)
            k++;
        if (k < 9)
            continue;
        psutil_schedstat_t s;
        memset(&s, 0, sizeof(s));
        s.cpu = (int)cpu;
        s.running_ns = v[6];
        s.waiting_ns = v[7];
        s.timeslices = v[8];
        int rc = psutil__pack_add(pk, &s);
        if (rc != 0)
            return rc;
    }
    return 0;
}

int psutil__os_cpu_schedstat(psutil_schedstat_t **out, size_t *out_n)
{
    return psutil__linux_read_list("schedstat", &psutil__layout_schedstat, psutil__parse_schedstat,
                                   (void **)out, out_n);
}
