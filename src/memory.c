/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memory.c - the portable side of the memory API: argument checks and the
 * "written only on success" rule around the backend's reads.
 */
#include "internal.h"
#include "os.h"

int(psutil_virtual_memory)(psutil_virtual_memory_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_virtual_memory_t, out, size, psutil__os_virtual_memory(&tmp_));
}

int(psutil_swap_memory)(psutil_swap_memory_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_swap_memory_t, out, size, psutil__os_swap_memory(&tmp_));
}

int(psutil_vmstat)(psutil_vmstat_field_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_vmstat_field_t, psutil__layout_vmstat_field, out, out_n, stride,
                     psutil__os_vmstat(&blk_, &n_));
}

int(psutil_meminfo)(psutil_meminfo_field_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_meminfo_field_t, psutil__layout_meminfo_field, out, out_n, stride,
                     psutil__os_meminfo(&blk_, &n_));
}
