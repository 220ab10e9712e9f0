/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cpu.c - the portable side of the CPU API: argument checks, the caller-owned
 * sampler behind the non-blocking percentages, the percent arithmetic psutil uses,
 * the blocking interval variants and the frequency mean. Kernel reads are the
 * backend's (os.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "os.h"

#define SAMPLER_MAGIC UINT64_C(0x70737574696c4350) /* "psutilCP" */

struct sampler_state {
    int have_total;
    psutil_cpu_times_t total;
    int have_percpu;
    size_t n;
    psutil_cpu_times_t *percpu;
};

/* The state behind a valid sampler, or NULL for NULL, garbage, destroyed or copied
 * samplers (the stamp binds the struct's own address). */
static struct sampler_state *sampler_get(const psutil_cpu_sampler_t *s)
{
    if (!s || !s->private_state ||
        s->private_check != psutil__stamp(s, s->private_state, SAMPLER_MAGIC))
        return NULL;
    return s->private_state;
}

int psutil_cpu_sampler_init(psutil_cpu_sampler_t *s)
{
    if (!s)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL sampler");
    struct sampler_state *st = psutil__calloc(1, sizeof(*st));
    if (!st)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "sampler state");
    s->private_state = st;
    s->private_check = psutil__stamp(s, st, SAMPLER_MAGIC);
    return 0;
}

void psutil_cpu_sampler_destroy(psutil_cpu_sampler_t *s)
{
    struct sampler_state *st = sampler_get(s);
    if (!st)
        return;
    psutil__dealloc(st->percpu);
    psutil__dealloc(st);
    s->private_state = NULL;
    s->private_check = 0;
}

/* --- arithmetic, as psutil's cpu_percent / cpu_times_percent ------------------- */

static double clamp_delta(double a, double b)
{
    return b > a ? b - a : 0.0;
}

static void times_delta(const psutil_cpu_times_t *a, const psutil_cpu_times_t *b,
                        psutil_cpu_times_t *d)
{
    d->user = clamp_delta(a->user, b->user);
    d->system = clamp_delta(a->system, b->system);
    d->idle = clamp_delta(a->idle, b->idle);
    d->nice = clamp_delta(a->nice, b->nice);
    d->iowait = clamp_delta(a->iowait, b->iowait);
    d->irq = clamp_delta(a->irq, b->irq);
    d->softirq = clamp_delta(a->softirq, b->softirq);
    d->steal = clamp_delta(a->steal, b->steal);
    d->guest = clamp_delta(a->guest, b->guest);
    d->guest_nice = clamp_delta(a->guest_nice, b->guest_nice);
}

/* The kernel already counts guest time inside user and nice, so it is left out. */
static double times_total(const psutil_cpu_times_t *t)
{
    return t->user + t->system + t->idle + t->nice + t->iowait + t->irq + t->softirq + t->steal;
}

static double clamp_percent(double v)
{
    if (!(v > 0.0))
        return 0.0;
    return v > 100.0 ? 100.0 : v;
}

static double busy_percent(const psutil_cpu_times_t *a, const psutil_cpu_times_t *b)
{
    psutil_cpu_times_t d;
    times_delta(a, b, &d);
    double all = times_total(&d);
    if (all <= 0.0)
        return 0.0;
    return clamp_percent((all - d.idle - d.iowait) / all * 100.0);
}

static void mode_percent(const psutil_cpu_times_t *a, const psutil_cpu_times_t *b,
                         psutil_cpu_times_t *out)
{
    psutil_cpu_times_t d;
    times_delta(a, b, &d);
    double all = times_total(&d);
    double scale = all > 0.0 ? 100.0 / all : 0.0;
    out->user = clamp_percent(d.user * scale);
    out->system = clamp_percent(d.system * scale);
    out->idle = clamp_percent(d.idle * scale);
    out->nice = clamp_percent(d.nice * scale);
    out->iowait = clamp_percent(d.iowait * scale);
    out->irq = clamp_percent(d.irq * scale);
    out->softirq = clamp_percent(d.softirq * scale);
    out->steal = clamp_percent(d.steal * scale);
    out->guest = clamp_percent(d.guest * scale);
    out->guest_nice = clamp_percent(d.guest_nice * scale);
    out->cpu = b->cpu;
}

/* --- plain reads ---------------------------------------------------------------- */

int psutil_cpu_count(int logical, int *out)
{
    int n = 0;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = logical ? psutil__os_cpu_count_logical(&n) : psutil__os_cpu_count_physical(&n);
    if (rc == 0)
        *out = n;
    return rc;
}

int(psutil_cpu_times)(psutil_cpu_times_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cpu_times_t, out, size, psutil__os_cpu_times(&tmp_));
}

