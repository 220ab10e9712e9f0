/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * disk.c - the portable side of the disk API: argument checks, the nowrap tracker over
 * per-device counters, and the total over whole disks.
 */
#include "internal.h"
#include "os.h"

#define NOWRAP_DISK 1

int(psutil_disk_partitions)(int all, psutil_disk_partition_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_disk_partition_t, psutil__layout_disk_partition, out, out_n, stride,
                     psutil__os_disk_partitions(all, &blk_, &n_));
}

/* The path's check, then the backend. */
static int usage(const char *path, psutil_disk_usage_t *out)
{
    if (!path || !*path)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "empty path");
    return psutil__os_disk_usage(path, out);
}

int(psutil_disk_usage)(const char *path, psutil_disk_usage_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_disk_usage_t, out, size, usage(path, &tmp_));
}

/* The counters of a record, for the nowrap tracker and the total (in_progress, major
 * and minor are not counters). */
static const size_t io_fields[] = {
    offsetof(psutil_disk_io_t, read_count),        offsetof(psutil_disk_io_t, write_count),
    offsetof(psutil_disk_io_t, read_bytes),        offsetof(psutil_disk_io_t, write_bytes),
    offsetof(psutil_disk_io_t, read_time),         offsetof(psutil_disk_io_t, write_time),
    offsetof(psutil_disk_io_t, read_merged_count), offsetof(psutil_disk_io_t, write_merged_count),
    offsetof(psutil_disk_io_t, busy_time),         offsetof(psutil_disk_io_t, weighted_time),
    offsetof(psutil_disk_io_t, discard_count),     offsetof(psutil_disk_io_t, discard_merged_count),
    offsetof(psutil_disk_io_t, discard_bytes),     offsetof(psutil_disk_io_t, discard_time),
    offsetof(psutil_disk_io_t, flush_count),       offsetof(psutil_disk_io_t, flush_time)};
static const psutil__counter_layout io_layout = {sizeof(psutil_disk_io_t),
                                                 offsetof(psutil_disk_io_t, name), io_fields,
                                                 sizeof(io_fields) / sizeof(io_fields[0])};

/* Reads per-device counters and runs them through the tracker. */
static int read_io(int whole_disks, psutil_nowrap_t *nw, psutil_disk_io_t **out, size_t *n)
{
    psutil_disk_io_t *v = NULL;
    int rc = nw ? psutil__nowrap_begin(nw, NOWRAP_DISK) : 0;
    if (rc == 0)
        rc = psutil__os_disk_io(whole_disks, &v, n);
    if (rc == 0 && nw)
        rc = psutil__nowrap_records(nw, &io_layout, v, *n);
    if (rc != 0) {
        psutil__dealloc(v);
        return rc;
    }
    *out = v;
    return 0;
}

int(psutil_md_arrays)(psutil_md_array_t **out, size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_md_array_t, psutil__layout_md_array, out, out_n, stride,
                     psutil__os_md_arrays(&blk_, &n_));
}

int(psutil_disk_io_counters_perdisk)(psutil_nowrap_t *nw, psutil_disk_io_t **out, size_t *out_n,
                                     size_t stride)
{
    PSUTIL__LIST_OUT(psutil_disk_io_t, psutil__layout_disk_io, out, out_n, stride,
                     read_io(0, nw, &blk_, &n_));
}

/* Every whole disk's counters summed, named "". */
static int disks_total(psutil_nowrap_t *nw, psutil_disk_io_t *out)
{
    psutil_disk_io_t *v, sum = {0};
    size_t n;
    int rc = read_io(1, nw, &v, &n);
    if (rc != 0)
        return rc;
    psutil__counters_sum(&io_layout, v, n, &sum);
    sum.name = "";
    psutil__dealloc(v);
    *out = sum;
    return 0;
}

int(psutil_disk_io_counters)(psutil_nowrap_t *nw, psutil_disk_io_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_disk_io_t, out, size, disks_total(nw, &tmp_));
}
