/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * calls.c - every public function as a call the reliability tests can repeat: the
 * fault injection (test_faults.c) fails each system call of each, the soak test
 * (test_soak.c, tests/soak/) calls each 100,000 times and watches memory and fds.
 */
#include <string.h>
#include <unistd.h>

#include "calls.h"

psutil_pid_t calls_target;

/* --- the calls ------------------------------------------------------------------------ */

#define STRUCT_CALL(fn, type, expr)                                                                \
    static int fn(void *out)                                                                       \
    {                                                                                              \
        type *o = out;                                                                             \
        return expr;                                                                               \
    }

#define LIST_CALL(fn, type, expr)                                                                  \
    static int fn(void *out)                                                                       \
    {                                                                                              \
        struct {                                                                                   \
            type *v;                                                                               \
            size_t n;                                                                              \
        } *o = out;                                                                                \
        int rc = expr;                                                                             \
        if (rc == 0)                                                                               \
            psutil_free(o->v);                                                                     \
        return rc;                                                                                 \
    }

/* A handle on the target, then fn on it; the handle's own calls are faulted too. */
#define PROC_CALL(fn, type, expr)                                                                  \
    static int fn(void *out)                                                                       \
    {                                                                                              \
        psutil_proc_t *p;                                                                          \
        int rc = psutil_proc_open(calls_target, &p);                                               \
        if (rc != 0)                                                                               \
            return rc;                                                                             \
        type *o = out;                                                                             \
        rc = expr;                                                                                 \
        psutil_proc_close(p);                                                                      \
        return rc;                                                                                 \
    }

#define PROC_LIST_CALL(fn, type, expr)                                                             \
    static int fn(void *out)                                                                       \
    {                                                                                              \
        psutil_proc_t *p;                                                                          \
        int rc = psutil_proc_open(calls_target, &p);                                               \
        if (rc != 0)                                                                               \
            return rc;                                                                             \
        struct {                                                                                   \
            type *v;                                                                               \
            size_t n;                                                                              \
        } *o = out;                                                                                \
        rc = expr;                                                                                 \
        if (rc == 0)                                                                               \
            psutil_free(o->v);                                                                     \
        psutil_proc_close(p);                                                                      \
        return rc;                                                                                 \
    }

#define PROC_STR_CALL(fn, getter)                                                                  \
    static int fn(void *out)                                                                       \
    {                                                                                              \
        psutil_proc_t *p;                                                                          \
        int rc = psutil_proc_open(calls_target, &p);                                               \
        if (rc != 0)                                                                               \
            return rc;                                                                             \
        char **o = out;                                                                            \
        rc = getter(p, o);                                                                         \
        if (rc == 0)                                                                               \
            psutil_free(*o);                                                                       \
        psutil_proc_close(p);                                                                      \
        return rc;                                                                                 \
    }

