/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * memory.c - the portable side of the memory API: argument checks and the
 * "written only on success" rule around the backend's reads.
 */
#include "internal.h"
#include "os.h"

int psutil_virtual_memory(psutil_virtual_memory_t *out)
{
    psutil_virtual_memory_t vm;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = psutil__os_virtual_memory(&vm);
    if (rc == 0)
        *out = vm;
    return rc;
}

int psutil_swap_memory(psutil_swap_memory_t *out)
{
    psutil_swap_memory_t sw;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = psutil__os_swap_memory(&sw);
    if (rc == 0)
        *out = sw;
    return rc;
}

int psutil_meminfo(psutil_meminfo_field_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_meminfo(out, out_n);
}