int(psutil_cpu_times_percpu)(psutil_cpu_times_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cpu_times_t, psutil__layout_cpu_times, out, out_n, stride,
                     psutil__os_cpu_times_percpu(&blk_, &n_));
}

int(psutil_cpu_stats)(psutil_cpu_stats_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cpu_stats_t, out, size, psutil__os_cpu_stats(&tmp_));
}

int(psutil_cpu_schedstat)(psutil_schedstat_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_schedstat_t, psutil__layout_schedstat, out, out_n, stride,
                     psutil__os_cpu_schedstat(&blk_, &n_));
}

int(psutil_cpu_freq_percpu)(psutil_cpu_freq_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cpu_freq_t, psutil__layout_cpu_freq, out, out_n, stride,
                     psutil__os_cpu_freq_percpu(&blk_, &n_));
}

/* The mean over every CPU the backend lists. */
static int cpu_freq_mean(psutil_cpu_freq_t *out)
{
    psutil_cpu_freq_t *all = NULL, mean = {.cpu = -1};
    size_t n = 0;
    int rc = psutil__os_cpu_freq_percpu(&all, &n);
    if (rc != 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        mean.current += all[i].current;
        mean.min += all[i].min;
        mean.max += all[i].max;
    }
    if (n > 0) {
        mean.current /= (double)n;
        mean.min /= (double)n;
        mean.max /= (double)n;
    }
    psutil__dealloc(all);
    *out = mean;
    return 0;
}

int(psutil_cpu_freq)(psutil_cpu_freq_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cpu_freq_t, out, size, cpu_freq_mean(&tmp_));
}

int(psutil_getloadavg)(psutil_loadavg_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_loadavg_t, out, size, psutil__os_getloadavg(&tmp_));
}

int psutil_boot_time(double *out)
{
    double t;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = psutil__os_boot_time(&t);
    if (rc == 0)
        *out = t;
    return rc;
}

/* --- sampled percentages --------------------------------------------------------- */

/* Reads the system-wide times, computes from the sampler's previous total (zeros on
 * the first call) and stores the new sample. busy != 0: *pct; else *modes. */
static int total_sample(psutil_cpu_sampler_t *s, double *pct, psutil_cpu_times_t *modes)
{
    struct sampler_state *st = sampler_get(s);
    psutil_cpu_times_t now;
    if (!st)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "sampler not initialised (or copied)");
    if (!pct && !modes)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = psutil__os_cpu_times(&now);
    if (rc != 0)
        return rc;
    if (pct)
        *pct = st->have_total ? busy_percent(&st->total, &now) : 0.0;
    if (modes) {
        if (st->have_total)
            mode_percent(&st->total, &now, modes);
        else
            memset(modes, 0, sizeof(*modes));
        modes->cpu = -1;
    }
    st->total = now;
    st->have_total = 1;
    return 0;
}

/* The previous sample of CPU `cpu` in st (sorted as the kernel lists CPUs: ascending),
 * or NULL when that CPU had none. */
static const psutil_cpu_times_t *previous_of(const struct sampler_state *st, int cpu)
{
    size_t lo = 0, hi = st->have_percpu ? st->n : 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (st->percpu[mid].cpu == cpu)
            return &st->percpu[mid];
        if (st->percpu[mid].cpu < cpu)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int cmp_cpu(const void *a, const void *b)
{
    const psutil_cpu_times_t *x = a, *y = b;
    return (x->cpu > y->cpu) - (x->cpu < y->cpu);
}

/* The per-CPU twin: fills either *pct_out (n records) or *modes_out (n times). Samples
 * are matched by CPU number, so a CPU that came or went costs only its own figure. */
static int percpu_sample(psutil_cpu_sampler_t *s, psutil_cpu_percent_t **pct_out,
                         psutil_cpu_times_t **modes_out, size_t *out_n)
{
    struct sampler_state *st = sampler_get(s);
    psutil_cpu_times_t *now = NULL, *modes = NULL, *sorted = NULL;
    psutil_cpu_percent_t *pct = NULL;
    size_t n = 0;
    if (!st)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "sampler not initialised (or copied)");
    if ((!pct_out && !modes_out) || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = psutil__os_cpu_times_percpu(&now, &n);
    if (rc != 0)
        return rc;
    if (pct_out)
        pct = psutil__calloc(n ? n : 1, sizeof(*pct));
    else
        modes = psutil__calloc(n ? n : 1, sizeof(*modes));
    sorted = psutil__malloc((n ? n : 1) * sizeof(*sorted));
    if ((!pct && !modes) || !sorted) {
        psutil__dealloc(now);
        psutil__dealloc(pct);
        psutil__dealloc(modes);
        psutil__dealloc(sorted);
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "per-CPU result");
    }
    for (size_t i = 0; i < n; i++) {
        const psutil_cpu_times_t *prev = previous_of(st, now[i].cpu);
        if (pct) {
            pct[i].cpu = now[i].cpu;
            pct[i].percent = prev ? busy_percent(prev, &now[i]) : 0.0;
        } else if (prev) {
            mode_percent(prev, &now[i], &modes[i]);
        } else {
            modes[i].cpu = now[i].cpu;
        }
    }
    /* Kept sorted by number for the next call's lookups. */
    if (n)
        memcpy(sorted, now, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), cmp_cpu);
    psutil__dealloc(now);
    psutil__dealloc(st->percpu);
    st->percpu = sorted;
    st->n = n;
    st->have_percpu = 1;
    if (pct_out)
        *pct_out = pct;
    else
        *modes_out = modes;
    *out_n = n;
    return 0;
}

