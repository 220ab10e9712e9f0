/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cmd_overview.c - `psutil` with no command: one screen about the machine (host,
 * kernel, uptime, load, CPU count and usage over a short sample, memory, swap), or
 * the same figures as JSON with --json.
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define SAMPLE_SECONDS 0.25

struct overview {
    struct cli_uname uts;
    double boot, now;
    psutil_loadavg_t load;
    int have_load;         /* 0 where the OS has no load average (Windows) */
    int logical, physical; /* 0 = unknown */
    psutil_cpu_times_t modes;
    double busy;
    psutil_cpu_percent_t *percpu;
    size_t ncpu;
    psutil_cpu_freq_t freq;
    int have_freq;
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    psutil_cgroup_limits_t limits;
    int have_limits; /* 0 on a kernel without cgroups */
};

/* Reads every figure; returns an exit status (the first hard failure reported). */
static int gather(struct overview *o)
{
    psutil_cpu_sampler_t s;
    int rc;
    memset(o, 0, sizeof(*o));
    cli_os_uname(&o->uts);
    if ((rc = psutil_boot_time(&o->boot)) != 0)
        return cli_fail("boot time", rc);
    if ((rc = psutil_getloadavg(&o->load)) != 0 && rc != PSUTIL_ENOTSUP)
        return cli_fail("load average", rc);
    o->have_load = rc == 0;
    if ((rc = psutil_cpu_count(1, &o->logical)) != 0 && rc != PSUTIL_ENOTSUP)
        return cli_fail("logical CPU count", rc);
    if ((rc = psutil_cpu_count(0, &o->physical)) != 0 && rc != PSUTIL_ENOTSUP)
        return cli_fail("physical CPU count", rc);
    o->have_freq = psutil_cpu_freq(&o->freq) == 0;
    if ((rc = psutil_virtual_memory(&o->vm)) != 0)
        return cli_fail("virtual memory", rc);
    if ((rc = psutil_swap_memory(&o->sw)) != 0)
        return cli_fail("swap memory", rc);
    o->have_limits = psutil_cgroup_limits(&o->limits) == 0;
    if ((rc = psutil_cpu_sampler_init(&s)) != 0)
        return cli_fail("CPU sampler", rc);
    for (int round = 0; round < 2 && rc == 0; round++) {
        if (round == 1)
            cli_sleep(SAMPLE_SECONDS);
        psutil_free(o->percpu);
        o->percpu = NULL;
        rc = psutil_cpu_times_percent(&s, &o->modes);
        if (rc == 0)
            rc = psutil_cpu_percent_percpu(&s, &o->percpu, &o->ncpu);
    }
    psutil_cpu_sampler_destroy(&s);
    if (rc != 0)
        return cli_fail("CPU usage", rc);
    /* busy = the share of the busy modes (everything but idle and iowait; guest time is
     * inside user and nice), as psutil's cpu_percent. Summed rather than taken as 100
     * minus idle, so that no time between the samples reads 0, not 100. */
    o->busy = o->modes.user + o->modes.nice + o->modes.system + o->modes.irq + o->modes.softirq +
              o->modes.steal;
    if (o->busy > 100)
        o->busy = 100;
    o->now = (double)time(NULL);
    return CLI_OK;
}

static void format_uptime(char *buf, size_t size, double seconds)
{
    long s = seconds > 0 ? (long)seconds : 0;
    long days = s / 86400, hours = s % 86400 / 3600, mins = s % 3600 / 60;
    if (days > 0)
        snprintf(buf, size, "%ld day%s, %ld:%02ld", days, days == 1 ? "" : "s", hours, mins);
    else
        snprintf(buf, size, "%ld:%02ld", hours, mins);
}

