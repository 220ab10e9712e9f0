/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unsupported.c - the backend for systems libpsutil has not been ported to. Every
 * entry point of os.h answers PSUTIL_ENOTSUP, so the library and the tool always
 * build, and a port starts from a folder that compiles.
 */
#include <errno.h>

#include "../os.h"
#include "../unix/unix.h"

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
int psutil__unix_zero_copy(int sock, int fd, uint64_t *offset, size_t count, size_t *sent, int *err)
{
    (void)sock;
    (void)fd;
    (void)offset;
    (void)count;
    (void)sent;
    *err = ENOSYS;
    return PSUTIL_EOS;
}

/* --- processes: every entry point answers PSUTIL_ENOTSUP ------------------------------- */

#define UNSUPPORTED_PROC_GETTER(name, type)                                                        \
    int psutil__os_proc_##name(psutil_proc_t *p, type *out)                                        \
    {                                                                                              \
        (void)p;                                                                                   \
        (void)out;                                                                                 \
        return unsupported();                                                                      \
    }
#define UNSUPPORTED_PROC_LIST(name, type)                                                          \
    int psutil__os_proc_##name(psutil_proc_t *p, type **out, size_t *out_n)                        \
    {                                                                                              \
        (void)p;                                                                                   \
        (void)out;                                                                                 \
        (void)out_n;                                                                               \
        return unsupported();                                                                      \
    }

UNSUPPORTED_PROC_GETTER(ppid, psutil_pid_t)
UNSUPPORTED_PROC_GETTER(status, int)
UNSUPPORTED_PROC_GETTER(nice, int)
UNSUPPORTED_PROC_GETTER(num_threads, int64_t)
UNSUPPORTED_PROC_GETTER(cpu_num, int)
UNSUPPORTED_PROC_GETTER(page_faults, psutil_page_faults_t)
UNSUPPORTED_PROC_GETTER(create_time, double)
UNSUPPORTED_PROC_GETTER(cpu_times, psutil_proc_cpu_times_t)
UNSUPPORTED_PROC_GETTER(name, char *)
UNSUPPORTED_PROC_GETTER(exe, char *)
UNSUPPORTED_PROC_GETTER(cwd, char *)
UNSUPPORTED_PROC_GETTER(root, char *)
UNSUPPORTED_PROC_GETTER(terminal, char *)
UNSUPPORTED_PROC_GETTER(username, char *)
UNSUPPORTED_PROC_GETTER(uids, psutil_ids_t)
UNSUPPORTED_PROC_GETTER(gids, psutil_ids_t)
UNSUPPORTED_PROC_GETTER(ionice, psutil_ionice_t)
UNSUPPORTED_PROC_GETTER(io_counters, psutil_proc_io_t)
UNSUPPORTED_PROC_GETTER(num_ctx_switches, psutil_ctx_switches_t)
UNSUPPORTED_PROC_GETTER(num_fds, int64_t)
UNSUPPORTED_PROC_GETTER(memory_info, psutil_proc_memory_t)
UNSUPPORTED_PROC_GETTER(memory_info_ex, psutil_proc_memory_ex_t)
UNSUPPORTED_PROC_GETTER(memory_full_info, psutil_proc_memory_full_t)
UNSUPPORTED_PROC_GETTER(memory_footprint, psutil_proc_memory_footprint_t)
UNSUPPORTED_PROC_LIST(cmdline, char *)
UNSUPPORTED_PROC_LIST(environ, psutil_env_var_t)
UNSUPPORTED_PROC_LIST(threads, psutil_thread_t)
UNSUPPORTED_PROC_LIST(open_files, psutil_open_file_t)
UNSUPPORTED_PROC_LIST(cpu_affinity, int)