STRUCT_CALL(c_cpu_count_logical, int, psutil_cpu_count(1, o))
STRUCT_CALL(c_cpu_count_physical, int, psutil_cpu_count(0, o))
STRUCT_CALL(c_cpu_times, psutil_cpu_times_t, psutil_cpu_times(o))
LIST_CALL(c_cpu_times_percpu, psutil_cpu_times_t, psutil_cpu_times_percpu(&o->v, &o->n))
STRUCT_CALL(c_cpu_stats, psutil_cpu_stats_t, psutil_cpu_stats(o))
STRUCT_CALL(c_cpu_freq, psutil_cpu_freq_t, psutil_cpu_freq(o))
LIST_CALL(c_cpu_freq_percpu, psutil_cpu_freq_t, psutil_cpu_freq_percpu(&o->v, &o->n))
STRUCT_CALL(c_loadavg, psutil_loadavg_t, psutil_getloadavg(o))
STRUCT_CALL(c_boot_time, double, psutil_boot_time(o))
STRUCT_CALL(c_virtual_memory, psutil_virtual_memory_t, psutil_virtual_memory(o))
STRUCT_CALL(c_swap_memory, psutil_swap_memory_t, psutil_swap_memory(o))
LIST_CALL(c_meminfo, psutil_meminfo_field_t, psutil_meminfo(&o->v, &o->n))
LIST_CALL(c_vmstat, psutil_vmstat_field_t, psutil_vmstat(&o->v, &o->n))
LIST_CALL(c_disk_partitions, psutil_disk_partition_t, psutil_disk_partitions(0, &o->v, &o->n))
STRUCT_CALL(c_disk_usage, psutil_disk_usage_t, psutil_disk_usage("/", o))
STRUCT_CALL(c_disk_io, psutil_disk_io_t, psutil_disk_io_counters(NULL, o))
LIST_CALL(c_disk_io_perdisk, psutil_disk_io_t, psutil_disk_io_counters_perdisk(NULL, &o->v, &o->n))
STRUCT_CALL(c_net_io, psutil_net_io_t, psutil_net_io_counters(NULL, o))
LIST_CALL(c_net_if_addrs, psutil_net_addr_t, psutil_net_if_addrs(&o->v, &o->n))
LIST_CALL(c_net_if_stats, psutil_net_stats_t, psutil_net_if_stats(&o->v, &o->n))
LIST_CALL(c_net_snmp, psutil_net_counter_t, psutil_net_snmp(&o->v, &o->n))
LIST_CALL(c_net_sockstat, psutil_net_counter_t, psutil_net_sockstat(&o->v, &o->n))
LIST_CALL(c_net_conntrack, psutil_net_counter_t, psutil_net_conntrack(&o->v, &o->n))
LIST_CALL(c_cpu_schedstat, psutil_schedstat_t, psutil_cpu_schedstat(&o->v, &o->n))
LIST_CALL(c_thermal_zones, psutil_temperature_t, psutil_sensors_thermal_zones(&o->v, &o->n))
LIST_CALL(c_cooling_devices, psutil_cooling_device_t, psutil_sensors_cooling_devices(&o->v, &o->n))
LIST_CALL(c_md_arrays, psutil_md_array_t, psutil_md_arrays(&o->v, &o->n))
LIST_CALL(c_net_softnet, psutil_softnet_t, psutil_net_softnet(&o->v, &o->n))
LIST_CALL(c_net_arp, psutil_net_arp_t, psutil_net_arp(&o->v, &o->n))
typedef struct {
    int64_t v[3];
    size_t n;
} sysctl3_t;
STRUCT_CALL(c_sysctl, sysctl3_t, psutil_sysctl("fs.file-nr", o->v, 3, &o->n))
LIST_CALL(c_net_connections, psutil_connection_t,
          psutil_net_connections(PSUTIL_CONN_KIND_ALL, &o->v, &o->n))
LIST_CALL(c_temperatures, psutil_temperature_t, psutil_sensors_temperatures(&o->v, &o->n))
LIST_CALL(c_fans, psutil_fan_t, psutil_sensors_fans(&o->v, &o->n))
STRUCT_CALL(c_battery, psutil_battery_t, psutil_sensors_battery(o))
LIST_CALL(c_users, psutil_user_t, psutil_users(&o->v, &o->n))
LIST_CALL(c_pids, psutil_pid_t, psutil_pids(&o->v, &o->n))
STRUCT_CALL(c_pid_exists, int, psutil_pid_exists(calls_target, o))
STRUCT_CALL(c_cgroup_limits, psutil_cgroup_limits_t, psutil_cgroup_limits(o))
LIST_CALL(c_cgroup_stats, psutil_cgroup_stat_t, psutil_cgroup_stats(&o->v, &o->n))
STRUCT_CALL(c_pressure, psutil_pressure_t, psutil_pressure(PSUTIL_PRESSURE_CPU, o))
STRUCT_CALL(c_heap_info, psutil_heap_info_t, psutil_heap_info(o))
LIST_CALL(c_proc_table, psutil_proc_row_t, psutil_proc_table(PSUTIL_PF_ALL, &o->v, &o->n))

static int c_monitor(void *out)
{
    (void)out;
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *rows;
    const psutil_proc_rate_t *rates;
    size_t n;
    int rc = psutil_proc_monitor_new(PSUTIL_PF_ALL, &m);
    if (rc != 0)
        return rc;
    for (int i = 0; rc == 0 && i < 2; i++)
        rc = psutil_proc_monitor_refresh(m, &rows, &rates, &n);
    psutil_proc_monitor_free(m);
    return rc;
}

