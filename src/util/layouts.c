/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * layouts.c - the layout of every list record type (size, alignment, string fields):
 * the packer builds blocks with them and psutil__restride() lays a block at a caller's
 * stride with them, so a string field added to a type is added here once.
 */
#include <stddef.h>

#include "../internal.h"

#define OFF(type, field) offsetof(type, field)

static const size_t meminfo_strs[] = {OFF(psutil_meminfo_field_t, name)};
static const size_t vmstat_strs[] = {OFF(psutil_vmstat_field_t, name)};
static const size_t net_counter_strs[] = {OFF(psutil_net_counter_t, name)};
static const size_t cooling_strs[] = {OFF(psutil_cooling_device_t, type)};
static const size_t md_strs[] = {OFF(psutil_md_array_t, name), OFF(psutil_md_array_t, state),
                                 OFF(psutil_md_array_t, level)};
static const size_t net_arp_strs[] = {OFF(psutil_net_arp_t, ip), OFF(psutil_net_arp_t, hw_address),
                                      OFF(psutil_net_arp_t, mask), OFF(psutil_net_arp_t, device)};
static const size_t partition_strs[] = {
    OFF(psutil_disk_partition_t, device), OFF(psutil_disk_partition_t, mountpoint),
    OFF(psutil_disk_partition_t, fstype), OFF(psutil_disk_partition_t, opts)};
static const size_t disk_io_strs[] = {OFF(psutil_disk_io_t, name)};
static const size_t temp_strs[] = {
    OFF(psutil_temperature_t, chip), OFF(psutil_temperature_t, label),
    OFF(psutil_temperature_t, hwmon), OFF(psutil_temperature_t, device)};
static const size_t fan_strs[] = {OFF(psutil_fan_t, chip), OFF(psutil_fan_t, label),
                                  OFF(psutil_fan_t, hwmon), OFF(psutil_fan_t, device)};
static const size_t user_strs[] = {OFF(psutil_user_t, name), OFF(psutil_user_t, terminal),
                                   OFF(psutil_user_t, host)};
static const size_t env_strs[] = {OFF(psutil_env_var_t, key), OFF(psutil_env_var_t, value)};
static const size_t file_strs[] = {OFF(psutil_open_file_t, path), OFF(psutil_open_file_t, mode)};
static const size_t map_strs[] = {OFF(psutil_memory_map_t, path), OFF(psutil_memory_map_t, addr),
                                  OFF(psutil_memory_map_t, perms)};
static const size_t row_strs[] = {
    OFF(psutil_proc_row_t, name),    OFF(psutil_proc_row_t, username),
    OFF(psutil_proc_row_t, euser),   OFF(psutil_proc_row_t, terminal),
    OFF(psutil_proc_row_t, cmdline), OFF(psutil_proc_row_t, args),
    OFF(psutil_proc_row_t, cgroup),  OFF(psutil_proc_row_t, container_id)};
/* args holds a NUL after every argument: its length is args_len. One entry per string. */
#define NUL PSUTIL__NUL_ENDED
static const size_t row_lens[] = {NUL, NUL, NUL, NUL, NUL, OFF(psutil_proc_row_t, args_len),
                                  NUL, NUL};
_Static_assert(sizeof(row_lens) == sizeof(row_strs), "one length entry per string field");
static const size_t cgroup_strs[] = {OFF(psutil_cgroup_t, controllers), OFF(psutil_cgroup_t, path)};
static const size_t cgroup_stat_strs[] = {OFF(psutil_cgroup_stat_t, path)};
static const size_t service_strs[] = {
    OFF(psutil_win_service_t, name),       OFF(psutil_win_service_t, display_name),
    OFF(psutil_win_service_t, status),     OFF(psutil_win_service_t, start_type),
    OFF(psutil_win_service_t, binpath),    OFF(psutil_win_service_t, username),
    OFF(psutil_win_service_t, description)};
static const size_t net_io_strs[] = {OFF(psutil_net_io_t, name)};
static const size_t addr_strs[] = {OFF(psutil_net_addr_t, nic), OFF(psutil_net_addr_t, address),
                                   OFF(psutil_net_addr_t, netmask),
                                   OFF(psutil_net_addr_t, broadcast), OFF(psutil_net_addr_t, ptp)};
