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
PSUTIL__HIDDEN int psutil__os_cpu_schedstat(psutil_schedstat_t **out, size_t *out_n);

/* One entry per CPU (one psutil__malloc block); PSUTIL_ENOTSUP when unknown. */
PSUTIL__HIDDEN int psutil__os_cpu_freq_percpu(psutil_cpu_freq_t **out, size_t *out_n);

PSUTIL__HIDDEN int psutil__os_getloadavg(psutil_loadavg_t *out);
PSUTIL__HIDDEN int psutil__os_boot_time(double *out);

PSUTIL__HIDDEN int psutil__os_virtual_memory(psutil_virtual_memory_t *out);
PSUTIL__HIDDEN int psutil__os_swap_memory(psutil_swap_memory_t *out);
PSUTIL__HIDDEN int psutil__os_meminfo(psutil_meminfo_field_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_vmstat(psutil_vmstat_field_t **out, size_t *out_n);

/* Mounted filesystems (all: virtual ones too), as the public function. */
PSUTIL__HIDDEN int psutil__os_disk_partitions(int all, psutil_disk_partition_t **out,
                                              size_t *out_n);
PSUTIL__HIDDEN int psutil__os_disk_usage(const char *path, psutil_disk_usage_t *out);
/* Raw per-device I/O counters; whole_disks: only whole disks (for the total). */
PSUTIL__HIDDEN int psutil__os_disk_io(int whole_disks, psutil_disk_io_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_md_arrays(psutil_md_array_t **out, size_t *out_n);

PSUTIL__HIDDEN int psutil__os_sensors_temperatures(psutil_temperature_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_sensors_fans(psutil_fan_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_sensors_thermal_zones(psutil_temperature_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_sensors_cooling_devices(psutil_cooling_device_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_sensors_battery(psutil_battery_t *out);

PSUTIL__HIDDEN int psutil__os_users(psutil_user_t **out, size_t *out_n);

/* --- processes ----------------------------------------------------------------------
 * The handle (struct psutil_proc_t, internal.h) is allocated by src/proc.c; the
 * backend fills pid and start in psutil__os_proc_open and proves identity on every
 * other call. Outputs are checked non-NULL by the caller. */

/* One entry of the table behind children(): every process with its parent. */
typedef struct psutil__ppid_entry {
    psutil_pid_t pid;
    psutil_pid_t ppid;
    uint64_t start; /* same unit as psutil_proc_t.start */
} psutil__ppid_entry;

PSUTIL__HIDDEN int psutil__os_pids(psutil_pid_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_pid_exists(psutil_pid_t pid, int *out);
PSUTIL__HIDDEN int psutil__os_ppid_map(psutil__ppid_entry **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_open(psutil_pid_t pid, psutil_proc_t *p);
PSUTIL__HIDDEN int psutil__os_proc_oneshot_begin(psutil_proc_t *p);
PSUTIL__HIDDEN void psutil__os_proc_oneshot_end(psutil_proc_t *p);

PSUTIL__HIDDEN int psutil__os_proc_ppid(psutil_proc_t *p, psutil_pid_t *out);
PSUTIL__HIDDEN int psutil__os_proc_status(psutil_proc_t *p, int *out);
PSUTIL__HIDDEN int psutil__os_proc_nice(psutil_proc_t *p, int *out);
PSUTIL__HIDDEN int psutil__os_proc_num_threads(psutil_proc_t *p, int64_t *out);
PSUTIL__HIDDEN int psutil__os_proc_cpu_num(psutil_proc_t *p, int *out);
PSUTIL__HIDDEN int psutil__os_proc_page_faults(psutil_proc_t *p, psutil_page_faults_t *out);
PSUTIL__HIDDEN int psutil__os_proc_create_time(psutil_proc_t *p, double *out);
PSUTIL__HIDDEN int psutil__os_proc_cpu_times(psutil_proc_t *p, psutil_proc_cpu_times_t *out);

PSUTIL__HIDDEN int psutil__os_proc_name(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_exe(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_cwd(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_root(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_cmdline(psutil_proc_t *p, char ***out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_environ(psutil_proc_t *p, psutil_env_var_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_terminal(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_username(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_uids(psutil_proc_t *p, psutil_ids_t *out);
PSUTIL__HIDDEN int psutil__os_proc_gids(psutil_proc_t *p, psutil_ids_t *out);

PSUTIL__HIDDEN int psutil__os_proc_set_nice(psutil_proc_t *p, int value);
PSUTIL__HIDDEN int psutil__os_proc_ionice(psutil_proc_t *p, psutil_ionice_t *out);
PSUTIL__HIDDEN int psutil__os_proc_set_ionice(psutil_proc_t *p, int ioclass, int value);
/* Reads the limit into out (may be NULL) and, when set is not NULL, sets it. */
PSUTIL__HIDDEN int psutil__os_proc_rlimit(psutil_proc_t *p, int resource,
                                          const psutil_rlimit_t *set, psutil_rlimit_t *out);
PSUTIL__HIDDEN int psutil__os_proc_cpu_affinity(psutil_proc_t *p, int **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_set_cpu_affinity(psutil_proc_t *p, const int *cpus, size_t n);

PSUTIL__HIDDEN int psutil__os_proc_io_counters(psutil_proc_t *p, psutil_proc_io_t *out);
PSUTIL__HIDDEN int psutil__os_proc_num_ctx_switches(psutil_proc_t *p, psutil_ctx_switches_t *out);
PSUTIL__HIDDEN int psutil__os_proc_threads(psutil_proc_t *p, psutil_thread_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_num_fds(psutil_proc_t *p, int64_t *out);
PSUTIL__HIDDEN int psutil__os_proc_open_files(psutil_proc_t *p, psutil_open_file_t **out,
                                              size_t *out_n);

PSUTIL__HIDDEN int psutil__os_proc_memory_info(psutil_proc_t *p, psutil_proc_memory_t *out);
PSUTIL__HIDDEN int psutil__os_proc_memory_info_ex(psutil_proc_t *p, psutil_proc_memory_ex_t *out);
PSUTIL__HIDDEN int psutil__os_proc_memory_full_info(psutil_proc_t *p,
                                                    psutil_proc_memory_full_t *out);
PSUTIL__HIDDEN int psutil__os_proc_memory_footprint(psutil_proc_t *p,
                                                    psutil_proc_memory_footprint_t *out);
PSUTIL__HIDDEN int psutil__os_proc_memory_maps(psutil_proc_t *p, int grouped,
                                               psutil_memory_map_t **out, size_t *out_n);

PSUTIL__HIDDEN int psutil__os_proc_send_signal(psutil_proc_t *p, int sig);

/* suspend, resume, terminate and kill, which each OS does its own way (POSIX: SIGSTOP,
 * SIGCONT, SIGTERM, SIGKILL; src/unix/control.c). */
enum psutil__proc_action {
    PSUTIL__ACT_SUSPEND,
    PSUTIL__ACT_RESUME,
    PSUTIL__ACT_TERMINATE,
    PSUTIL__ACT_KILL
};
PSUTIL__HIDDEN int psutil__os_proc_action(psutil_proc_t *p, enum psutil__proc_action what);

/* Waiting (the loop, its deadline, back-off and callbacks are src/wait.c's). One
 * waiter per process, zeroed by the loop before begin and ended by it in every case. */
typedef struct psutil__waiter {
    int handle;    /* an OS handle that becomes ready when the process ends, or -1 */
    int not_child; /* the exit status cannot be collected: only "ended" is known */
} psutil__waiter;
/* Proves p and prepares w: 0, a code psutil_is_gone() accepts when p already ended (or
 * its pid was reused), or another error (not a verdict on the process). */
PSUTIL__HIDDEN int psutil__os_wait_begin(psutil_proc_t *p, psutil__waiter *w);
/* 1 when p has ended (*st: known and exit_code when it was collected, else known 0),
 * 0 while it runs. */
PSUTIL__HIDDEN int psutil__os_wait_check(psutil_proc_t *p, psutil__waiter *w, psutil_exit_t *st);
/* Blocks until one of the n waiters' handles is ready or `seconds` pass (< 0: no
 * limit); skipped entries have done[i] set. With no handle at all, sleeps. 0 or an
 * error. */
PSUTIL__HIDDEN int psutil__os_wait_any(const psutil__waiter *w, const int *done, size_t n,
                                       double seconds);
/* Releases what begin took. */
PSUTIL__HIDDEN void psutil__os_wait_end(psutil__waiter *w);

/* The process table (fields already checked against PSUTIL_PF_ALL). */
PSUTIL__HIDDEN int psutil__os_proc_table(uint32_t fields, psutil_proc_row_t **out, size_t *out_n);
/* The process monitor's backend state (src/proc_table.c wraps it). refresh returns the
 * rows (the library's layout) and, when rates is not NULL, the rates, both owned by the
 * backend until its next refresh; with copy not NULL, *copy also receives the rows as a
 * psutil_free'd block (for a caller's other stride). */
typedef struct psutil__os_monitor psutil__os_monitor;
PSUTIL__HIDDEN int psutil__os_proc_monitor_new(uint32_t fields, psutil__os_monitor **out);
PSUTIL__HIDDEN int psutil__os_proc_monitor_refresh(psutil__os_monitor *m, psutil_proc_row_t **rows,
                                                   psutil_proc_rate_t **rates, size_t *n,
                                                   void **copy);
PSUTIL__HIDDEN void psutil__os_proc_monitor_free(psutil__os_monitor *m);

/* Network. Per-NIC raw counters; addresses; state; connections (kind checked). */
PSUTIL__HIDDEN int psutil__os_net_io(psutil_net_io_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_if_addrs(psutil_net_addr_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_if_stats(psutil_net_stats_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_snmp(psutil_net_counter_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_sockstat(psutil_net_counter_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_conntrack(psutil_net_counter_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_softnet(psutil_softnet_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_net_arp(psutil_net_arp_t **out, size_t *out_n);
/* psutil_sysctl with its arguments checked: writes at most max values. */
PSUTIL__HIDDEN int psutil__os_sysctl(const char *name, int64_t *values, size_t max, size_t *n);
/* pid > 0: only that process's sockets (p proves identity); else every socket. */
PSUTIL__HIDDEN int psutil__os_net_connections(int kind, psutil_proc_t *p, psutil_connection_t **out,
                                              size_t *out_n);

/* Containers. p NULL: the calling process. Limits as psutil.h says; pressure system-wide
 * (cgroup 0) or of p's cgroup (cgroup 1). */
PSUTIL__HIDDEN int psutil__os_cgroup_limits(psutil_proc_t *p, psutil_cgroup_limits_t *out);
PSUTIL__HIDDEN int psutil__os_cgroup_stats(psutil_cgroup_stat_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_cgroups(psutil_proc_t *p, psutil_cgroup_t **out, size_t *out_n);
PSUTIL__HIDDEN int psutil__os_proc_container_id(psutil_proc_t *p, char **out);
PSUTIL__HIDDEN int psutil__os_proc_namespaces(psutil_proc_t *p, psutil_namespaces_t *out);
PSUTIL__HIDDEN int psutil__os_pressure(psutil_proc_t *p, int resource, psutil_pressure_t *out);

/* Windows services: every one (name NULL) or the one of that key name. */
PSUTIL__HIDDEN int psutil__os_win_services(const char *name, psutil_win_service_t **out,
                                           size_t *out_n);

/* The calling process's allocator: mallinfo2 / malloc_trim on glibc. */
PSUTIL__HIDDEN int psutil__os_heap_info(psutil_heap_info_t *out);
PSUTIL__HIDDEN int psutil__os_heap_trim(int *released);

/* psutil_sendfile() after its portable checks (timeout not NaN): the whole transfer,
 * with the public function's contract; *sent is always written. Unix backends share
 * src/unix/sendfile.c. */
PSUTIL__HIDDEN int psutil__os_sendfile(int sock, int fd, uint64_t offset, uint64_t count,
                                       double timeout, uint64_t *sent);

#endif
