/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unsupported.c - the backend for systems libpsutil has not been ported to. Every
 * entry point of os.h answers PSUTIL_ENOTSUP, so the library and the tool always
 * build, and a port starts from a folder that compiles.
 */
#include <errno.h>

#include "../os.h"

static int unsupported(void)
{
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "not implemented for this system");
}

int psutil__os_cpu_count_logical(int *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_cpu_count_physical(int *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_cpu_times(psutil_cpu_times_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_cpu_times_percpu(psutil_cpu_times_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_cpu_stats(psutil_cpu_stats_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_cpu_freq_percpu(psutil_cpu_freq_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_getloadavg(psutil_loadavg_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_boot_time(double *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_virtual_memory(psutil_virtual_memory_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_swap_memory(psutil_swap_memory_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_disk_partitions(int all, psutil_disk_partition_t **out, size_t *out_n)
{
    (void)all;
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_disk_usage(const char *path, psutil_disk_usage_t *out)
{
    (void)path;
    (void)out;
    return unsupported();
}

int psutil__os_disk_io(int whole_disks, psutil_disk_io_t **out, size_t *out_n)
{
    (void)whole_disks;
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_sensors_temperatures(psutil_temperature_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_sensors_fans(psutil_fan_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_sensors_battery(psutil_battery_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_users(psutil_user_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

/* No zero-copy path: psutil_sendfile() falls back to read and send, which is POSIX. */
long psutil__os_sendfile(int sock, int fd, uint64_t *offset, size_t count)
{
    (void)sock;
    (void)fd;
    (void)offset;
    (void)count;
    return -ENOSYS;
}