int psutil__os_pids(psutil_pid_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_pid_exists(psutil_pid_t pid, int *out)
{
    (void)pid;
    (void)out;
    return unsupported();
}

int psutil__os_ppid_map(psutil__ppid_entry **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_proc_open(psutil_pid_t pid, psutil_proc_t *p)
{
    (void)pid;
    (void)p;
    return unsupported();
}

int psutil__os_proc_oneshot_begin(psutil_proc_t *p)
{
    (void)p;
    return unsupported();
}

void psutil__os_proc_oneshot_end(psutil_proc_t *p)
{
    (void)p;
}

int psutil__os_proc_set_nice(psutil_proc_t *p, int value)
{
    (void)p;
    (void)value;
    return unsupported();
}

int psutil__os_proc_set_ionice(psutil_proc_t *p, int ioclass, int value)
{
    (void)p;
    (void)ioclass;
    (void)value;
    return unsupported();
}

int psutil__os_proc_rlimit(psutil_proc_t *p, int resource, const psutil_rlimit_t *set,
                           psutil_rlimit_t *out)
{
    (void)p;
    (void)resource;
    (void)set;
    (void)out;
    return unsupported();
}

int psutil__os_proc_set_cpu_affinity(psutil_proc_t *p, const int *cpus, size_t n)
{
    (void)p;
    (void)cpus;
    (void)n;
    return unsupported();
}

int psutil__os_proc_memory_maps(psutil_proc_t *p, int grouped, psutil_memory_map_t **out,
                                size_t *out_n)
{
    (void)p;
    (void)grouped;
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_proc_send_signal(psutil_proc_t *p, int sig)
{
    (void)p;
    (void)sig;
    return unsupported();
}

int psutil__os_wait_begin(psutil_proc_t *p, psutil__waiter *w)
{
    (void)p;
    (void)w;
    return unsupported();
}

int psutil__os_wait_check(psutil_proc_t *p, psutil__waiter *w, psutil_exit_t *st)
{
    (void)p;
    (void)w;
    (void)st;
    return 0;
}

int psutil__os_wait_any(const psutil__waiter *w, const int *done, size_t n, double seconds)
{
    (void)w;
    (void)done;
    (void)n;
    (void)seconds;
    return unsupported();
}

void psutil__os_wait_end(psutil__waiter *w)
{
    (void)w;
}

void psutil__test_no_pidfd(int on)
{
    (void)on;
}

int psutil__os_proc_table(uint32_t fields, psutil_proc_row_t **out, size_t *out_n)
{
    (void)fields;
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_proc_monitor_new(uint32_t fields, psutil__os_monitor **out)
{
    (void)fields;
    (void)out;
    return unsupported();
}

int psutil__os_proc_monitor_refresh(psutil__os_monitor *m, psutil_proc_row_t **rows,
                                    psutil_proc_rate_t **rates, size_t *n, void **copy)
{
    (void)m;
    (void)copy;
    (void)rows;
    (void)rates;
    (void)n;
    return unsupported();
}

void psutil__os_proc_monitor_free(psutil__os_monitor *m)
{
    (void)m;
}

void psutil__test_monitor_fd_budget(long n)
{
    (void)n;
}

int psutil__os_net_io(psutil_net_io_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_if_addrs(psutil_net_addr_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_snmp(psutil_net_counter_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_sockstat(psutil_net_counter_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_conntrack(psutil_net_counter_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_sysctl(const char *name, int64_t *values, size_t max, size_t *n)
{
    (void)name;
    (void)values;
    (void)max;
    (void)n;
    return unsupported();
}

int psutil__os_net_softnet(psutil_softnet_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_arp(psutil_net_arp_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_cpu_schedstat(psutil_schedstat_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_sensors_thermal_zones(psutil_temperature_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_sensors_cooling_devices(psutil_cooling_device_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_md_arrays(psutil_md_array_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_if_stats(psutil_net_stats_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_net_connections(int kind, psutil_proc_t *p, psutil_connection_t **out, size_t *out_n)
{
    (void)kind;
    (void)p;
    (void)out;
    (void)out_n;
    return unsupported();
}

void psutil__test_net_no_netlink(int on)
{
    (void)on;
}

int psutil__os_cgroup_limits(psutil_proc_t *p, psutil_cgroup_limits_t *out)
{
    (void)p;
    (void)out;
    return unsupported();
}

int psutil__os_cgroup_stats(psutil_cgroup_stat_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_proc_cgroups(psutil_proc_t *p, psutil_cgroup_t **out, size_t *out_n)
{
    (void)p;
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_proc_container_id(psutil_proc_t *p, char **out)
{
    (void)p;
    (void)out;
    return unsupported();
}

int psutil__os_proc_namespaces(psutil_proc_t *p, psutil_namespaces_t *out)
{
    (void)p;
    (void)out;
    return unsupported();
}

int psutil__os_pressure(psutil_proc_t *p, int resource, psutil_pressure_t *out)
{
    (void)p;
    (void)resource;
    (void)out;
    return unsupported();
}

int psutil__os_heap_info(psutil_heap_info_t *out)
{
    (void)out;
    return unsupported();
}

int psutil__os_heap_trim(int *released)
{
    (void)released;
    return unsupported();
}

int psutil__os_meminfo(psutil_meminfo_field_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}

int psutil__os_vmstat(psutil_vmstat_field_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return unsupported();
}
