/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_table.c - the portable side of the process table: argument checks, and the
 * rates between two snapshots (a merge of two pid-sorted tables, O(n), matching rows by
 * pid and start time as top matches tasks).
 */
#include <math.h>
#include <stddef.h>

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
        if (total_memory && (c->have & PSUTIL_PF_MEMORY))
            r.mem_percent = (double)c->rss / (double)total_memory * 100.0;
        if (p && (c->have & p->have & PSUTIL_PF_CPU_TIMES)) {
            double d = (c->cpu.user + c->cpu.system) - (p->cpu.user + p->cpu.system);
            r.cpu_percent = d > 0 ? d / interval * 100.0 : 0.0;
        }
        if (p && (c->have & p->have & PSUTIL_PF_IO)) {
            if (c->io.read_bytes > p->io.read_bytes)
                r.read_bps = (double)(c->io.read_bytes - p->io.read_bytes) / interval;
            if (c->io.write_bytes > p->io.write_bytes)
                r.write_bps = (double)(c->io.write_bytes - p->io.write_bytes) / interval;
        }
        psutil__copy_out((char *)rates + i * rate_stride, rate_stride, &r, sizeof(r));
    }
    return 0;
}
