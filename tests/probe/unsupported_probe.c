/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * unsupported_probe.c - linked against the BACKEND=unsupported library: every system
 * query must answer PSUTIL_ENOTSUP and write nothing. Prints one line per call and
 * exits 0 only when all did. The error, version and root functions are portable and
 * keep working, and so does psutil_sendfile(): without a zero-copy step it sends with
 * the POSIX read+send fallback.
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "psutil.h"

static int failures;

static void expect(const char *what, int rc)
{
    printf("%-40s %s\n", what, psutil_err_name(rc));
    if (rc != PSUTIL_ENOTSUP)
        failures++;
}

int main(void)
{
    int n = -1;
    double d = -1;
    psutil_cpu_percent_t *pd = NULL;
    size_t cnt = 0;
    psutil_cpu_times_t t, *pt = NULL;
    psutil_cpu_stats_t st;
    psutil_cpu_freq_t f, *pf = NULL;
    psutil_loadavg_t l;
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    psutil_cpu_sampler_t s;
    memset(&vm, 0x7f, sizeof(vm));

    expect("cpu_count(logical)", psutil_cpu_count(1, &n));
    expect("cpu_count(physical)", psutil_cpu_count(0, &n));
    expect("cpu_times", psutil_cpu_times(&t));
    expect("cpu_times_percpu", psutil_cpu_times_percpu(&pt, &cnt));
    expect("cpu_stats", psutil_cpu_stats(&st));
    expect("cpu_freq", psutil_cpu_freq(&f));
    expect("cpu_freq_percpu", psutil_cpu_freq_percpu(&pf, &cnt));
    expect("getloadavg", psutil_getloadavg(&l));
    expect("boot_time", psutil_boot_time(&d));
    expect("virtual_memory", psutil_virtual_memory(&vm));
    expect("swap_memory", psutil_swap_memory(&sw));
    expect("cpu_percent_interval", psutil_cpu_percent_interval(0.01, &d));
    expect("cpu_percent_percpu_interval", psutil_cpu_percent_percpu_interval(0.01, &pd, &cnt));
    expect("cpu_times_percent_interval", psutil_cpu_times_percent_interval(0.01, &t));
    expect("cpu_times_percent_percpu_interval",
           psutil_cpu_times_percent_percpu_interval(0.01, &pt, &cnt));
    if (psutil_cpu_sampler_init(&s) != 0)
        failures++;
    expect("cpu_percent", psutil_cpu_percent(&s, &d));
    expect("cpu_percent_percpu", psutil_cpu_percent_percpu(&s, &pd, &cnt));
    expect("cpu_times_percent", psutil_cpu_times_percent(&s, &t));
    expect("cpu_times_percent_percpu", psutil_cpu_times_percent_percpu(&s, &pt, &cnt));
    psutil_cpu_sampler_destroy(&s);

    psutil_disk_partition_t *parts = NULL;
    psutil_disk_usage_t du;
    psutil_disk_io_t dio, *pdio = NULL;
    psutil_temperature_t *temps = NULL;
    psutil_fan_t *fans = NULL;
    psutil_battery_t bat;
    psutil_user_t *users = NULL;
    psutil_nowrap_t nw;
    expect("disk_partitions", psutil_disk_partitions(1, &parts, &cnt));
    expect("disk_usage", psutil_disk_usage("/", &du));
    expect("disk_io_counters", psutil_disk_io_counters(NULL, &dio));
    if (psutil_nowrap_init(&nw) != 0)
        failures++;
    expect("disk_io_counters_perdisk", psutil_disk_io_counters_perdisk(&nw, &pdio, &cnt));
    psutil_nowrap_destroy(&nw);
    expect("sensors_temperatures", psutil_sensors_temperatures(&temps, &cnt));
    expect("sensors_fans", psutil_sensors_fans(&fans, &cnt));
    expect("sensors_battery", psutil_sensors_battery(&bat));
    expect("users", psutil_users(&users, &cnt));
    if (parts || pdio || temps || fans || users)
        failures++;

    psutil_cgroup_limits_t lim;
    psutil_pressure_t pr;
    expect("cgroup_limits", psutil_cgroup_limits(&lim));
    expect("pressure", psutil_pressure(PSUTIL_PRESSURE_CPU, &pr));

    psutil_pid_t *pids = NULL;
    psutil_proc_t *proc = NULL;
    psutil_proc_iter_t *iter = NULL;
    int exists = -1;
    expect("pids", psutil_pids(&pids, &cnt));
    expect("pid_exists", psutil_pid_exists(1, &exists));
    expect("proc_open", psutil_proc_open(1, &proc));
    expect("proc_iter_open", psutil_proc_iter_open(&iter));
    if (pids || proc || iter || exists != -1)
        failures++;

    psutil_net_io_t nio, *pnio = NULL;
    psutil_net_addr_t *addrs = NULL;
    psutil_net_stats_t *nstats = NULL;
    psutil_connection_t *conns = NULL;
    psutil_proc_row_t *rows = NULL;
    expect("net_io_counters", psutil_net_io_counters(NULL, &nio));
    expect("net_io_counters_pernic", psutil_net_io_counters_pernic(NULL, &pnio, &cnt));
    expect("net_if_addrs", psutil_net_if_addrs(&addrs, &cnt));
    expect("net_if_stats", psutil_net_if_stats(&nstats, &cnt));
    expect("net_connections", psutil_net_connections(PSUTIL_CONN_KIND_ALL, &conns, &cnt));
    expect("proc_table", psutil_proc_table(PSUTIL_PF_NAME, &rows, &cnt));
    if (pnio || addrs || nstats || conns || rows)
        failures++;

    /* sendfile through the fallback: a pipe's bytes over a unix socket pair. */
    int p[2], sv[2];
    uint64_t sent = 0;
    char got[8] = "";
    if (pipe(p) != 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 ||
        write(p[1], "probe", 5) != 5)
        failures++;
    close(p[1]);
    int rc = psutil_sendfile(sv[0], p[0], 0, 0, 1.0, &sent);
    printf("%-40s %s (%llu bytes)\n", "sendfile (fallback)", psutil_err_name(rc),
           (unsigned long long)sent);
    if (rc != 0 || sent != 5 || read(sv[1], got, 5) != 5 || memcmp(got, "probe", 5) != 0)
        failures++;

    if (n != -1 || d != -1 || pd || pt || pf || cnt != 0 || vm.total != 0x7f7f7f7f7f7f7f7full) {
        printf("an output was written\n");
        failures++;
    }
    printf("%s\n", failures ? "FAILED" : "all ENOTSUP, sendfile by fallback");
    return failures ? 1 : 0;
}