static void print_text(const struct overview *o)
{
    char a[32], b[32], c[32], d[32], up[64], booted[64];
    time_t bt = (time_t)o->boot;
    struct tm tm;
    localtime_r(&bt, &tm);
    strftime(booted, sizeof(booted), "%Y-%m-%d %H:%M:%S", &tm);
    format_uptime(up, sizeof(up), o->now - o->boot);

    printf("host     %s (%s %s %s)\n", cli_safe(o->uts.nodename), o->uts.sysname, o->uts.release,
           o->uts.machine);
    printf("uptime   %s, booted %s\n", up, booted);
    if (o->have_load)
        printf("load     %.2f %.2f %.2f\n", o->load.load1, o->load.load5, o->load.load15);
    else
        printf("load     unknown\n");
    printf("cpus     ");
    if (o->logical)
        printf("%d logical", o->logical);
    else
        printf("unknown logical");
    if (o->physical)
        printf(", %d physical\n", o->physical);
    else
        printf(", physical unknown\n");
    printf("cpu      %5.1f%% used  (user %.1f%%, system %.1f%%, iowait %.1f%%, steal %.1f%%)\n",
           o->busy, o->modes.user, o->modes.system, o->modes.iowait, o->modes.steal);
    if (o->ncpu > 1 && o->ncpu <= 16) {
        printf("per cpu ");
        for (size_t i = 0; i < o->ncpu; i++)
            printf(" %5.1f%%", o->percpu[i].percent);
        printf("\n");
    }
    if (o->have_freq) {
        printf("freq     %.0f MHz", o->freq.current);
        if (o->freq.max > 0)
            printf(" (min %.0f, max %.0f)", o->freq.min, o->freq.max);
        printf("\n");
    }
    cli_human_bytes(a, sizeof(a), o->vm.total);
    cli_human_bytes(b, sizeof(b), o->vm.used);
    cli_human_bytes(c, sizeof(c), o->vm.available);
    cli_human_bytes(d, sizeof(d), o->vm.buffers + o->vm.cached);
    printf("memory   %s total, %s used (%.1f%%), %s available, %s buff/cache\n", a, b,
           o->vm.percent, c, d);
    if (o->sw.total == 0) {
        printf("swap     none\n");
    } else {
        cli_human_bytes(a, sizeof(a), o->sw.total);
        cli_human_bytes(b, sizeof(b), o->sw.used);
        printf("swap     %s total, %s used (%.1f%%)\n", a, b, o->sw.percent);
    }
    /* The container's limits, when one binds below the machine's figure. */
    const psutil_cgroup_limits_t *l = &o->limits;
    int cpu_binds = o->have_limits && o->logical > 0 && l->effective_cpus < o->logical;
    int mem_binds = o->have_limits && cli_memory_limit_binds(l, o->vm.total);
    if (cpu_binds || mem_binds) {
        printf("cgroup  ");
        if (cpu_binds)
            printf(" %.2f of %d CPUs usable%s", l->effective_cpus, o->logical,
                   mem_binds ? "," : "");
        if (mem_binds) {
            cli_human_bytes(a, sizeof(a), l->memory_max);
            cli_human_bytes(b, sizeof(b), l->memory_current);
            printf(" memory limit %s, %s used", a, b);
        }
        printf("\n");
    }
}

static void print_json(const struct overview *o)
{
    cli_json j;
    json_init(&j, stdout);
    json_object_begin(&j, NULL);
    json_string(&j, "host", o->uts.nodename);
    json_string(&j, "system", o->uts.sysname);
    json_string(&j, "kernel", o->uts.release);
    json_string(&j, "machine", o->uts.machine);
    json_round(&j, "boot_time", o->boot, 0);
    json_round(&j, "uptime", o->now - o->boot, 0);
    /* psutil's names: getloadavg, cpu_count, cpu_percent, cpu_freq, virtual_memory,
     * swap_memory; unknown counts, frequency and load are null, as psutil's None. */
    if (o->have_load) {
        json_array_begin(&j, "getloadavg");
        json_round(&j, NULL, o->load.load1, 2);
        json_round(&j, NULL, o->load.load5, 2);
        json_round(&j, NULL, o->load.load15, 2);
        json_array_end(&j);
    } else {
        json_null(&j, "getloadavg");
    }
    json_object_begin(&j, "cpu_count");
    if (o->logical)
        json_i64(&j, "logical", o->logical);
    else
        json_null(&j, "logical");
    if (o->physical)
        json_i64(&j, "physical", o->physical);
    else
        json_null(&j, "physical");
    json_object_end(&j);
    json_round(&j, "cpu_percent", o->busy, 1);
    json_array_begin(&j, "cpu_percent_percpu");
    for (size_t i = 0; i < o->ncpu; i++) {
        json_object_begin(&j, NULL);
        json_i64(&j, "cpu", o->percpu[i].cpu);
        json_round(&j, "percent", o->percpu[i].percent, 1);
        json_object_end(&j);
    }
    json_array_end(&j);
    if (o->have_freq) {
        json_object_begin(&j, "cpu_freq");
        json_round(&j, "current", o->freq.current, 1);
        json_round(&j, "min", o->freq.min, 1);
        json_round(&j, "max", o->freq.max, 1);
        json_object_end(&j);
    } else {
        json_null(&j, "cpu_freq");
    }
    json_virtual_memory(&j, "virtual_memory", &o->vm);
    json_swap_memory(&j, "swap_memory", &o->sw);
    if (o->have_limits)
        json_cgroup_limits(&j, "cgroup_limits", &o->limits);
    else
        json_null(&j, "cgroup_limits");
    json_object_end(&j);
    json_finish(&j);
}

int cmd_overview(int argc, char **argv)
{
    int json = 0;
    struct overview o;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0)
            json = 1;
        else
            return cli_usage_error(NULL, "psutil [COMMAND] [OPTIONS]", "unknown option '%s'",
                                   argv[i]);
    }
    int status = gather(&o);
    if (status == CLI_OK) {
        if (json)
            print_json(&o);
        else
            print_text(&o);
    }
    psutil_free(o.percpu);
    return status;
}
