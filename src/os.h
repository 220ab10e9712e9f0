/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * os.h - the backend contract. Every OS folder (src/linux/, src/unsupported/, ...)
 * implements each psutil__os_* below; the build links exactly one. The common code in
 * src/ has already checked the arguments (outputs are non-NULL) and turns results into
 * what the public API promises; a backend only reads its kernel. Backends return 0 or
 * a PSUTIL_E* code with the last-error record set, and write outputs only on success.
 */
#ifndef PSUTIL_OS_H
#define PSUTIL_OS_H

#include "internal.h"

/* Online logical CPUs / physical cores; PSUTIL_ENOTSUP when unknown. */
PSUTIL__HIDDEN int psutil__os_cpu_count_logical(int *out);
PSUTIL__HIDDEN int psutil__os_cpu_count_physical(int *out);

/* System-wide and per-CPU times in seconds; percpu is one psutil__malloc block. */
PSUTIL__HIDDEN int psutil__os_cpu_times(psutil_cpu_times_t *out);
PSUTIL__HIDDEN int psutil__os_cpu_times_percpu(psutil_cpu_times_t **out, size_t *out_n);

PSUTIL__HIDDEN int psutil__os_cpu_stats(psutil_cpu_stats_t *out);

/* One entry per CPU (one psutil__malloc block); PSUTIL_ENOTSUP when unknown. */
PSUTIL__HIDDEN int psutil__os_cpu_freq_percpu(psutil_cpu_freq_t **out, size_t *out_n);

PSUTIL__HIDDEN int psutil__os_getloadavg(psutil_loadavg_t *out);
PSUTIL__HIDDEN int psutil__os_boot_time(double *out);

PSUTIL__HIDDEN int psutil__os_virtual_memory(psutil_virtual_memory_t *out);
PSUTIL__HIDDEN int psutil__os_swap_memory(psutil_swap_memory_t *out);

/* Mounted filesystems (all: virtual ones too), as the public function. */
PSUTIL__HIDDEN int psutil__os_disk_partitions(int all, psutil_disk_partition_t **out,
                                              size_t *out_n);
PSUTIL__HIDDEN int psutil__os_disk_usage(const char *path, psutil_disk_usage_t *out);
/* Raw per-device I/O counters; whole_disks: only whole disks (for the total). */
PSUTIL__HIDDEN int psutil__os_disk_io(int whole_disks, psutil_disk_io_t **out, size_t *out_n);

PSUTIL__HIDDEN int psutil__os_sensors_temperatures(psutil_temperature_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_sensors_fans(psutil_fan_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_sensors_battery(psutil_battery_t *out);

PSUTIL__HIDDEN int psutil__os_users(psutil_user_t **out, size_t *out_n);

/* One zero-copy transfer of up to count bytes of fd at *offset to sock (Linux:
 * sendfile(2)); advances *offset by what was sent. Returns the bytes sent (0 at end of
 * file) or a negative errno; -ENOSYS, -EINVAL, -ESPIPE, -EOVERFLOW or -EOPNOTSUPP before
 * the first byte make the caller fall back to read and send. */
PSUTIL__HIDDEN long psutil__os_sendfile(int sock, int fd, uint64_t *offset, size_t count);

#endif
