/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * disk.c - the portable side of the disk API: argument checks, the nowrap tracker over
 * per-device counters, and the total over whole disks.
 */
#include "internal.h"
#include "os.h"

#define NOWRAP_DISK 1

int psutil_disk_partitions(int all, psutil_disk_partition_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    return psutil__os_disk_partitions(all, out, out_n);
}

int psutil_disk_usage(const char *path, psutil_disk_usage_t *out)
{
    psutil_disk_usage_t u;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    if (!path || !*path)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "empty path");
    int rc = psutil__os_disk_usage(path, &u);
    if (rc == 0)
        *out = u;
    return rc;
}

#define IO_NVALS 9

/* The nine counters of a record as an array for the nowrap tracker, and back. */
static void io_to_array(const psutil_disk_io_t *d, uint64_t v[IO_NVALS])
{
    v[0] = d->read_count;
    v[1] = d->write_count;
    v[2] = d->read_bytes;
    v[3] = d->write_bytes;
    v[4] = d->read_time;
    v[5] = d->write_time;
    v[6] = d->read_merged_count;
    v[7] = d->write_merged_count;
    v[8] = d->busy_time;
}

static void io_from_array(psutil_disk_io_t *d, const uint64_t v[IO_NVALS])
{
    d->read_count = v[0];
    d->write_count = v[1];
    d->read_bytes = v[2];
    d->write_bytes = v[3];
    d->read_time = v[4];
    d->write_time = v[5];
    d->read_merged_count = v[6];
    d->write_merged_count = v[7];
    d->busy_time = v[8];
}

/* Reads per-device counters and runs them through the tracker. */
static int read_io(int whole_disks, psutil_nowrap_t *nw, psutil_disk_io_t **out, size_t *n)
{
    psutil_disk_io_t *v = NULL;
    int rc = nw ? psutil__nowrap_begin(nw, NOWRAP_DISK) : 0;
    if (rc == 0)
        rc = psutil__os_disk_io(whole_disks, &v, n);
    for (size_t i = 0; rc == 0 && nw && i < *n; i++) {
        uint64_t vals[IO_NVALS];
        io_to_array(&v[i], vals);
        rc = psutil__nowrap_apply(nw, v[i].name, vals, IO_NVALS);
        io_from_array(&v[i], vals);
    }
    if (rc != 0) {
        psutil__dealloc(v);
        return rc;
    }
    if (nw)
        psutil__nowrap_sweep(nw);
    *out = v;
    return 0;
}

int psutil_disk_io_counters_perdisk(psutil_nowrap_t *nw, psutil_disk_io_t **out, size_t *out_n)
{
    psutil_disk_io_t *v;
    size_t n;
    if (!out || !out_n)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = read_io(0, nw, &v, &n);
    if (rc == 0) {
        *out = v;
        *out_n = n;
    }
    return rc;
}

int psutil_disk_io_counters(psutil_nowrap_t *nw, psutil_disk_io_t *out)
{
    psutil_disk_io_t *v, sum;
    size_t n;
    if (!out)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL output");
    int rc = read_io(1, nw, &v, &n);
    if (rc != 0)
        return rc;
    uint64_t total[IO_NVALS] = {0};
    for (size_t i = 0; i < n; i++) {
        uint64_t vals[IO_NVALS];
        io_to_array(&v[i], vals);
        for (size_t k = 0; k < IO_NVALS; k++)
            total[k] += vals[k];
    }
    io_from_array(&sum, total);
    sum.name = "";
    psutil__dealloc(v);
    *out = sum;
    return 0;
}