int psutil_cpu_percent(psutil_cpu_sampler_t *s, double *out)
{
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return total_sample(s, out, NULL);
}

int(psutil_cpu_times_percent)(psutil_cpu_sampler_t *s, psutil_cpu_times_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cpu_times_t, out, size, total_sample(s, NULL, &tmp_));
}

int(psutil_cpu_percent_percpu)(psutil_cpu_sampler_t *s, psutil_cpu_percent_t **out, size_t *out_n,
                               size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cpu_percent_t, psutil__layout_cpu_percent, out, out_n, stride,
                     percpu_sample(s, &blk_, NULL, &n_));
}

int(psutil_cpu_times_percent_percpu)(psutil_cpu_sampler_t *s, psutil_cpu_times_t **out,
                                     size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cpu_times_t, psutil__layout_cpu_times, out, out_n, stride,
                     percpu_sample(s, NULL, &blk_, &n_));
}

/* --- blocking variants ----------------------------------------------------------- */

/* Runs one of the sampled functions twice, `interval` seconds apart, on a sampler of
 * its own. kind: 0 percent, 1 times percent, 2 per-CPU percent, 3 per-CPU times. */
static int interval_sample(double interval, int kind, void *out, size_t *out_n)
{
    psutil_cpu_sampler_t s;
    if (!out || (kind >= 2 && !out_n))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    if (!isfinite(interval) || interval <= 0.0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "interval must be finite and > 0");
    int rc = psutil_cpu_sampler_init(&s);
    if (rc != 0)
        return rc;
    for (int round = 0; round < 2 && rc == 0; round++) {
        double pct;
        psutil_cpu_times_t modes;
        psutil_cpu_percent_t *pcts = NULL;
        psutil_cpu_times_t *pmodes = NULL;
        size_t n = 0;
        if (round == 1)
            psutil__sleep(interval);
        switch (kind) {
        case 0:
            rc = psutil_cpu_percent(&s, &pct);
            if (rc == 0 && round == 1)
                *(double *)out = pct;
            break;
        case 1:
            rc = psutil_cpu_times_percent(&s, &modes);
            if (rc == 0 && round == 1)
                *(psutil_cpu_times_t *)out = modes;
            break;
        case 2:
            rc = psutil_cpu_percent_percpu(&s, &pcts, &n);
            if (rc == 0 && round == 1) {
                *(psutil_cpu_percent_t **)out = pcts;
                *out_n = n;
                pcts = NULL;
            }
            break;
        default:
            rc = psutil_cpu_times_percent_percpu(&s, &pmodes, &n);
            if (rc == 0 && round == 1) {
                *(psutil_cpu_times_t **)out = pmodes;
                *out_n = n;
                pmodes = NULL;
            }
            break;
        }
        psutil__dealloc(pcts);
        psutil__dealloc(pmodes);
    }
    psutil_cpu_sampler_destroy(&s);
    return rc;
}

int psutil_cpu_percent_interval(double interval, double *out)
{
    return interval_sample(interval, 0, out, NULL);
}

int(psutil_cpu_times_percent_interval)(double interval, psutil_cpu_times_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cpu_times_t, out, size, interval_sample(interval, 1, &tmp_, NULL));
}

int(psutil_cpu_percent_percpu_interval)(double interval, psutil_cpu_percent_t **out, size_t *out_n,
                                        size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cpu_percent_t, psutil__layout_cpu_percent, out, out_n, stride,
                     interval_sample(interval, 2, &blk_, &n_));
}

int(psutil_cpu_times_percent_percpu_interval)(double interval, psutil_cpu_times_t **out,
                                              size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cpu_times_t, psutil__layout_cpu_times, out, out_n, stride,
                     interval_sample(interval, 3, &blk_, &n_));
}