static int c_proc_iter(void *out)
{
    (void)out;
    psutil_proc_iter_t *it;
    psutil_proc_t *p;
    int rc = psutil_proc_iter_open(&it);
    if (rc != 0)
        return rc;
    while ((rc = psutil_proc_iter_next(it, &p)) == 0 && p)
        psutil_proc_close(p);
    psutil_proc_iter_close(it);
    return rc;
}

PROC_STR_CALL(c_proc_name, psutil_proc_name)
PROC_STR_CALL(c_proc_exe, psutil_proc_exe)
PROC_STR_CALL(c_proc_cwd, psutil_proc_cwd)
PROC_STR_CALL(c_proc_terminal, psutil_proc_terminal)
PROC_STR_CALL(c_proc_username, psutil_proc_username)
PROC_STR_CALL(c_proc_container_id, psutil_proc_container_id)
PROC_LIST_CALL(c_proc_cmdline, char *, psutil_proc_cmdline(p, &o->v, &o->n))
PROC_LIST_CALL(c_proc_environ, psutil_env_var_t, psutil_proc_environ(p, &o->v, &o->n))
PROC_CALL(c_proc_status, int, psutil_proc_status(p, o))
PROC_CALL(c_proc_ppid, psutil_pid_t, psutil_proc_ppid(p, o))
PROC_CALL(c_proc_create_time, double, psutil_proc_create_time(p, o))
PROC_CALL(c_proc_uids, psutil_ids_t, psutil_proc_uids(p, o))
PROC_CALL(c_proc_gids, psutil_ids_t, psutil_proc_gids(p, o))
PROC_CALL(c_proc_nice, int, psutil_proc_nice(p, o))
PROC_CALL(c_proc_ionice, psutil_ionice_t, psutil_proc_ionice(p, o))
PROC_CALL(c_proc_rlimit, psutil_rlimit_t, psutil_proc_rlimit(p, PSUTIL_RLIMIT_NOFILE, o))
PROC_LIST_CALL(c_proc_affinity, int, psutil_proc_cpu_affinity(p, &o->v, &o->n))
PROC_CALL(c_proc_cpu_num, int, psutil_proc_cpu_num(p, o))
PROC_CALL(c_proc_cpu_times, psutil_proc_cpu_times_t, psutil_proc_cpu_times(p, o))
PROC_CALL(c_proc_io, psutil_proc_io_t, psutil_proc_io_counters(p, o))
PROC_CALL(c_proc_ctx, psutil_ctx_switches_t, psutil_proc_num_ctx_switches(p, o))
PROC_CALL(c_proc_faults, psutil_page_faults_t, psutil_proc_page_faults(p, o))
PROC_CALL(c_proc_num_threads, int64_t, psutil_proc_num_threads(p, o))
PROC_LIST_CALL(c_proc_threads, psutil_thread_t, psutil_proc_threads(p, &o->v, &o->n))
PROC_CALL(c_proc_num_fds, int64_t, psutil_proc_num_fds(p, o))
PROC_LIST_CALL(c_proc_open_files, psutil_open_file_t, psutil_proc_open_files(p, &o->v, &o->n))
PROC_CALL(c_proc_memory_info, psutil_proc_memory_t, psutil_proc_memory_info(p, o))
PROC_CALL(c_proc_memory_full, psutil_proc_memory_full_t, psutil_proc_memory_full_info(p, o))
PROC_LIST_CALL(c_proc_memory_maps, psutil_memory_map_t, psutil_proc_memory_maps(p, 1, &o->v, &o->n))
PROC_LIST_CALL(c_proc_connections, psutil_connection_t,
               psutil_proc_connections(p, PSUTIL_CONN_KIND_ALL, &o->v, &o->n))
