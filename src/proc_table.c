/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_table.c - the portable side of the process table: argument checks, and the
 * rates between two snapshots (a merge of two pid-sorted tables, O(n), matching rows by
 * pid and start time as top matches tasks).
 */
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "internal.h"
#include "os.h"

int(psutil_proc_table)(uint32_t fields, psutil_proc_row_t **out, size_t *out_n, size_t stride)
{
    /* Bits this library does not know (a newer program's fields) are ignored: they are
     * never set in a row's `have`, which is how the caller learns what it got. */
    PSUTIL__LIST_OUT(psutil_proc_row_t, psutil__layout_proc_row, out, out_n, stride,
                     psutil__os_proc_table(fields & (uint32_t)PSUTIL_PF_ALL, &blk_, &n_));
}

/* Row i of a table whose rows are `stride` bytes apart (the caller's struct size). The
 * fields read here are all in the 0.1 layout, so any caller's row has them. */
#define ROW(t, stride, i)                                                                          \
    ((const psutil_proc_row_t *)(const void *)((const char *)(t) + (i) * (stride)))

int(psutil_proc_table_rates)(const psutil_proc_row_t *prev, size_t prev_n,
                             const psutil_proc_row_t *cur, size_t cur_n, double interval,
                             uint64_t total_memory, psutil_proc_rate_t *rates, size_t row_stride,
                             size_t rate_stride)
{
    if ((!cur && cur_n) || (!prev && prev_n) || (!rates && cur_n))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL table or output");
    if (!isfinite(interval) || interval <= 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "interval must be finite and > 0");
    int rc = psutil__check_size(row_stride, _Alignof(psutil_proc_row_t), "psutil_proc_row_t");
    if (rc == 0)
        rc = psutil__check_size(rate_stride, _Alignof(psutil_proc_rate_t), "psutil_proc_rate_t");
    if (rc != 0)
        return rc;
    if (row_stride < offsetof(psutil_proc_row_t, num_fds))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "rows of %zu bytes lack the rates' fields",
                             row_stride);
    size_t j = 0;
    for (size_t i = 0; i < cur_n; i++) {
        const psutil_proc_row_t *c = ROW(cur, row_stride, i);
        psutil_proc_rate_t r = {0};
        while (j < prev_n && ROW(prev, row_stride, j)->pid < c->pid)
            j++;
        const psutil_proc_row_t *p = j < prev_n ? ROW(prev, row_stride, j) : NULL;
        if (p && (p->pid != c->pid || p->start != c->start))
            p = NULL;
        psutil__proc_rate(p, c, row_stride, interval, total_memory, &r);
        psutil__copy_out((char *)rates + i * rate_stride, rate_stride, &r, sizeof(r));
    }
    return 0;
}

void psutil__proc_rate(const psutil_proc_row_t *p, const psutil_proc_row_t *c, size_t row_size,
                       double interval, uint64_t total_memory, psutil_proc_rate_t *r)
{
    memset(r, 0, sizeof(*r));
    if (total_memory && (c->have & PSUTIL_PF_MEMORY))
        r->mem_percent = (double)c->rss / (double)total_memory * 100.0;
    if (!p)
        return;
    uint32_t both = c->have & p->have;
    if (both & PSUTIL_PF_CPU_TIMES) {
        double d = (c->cpu.user + c->cpu.system) - (p->cpu.user + p->cpu.system);
        r->cpu_percent = d > 0 ? d / interval * 100.0 : 0.0;
    }
    if (both & PSUTIL_PF_IO) {
        if (c->io.read_bytes > p->io.read_bytes)
            r->read_bps = (double)(c->io.read_bytes - p->io.read_bytes) / interval;
        if (c->io.write_bytes > p->io.write_bytes)
            r->write_bps = (double)(c->io.write_bytes - p->io.write_bytes) / interval;
    }
    /* Rows of a program built before the fault counters have no room for them. */
    if ((both & PSUTIL_PF_PAGE_FAULTS) && row_size >= sizeof(psutil_proc_row_t)) {
        if (c->min_flt > p->min_flt)
            r->min_flt_ps = (double)(c->min_flt - p->min_flt) / interval;
        if (c->maj_flt > p->maj_flt)
            r->maj_flt_ps = (double)(c->maj_flt - p->maj_flt) / interval;
    }
}

/* --- the process monitor: arguments and strides here, the reading in the backend -- */

struct psutil_proc_monitor_t {
    psutil__os_monitor *os;
    void *rows, *rates; /* the last refresh at a caller's other strides, or NULL */
};

int psutil_proc_monitor_new(uint32_t fields, psutil_proc_monitor_t **out)
{
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    psutil_proc_monitor_t *m = psutil__calloc(1, sizeof(*m));
    if (!m)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "process monitor");
    int rc = psutil__os_proc_monitor_new(fields & (uint32_t)PSUTIL_PF_ALL, &m->os);
    if (rc != 0) {
        psutil__dealloc(m);
        return rc;
    }
    *out = m;
    return 0;
}

static void drop_strided(psutil_proc_monitor_t *m)
{
    psutil_free(m->rows);
    psutil_free(m->rates);
    m->rows = m->rates = NULL;
}

int(psutil_proc_monitor_refresh)(psutil_proc_monitor_t *m, const psutil_proc_row_t **rows,
                                 const psutil_proc_rate_t **rates, size_t *n, size_t row_stride,
                                 size_t rate_stride)
{
    if (!m || !rows || !n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL monitor or output");
    int rc = psutil__check_size(row_stride, psutil__layout_proc_row.align, "psutil_proc_row_t");
    if (rc == 0 && rates)
        rc = psutil__check_size(rate_stride, _Alignof(psutil_proc_rate_t), "psutil_proc_rate_t");
    if (rc != 0)
        return rc;
    drop_strided(m);
    psutil_proc_row_t *r;
    psutil_proc_rate_t *t;
    size_t k;
    void *copy = NULL;
    int other = row_stride != sizeof(psutil_proc_row_t);
    if ((rc = psutil__os_proc_monitor_refresh(m->os, &r, rates ? &t : NULL, &k,
                                              other ? &copy : NULL)) != 0)
        return rc;
    if (other) {
        if ((rc = psutil__restride(&copy, k, &psutil__layout_proc_row, row_stride)) != 0)
            return rc;
        m->rows = copy;
        r = copy;
    }
    if (rates && rate_stride != sizeof(psutil_proc_rate_t)) {
        char *w = psutil__malloc((k ? k : 1) * rate_stride);
        if (!w) {
            drop_strided(m);
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "process monitor rates");
        }
        for (size_t i = 0; i < k; i++)
            psutil__copy_out(w + i * rate_stride, rate_stride, &t[i], sizeof(t[i]));
        m->rates = w;
        t = (psutil_proc_rate_t *)(void *)w;
    }
    *rows = r;
    if (rates)
        *rates = t;
    *n = k;
    return 0;
}

void psutil_proc_monitor_free(psutil_proc_monitor_t *m)
{
    if (!m)
        return;
    drop_strided(m);
    psutil__os_proc_monitor_free(m->os);
    psutil__dealloc(m);
}