static const size_t stats_strs[] = {OFF(psutil_net_stats_t, name), OFF(psutil_net_stats_t, flags)};
static const size_t conn_strs[] = {OFF(psutil_connection_t, laddr),
                                   OFF(psutil_connection_t, raddr)};

const psutil__layout psutil__layout_cpu_times = PSUTIL__LAYOUT_PLAIN(psutil_cpu_times_t);
const psutil__layout psutil__layout_cpu_percent = PSUTIL__LAYOUT_PLAIN(psutil_cpu_percent_t);
const psutil__layout psutil__layout_cpu_freq = PSUTIL__LAYOUT_PLAIN(psutil_cpu_freq_t);
const psutil__layout psutil__layout_thread = PSUTIL__LAYOUT_PLAIN(psutil_thread_t);
const psutil__layout psutil__layout_meminfo_field =
    PSUTIL__LAYOUT(psutil_meminfo_field_t, meminfo_strs, NULL);
const psutil__layout psutil__layout_vmstat_field =
    PSUTIL__LAYOUT(psutil_vmstat_field_t, vmstat_strs, NULL);
const psutil__layout psutil__layout_disk_partition =
    PSUTIL__LAYOUT(psutil_disk_partition_t, partition_strs, NULL);
const psutil__layout psutil__layout_disk_io = PSUTIL__LAYOUT(psutil_disk_io_t, disk_io_strs, NULL);
const psutil__layout psutil__layout_temperature =
    PSUTIL__LAYOUT(psutil_temperature_t, temp_strs, NULL);
const psutil__layout psutil__layout_fan = PSUTIL__LAYOUT(psutil_fan_t, fan_strs, NULL);
const psutil__layout psutil__layout_user = PSUTIL__LAYOUT(psutil_user_t, user_strs, NULL);
const psutil__layout psutil__layout_env_var = PSUTIL__LAYOUT(psutil_env_var_t, env_strs, NULL);
const psutil__layout psutil__layout_open_file = PSUTIL__LAYOUT(psutil_open_file_t, file_strs, NULL);
const psutil__layout psutil__layout_memory_map =
    PSUTIL__LAYOUT(psutil_memory_map_t, map_strs, NULL);
const psutil__layout psutil__layout_proc_row =
    PSUTIL__LAYOUT(psutil_proc_row_t, row_strs, row_lens);
const psutil__layout psutil__layout_cgroup = PSUTIL__LAYOUT(psutil_cgroup_t, cgroup_strs, NULL);
const psutil__layout psutil__layout_cgroup_stat =
    PSUTIL__LAYOUT(psutil_cgroup_stat_t, cgroup_stat_strs, NULL);
const psutil__layout psutil__layout_win_service =
    PSUTIL__LAYOUT(psutil_win_service_t, service_strs, NULL);
const psutil__layout psutil__layout_net_io = PSUTIL__LAYOUT(psutil_net_io_t, net_io_strs, NULL);
const psutil__layout psutil__layout_net_addr = PSUTIL__LAYOUT(psutil_net_addr_t, addr_strs, NULL);
const psutil__layout psutil__layout_softnet = PSUTIL__LAYOUT_PLAIN(psutil_softnet_t);
const psutil__layout psutil__layout_schedstat = PSUTIL__LAYOUT_PLAIN(psutil_schedstat_t);
const psutil__layout psutil__layout_md_array = PSUTIL__LAYOUT(psutil_md_array_t, md_strs, NULL);
const psutil__layout psutil__layout_cooling_device =
    PSUTIL__LAYOUT(psutil_cooling_device_t, cooling_strs, NULL);
const psutil__layout psutil__layout_net_arp = PSUTIL__LAYOUT(psutil_net_arp_t, net_arp_strs, NULL);
const psutil__layout psutil__layout_net_counter =
    PSUTIL__LAYOUT(psutil_net_counter_t, net_counter_strs, NULL);
const psutil__layout psutil__layout_net_stats =
    PSUTIL__LAYOUT(psutil_net_stats_t, stats_strs, NULL);
const psutil__layout psutil__layout_connection =
    PSUTIL__LAYOUT(psutil_connection_t, conn_strs, NULL);