PROC_CALL(c_proc_namespaces, psutil_namespaces_t, psutil_proc_namespaces(p, o))
PROC_LIST_CALL(c_proc_cgroups, psutil_cgroup_t, psutil_proc_cgroups(p, &o->v, &o->n))
/* Handles: closed with psutil_proc_list_close, not freed. */
static int c_proc_children(void *out)
{
    psutil_proc_t *p;
    int rc = psutil_proc_open(calls_target, &p);
    if (rc != 0)
        return rc;
    struct {
        psutil_proc_t **v;
        size_t n;
    } *o = out;
    rc = psutil_proc_children(p, 1, &o->v, &o->n);
    if (rc == 0)
        psutil_proc_list_close(o->v, o->n);
    psutil_proc_close(p);
    return rc;
}
PROC_CALL(c_proc_running, int, psutil_proc_is_running(p, o))

const struct call calls[] = {
    {"cpu_count(logical)", c_cpu_count_logical, sizeof(int), 0, 0},
    {"cpu_count(physical)", c_cpu_count_physical, sizeof(int), 0, 0},
    {"cpu_times", c_cpu_times, sizeof(psutil_cpu_times_t), 0, 0},
    {"cpu_times_percpu", c_cpu_times_percpu, 2 * sizeof(void *), 0, 0},
    {"cpu_stats", c_cpu_stats, sizeof(psutil_cpu_stats_t), 0, 0},
    {"cpu_freq", c_cpu_freq, sizeof(psutil_cpu_freq_t), 0, 0},
    {"cpu_freq_percpu", c_cpu_freq_percpu, 2 * sizeof(void *), 0, 0},
    {"getloadavg", c_loadavg, sizeof(psutil_loadavg_t), 0, 0},
    {"boot_time", c_boot_time, sizeof(double), 0, 0},
    {"virtual_memory", c_virtual_memory, sizeof(psutil_virtual_memory_t), 0, 0},
    {"swap_memory", c_swap_memory, sizeof(psutil_swap_memory_t), 0, 0},
    {"meminfo", c_meminfo, 2 * sizeof(void *), 0, 0},
    {"vmstat", c_vmstat, 2 * sizeof(void *), 0, 0},
    {"disk_partitions", c_disk_partitions, 2 * sizeof(void *), 0, 0},
    {"disk_usage", c_disk_usage, sizeof(psutil_disk_usage_t), 0, 0},
    {"disk_io_counters", c_disk_io, sizeof(psutil_disk_io_t), 0, 0},
    {"disk_io_counters_perdisk", c_disk_io_perdisk, 2 * sizeof(void *), 0, 0},
    {"net_io_counters", c_net_io, sizeof(psutil_net_io_t), 0, 0},
    {"net_if_addrs", c_net_if_addrs, 2 * sizeof(void *), 0, 0},
    {"net_if_stats", c_net_if_stats, 2 * sizeof(void *), 0, 0},
    {"net_snmp", c_net_snmp, 2 * sizeof(void *), 0, 0},
    {"net_sockstat", c_net_sockstat, 2 * sizeof(void *), 0, 0},
    {"net_conntrack", c_net_conntrack, 2 * sizeof(void *), 0, 0},
    {"net_softnet", c_net_softnet, 2 * sizeof(void *), 0, 0},
    {"cpu_schedstat", c_cpu_schedstat, 2 * sizeof(void *), 0, 0},
    {"md_arrays", c_md_arrays, 2 * sizeof(void *), 0, 0},
    {"sensors_thermal_zones", c_thermal_zones, 2 * sizeof(void *), 0, 0},
    {"sensors_cooling_devices", c_cooling_devices, 2 * sizeof(void *), 0, 0},
    {"net_arp", c_net_arp, 2 * sizeof(void *), 0, 0},
    {"sysctl", c_sysctl, sizeof(sysctl3_t), 0, 0},
    {"net_connections", c_net_connections, 2 * sizeof(void *), 1, 0},
    {"sensors_temperatures", c_temperatures, 2 * sizeof(void *), 0, 0},
    {"sensors_fans", c_fans, 2 * sizeof(void *), 0, 0},
    {"sensors_battery", c_battery, sizeof(psutil_battery_t), 0, 0},
    {"users", c_users, 2 * sizeof(void *), 0, 0},
    {"pids", c_pids, 2 * sizeof(void *), 0, 0},
    {"pid_exists", c_pid_exists, sizeof(int), 0, 0},
    {"cgroup_limits", c_cgroup_limits, sizeof(psutil_cgroup_limits_t), 0, 0},
    {"cgroup_stats", c_cgroup_stats, 2 * sizeof(void *), 1, 0},
    {"pressure", c_pressure, sizeof(psutil_pressure_t), 0, 0},
    {"heap_info", c_heap_info, sizeof(psutil_heap_info_t), 0, 0},
    {"proc_table", c_proc_table, 2 * sizeof(void *), 1, 1},
    {"proc_monitor", c_monitor, 0, 1, 1},
    {"proc_iter", c_proc_iter, 0, 1, 0},
    {"proc_name", c_proc_name, sizeof(char *), 0, 0},
    {"proc_exe", c_proc_exe, sizeof(char *), 0, 0},
    {"proc_cwd", c_proc_cwd, sizeof(char *), 0, 0},
    {"proc_terminal", c_proc_terminal, sizeof(char *), 0, 0},
    {"proc_username", c_proc_username, sizeof(char *), 0, 0},
    {"proc_container_id", c_proc_container_id, sizeof(char *), 0, 0},
    {"proc_cmdline", c_proc_cmdline, 2 * sizeof(void *), 0, 0},
    {"proc_environ", c_proc_environ, 2 * sizeof(void *), 0, 0},
    {"proc_status", c_proc_status, sizeof(int), 0, 0},
    {"proc_ppid", c_proc_ppid, sizeof(psutil_pid_t), 0, 0},
    {"proc_create_time", c_proc_create_time, sizeof(double), 0, 0},
    {"proc_uids", c_proc_uids, sizeof(psutil_ids_t), 0, 0},
    {"proc_gids", c_proc_gids, sizeof(psutil_ids_t), 0, 0},
    {"proc_nice", c_proc_nice, sizeof(int), 0, 0},
    {"proc_ionice", c_proc_ionice, sizeof(psutil_ionice_t), 0, 0},
    {"proc_rlimit", c_proc_rlimit, sizeof(psutil_rlimit_t), 0, 0},
    {"proc_cpu_affinity", c_proc_affinity, 2 * sizeof(void *), 0, 0},
    {"proc_cpu_num", c_proc_cpu_num, sizeof(int), 0, 0},
    {"proc_cpu_times", c_proc_cpu_times, sizeof(psutil_proc_cpu_times_t), 0, 0},
    {"proc_io_counters", c_proc_io, sizeof(psutil_proc_io_t), 0, 0},
    {"proc_num_ctx_switches", c_proc_ctx, sizeof(psutil_ctx_switches_t), 0, 0},
    {"proc_page_faults", c_proc_faults, sizeof(psutil_page_faults_t), 0, 0},
    {"proc_num_threads", c_proc_num_threads, sizeof(int64_t), 0, 0},
    {"proc_threads", c_proc_threads, 2 * sizeof(void *), 0, 0},
    {"proc_num_fds", c_proc_num_fds, sizeof(int64_t), 0, 0},
    {"proc_open_files", c_proc_open_files, 2 * sizeof(void *), 0, 0},
    {"proc_memory_info", c_proc_memory_info, sizeof(psutil_proc_memory_t), 0, 0},
    {"proc_memory_full_info", c_proc_memory_full, sizeof(psutil_proc_memory_full_t), 0, 0},
    {"proc_memory_maps", c_proc_memory_maps, 2 * sizeof(void *), 0, 0},
    {"proc_connections", c_proc_connections, 2 * sizeof(void *), 0, 0},
    {"proc_namespaces", c_proc_namespaces, sizeof(psutil_namespaces_t), 0, 0},
    {"proc_cgroups", c_proc_cgroups, 2 * sizeof(void *), 0, 0},
    {"proc_children", c_proc_children, 2 * sizeof(void *), 1, 0},
    {"proc_is_running", c_proc_running, sizeof(int), 0, 0},
};

const size_t ncalls = sizeof(calls) / sizeof(calls[0]);
