/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_table.c - the portable side of the process table: argument checks, and the
 * rates between two snapshots (a merge of two pid-sorted tables, O(n), matching rows by
 * pid and start time as top matches tasks).
 */
#include <math.h>

#include "internal.h"
#include "os.h"

int psutil_proc_table(uint32_t fields, psutil_proc_row_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    /* Bits this library does not know (a newer program's fields) are ignored: they are
     * never set in a row's `have`, which is how the caller learns what it got. */
    return psutil__os_proc_table(fields & (uint32_t)PSUTIL_PF_ALL, out, out_n);
}

int psutil_proc_table_rates(const psutil_proc_row_t *prev, size_t prev_n,
                            const psutil_proc_row_t *cur, size_t cur_n, double interval,
                            uint64_t total_memory, psutil_proc_rate_t *rates)
{
    if ((!cur && cur_n) || (!prev && prev_n) || (!rates && cur_n))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL table or output");
    if (!isfinite(interval) || interval <= 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "interval must be finite and > 0");
    size_t j = 0;
    for (size_t i = 0; i < cur_n; i++) {
        const psutil_proc_row_t *c = &cur[i];
        psutil_proc_rate_t r = {0, 0, 0, 0};
        while (j < prev_n && prev[j].pid < c->pid)
            j++;
        const psutil_proc_row_t *p =
            j < prev_n && prev[j].pid == c->pid && prev[j].start == c->start ? &prev[j] : NULL;
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
        rates[i] = r;
    }
    return 0;
}
