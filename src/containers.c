/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * containers.c - the portable side of the container API: argument checks, the caller's
 * size; the cgroup and PSI reads are the backend's (os.h).
 */
#include "internal.h"
#include "os.h"

static int limits_of(psutil_proc_t *p, int self, psutil_cgroup_limits_t *out)
{
    if (!self && !p)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle");
    return psutil__os_cgroup_limits(self ? NULL : p, out);
}

int(psutil_cgroup_limits)(psutil_cgroup_limits_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cgroup_limits_t, out, size, limits_of(NULL, 1, &tmp_));
}

int(psutil_proc_cgroup_limits)(psutil_proc_t *p, psutil_cgroup_limits_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_cgroup_limits_t, out, size, limits_of(p, 0, &tmp_));
}

int(psutil_cgroup_stats)(psutil_cgroup_stat_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_cgroup_stat_t, psutil__layout_cgroup_stat, out, out_n, stride,
                     psutil__os_cgroup_stats(&blk_, &n_));
}

static int pressure_of(psutil_proc_t *p, int cgroup, int resource, psutil_pressure_t *out)
{
    if (cgroup && !p)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle");
    if (resource < PSUTIL_PRESSURE_CPU || resource > PSUTIL_PRESSURE_IO)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown pressure resource %d", resource);
    return psutil__os_pressure(cgroup ? p : NULL, resource, out);
}

int(psutil_pressure)(int resource, psutil_pressure_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_pressure_t, out, size, pressure_of(NULL, 0, resource, &tmp_));
}

int(psutil_proc_cgroup_pressure)(psutil_proc_t *p, int resource, psutil_pressure_t *out,
                                 size_t size)
{
    PSUTIL__FILL_OUT(psutil_pressure_t, out, size, pressure_of(p, 1, resource, &tmp_));
}
