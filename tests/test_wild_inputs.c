/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_wild_inputs.c - machines that exist in the wild (tests/fixtures/linux/wild/):
 * odd but legal kernel formats that must not cost a whole call, values out of range
 * that must follow the documented rule (saturate, clamp to the bound the kernel
 * guarantees, or a parse error for the call that uses the value) instead of wrapping.
 * Each fixture's figures are distinct, so a wrong column or a wrong clamp shows.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

/* --- memory ------------------------------------------------------------------------- */

TEST(meminfo_without_swap_lines_still_gives_memory_and_no_swap)
{
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    use_roots("wild/no-swap-lines", NULL, NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, 260799420ull * 1024);
    CHECK_EQ_U64(vm.free, 119443248ull * 1024);
    CHECK_EQ_U64(vm.available, 127880216ull * 1024);
    CHECK_EQ_U64(vm.used, (260799420ull - 127880216ull) * 1024);
    CHECK_OK(psutil_swap_memory(&sw));
    CHECK_EQ_U64(sw.total, 0);
    CHECK_EQ_U64(sw.used, 0);
    CHECK_EQ_U64(sw.free, 0);
    CHECK_NEAR(sw.percent, 0.0, 0);
}

TEST(swapfree_near_2_to_the_64_kb_is_clamped_and_memory_unharmed)
{
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    use_roots("wild/lxcfs-swapfree", NULL, NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, 21474836480ull);
    CHECK_EQ_U64(vm.available, 8821981184ull);
    CHECK_EQ_U64(vm.free, 8615216ull * 1024);
    CHECK_OK(psutil_swap_memory(&sw));
    CHECK_EQ_U64(sw.total, 0);
    CHECK_EQ_U64(sw.used, 0);
    CHECK_EQ_U64(sw.free, 0);
}

TEST(swapfree_wider_than_64_bits_with_swap_is_bounded_by_the_total)
{
    psutil_swap_memory_t sw;
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    use_roots("wild/swap-garbage", NULL, NULL);
    CHECK_OK(psutil_swap_memory(&sw));
    CHECK_EQ_U64(sw.total, 2000000ull * 1024);
    CHECK_EQ_U64(sw.free, 2000000ull * 1024);
    CHECK_EQ_U64(sw.used, 0);
    CHECK_EQ_U64(sw.sin, 7 * page);
    CHECK_EQ_U64(sw.sout, UINT64_MAX); /* pswpout wider than 64 bits saturates */
}

TEST(free_and_available_above_total_never_wrap_used)
{
    psutil_virtual_memory_t vm;
    use_roots("wild/free-above-total", NULL, NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, 1024000);
    CHECK_EQ_U64(vm.available, 1024000);
    CHECK_EQ_U64(vm.free, 1024000);
    CHECK_EQ_U64(vm.used, 0);
    CHECK_NEAR(vm.percent, 0.0, 0);
}

TEST(every_memory_figure_is_bounded_by_total_and_the_estimate_saturates)
{
    psutil_virtual_memory_t vm;
    /* No MemAvailable: the estimate sums file LRU lists near 2^74 bytes; it must
     * saturate, then be clamped to the total, not wrap to a small number. */
    use_roots("wild/cached-above-total", NULL, NULL);
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK_EQ_U64(vm.total, 4000ull * 1024);
    CHECK_EQ_U64(vm.available, 1000ull * 1024); /* falls back to MemFree */
    CHECK_EQ_U64(vm.used, 3000ull * 1024);
    CHECK_NEAR(vm.percent, 75.0, 1e-9);
    CHECK_EQ_U64(vm.buffers, 4000ull * 1024);
    CHECK_EQ_U64(vm.cached, 4000ull * 1024);
    CHECK_EQ_U64(vm.shared, 4000ull * 1024);
    CHECK_EQ_U64(vm.free, 1000ull * 1024);
}

TEST(a_malformed_line_fails_only_the_calls_that_use_it)
{
    psutil_virtual_memory_t vm;
    psutil_swap_memory_t sw;
    psutil_error_info_t e;
    memset(&sw, 0x5A, sizeof(sw));
    use_roots("wild/optional-garbage", NULL, NULL);
    /* SwapFree is garbage: swap fails and names the key, with no output written. */
    CHECK_RC(psutil_swap_memory(&sw), PSUTIL_EPARSE);
    CHECK(sw.total == 0x5A5A5A5A5A5A5A5Aull);
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(strstr(e.detail, "SwapFree") != NULL, "detail: %s", e.detail);
    CHECK_MSG(strstr(e.path, "meminfo") != NULL, "path: %s", e.path);
    /* Active is in MB: virtual memory uses it, so it fails too, naming Active. */
    CHECK_RC(psutil_virtual_memory(&vm), PSUTIL_EPARSE);
    CHECK_OK(psutil_last_error(&e));
    CHECK_MSG(strstr(e.detail, "Active") != NULL, "detail: %s", e.detail);
}

/* --- network ------------------------------------------------------------------------ */

static const psutil_net_io_t *nic(const psutil_net_io_t *v, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].name, name) == 0)
            return &v[i];
    return NULL;
}

TEST(netdev_name_with_a_colon_costs_no_interface)
{
    psutil_net_io_t *v, total;
    size_t n;
    use_roots("wild/netdev-colon", NULL, NULL);
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &v, &n));
    CHECK_EQ_U64(n, 3);
    const psutil_net_io_t *eth0 = nic(v, n, "eth0"), *lo = nic(v, n, "lo"),
                          *team = nic(v, n, "team0:1");
    CHECK(eth0 && lo && team);
    CHECK_EQ_U64(eth0->bytes_recv, 2489766199ull);
    CHECK_EQ_U64(eth0->bytes_sent, 96022876ull);
    CHECK_EQ_U64(eth0->packets_recv, 690315);
    CHECK_EQ_U64(eth0->packets_sent, 713917);
    CHECK_EQ_U64(lo->bytes_recv, 402582904ull);
    CHECK_EQ_U64(lo->bytes_sent, 402582904ull);
    CHECK_EQ_U64(team->bytes_recv + team->bytes_sent + team->packets_recv, 0);
    psutil_free(v);
    CHECK_OK(psutil_net_io_counters(NULL, &total));
    CHECK_EQ_U64(total.bytes_recv, 2489766199ull + 402582904ull);
}

TEST(netdev_counters_glued_to_the_colon_and_names_with_two_colons)
{
    psutil_net_io_t *v;
    size_t n;
    use_roots("wild/netdev-packed", NULL, NULL);
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &v, &n));
    CHECK_EQ_U64(n, 2);
    const psutil_net_io_t *e = nic(v, n, "eth1"), *b = nic(v, n, "br-0:0");
    CHECK(e && b);
    /* Every column distinct: a swapped column shows. */
    CHECK_EQ_U64(e->bytes_recv, 12345678901ull);
    CHECK_EQ_U64(e->packets_recv, 101);
    CHECK_EQ_U64(e->errin, 102);
    CHECK_EQ_U64(e->dropin, 103);
    CHECK_EQ_U64(e->bytes_sent, 208);
    CHECK_EQ_U64(e->packets_sent, 209);
    CHECK_EQ_U64(e->errout, 210);
    CHECK_EQ_U64(e->dropout, 211);
    CHECK_EQ_U64(e->fifoin, 104);
    CHECK_EQ_U64(e->framein, 105);
    CHECK_EQ_U64(e->compressedin, 106);
    CHECK_EQ_U64(e->multicastin, 107);
    CHECK_EQ_U64(e->fifoout, 212);
    CHECK_EQ_U64(e->collisions, 213);
    CHECK_EQ_U64(e->carrierout, 214);
    CHECK_EQ_U64(e->compressedout, 215);
    CHECK_EQ_U64(b->compressedout, 415); /* the 17th column is not one of them */
    CHECK_EQ_U64(b->bytes_recv, 1);
    CHECK_EQ_U64(b->packets_recv, 301);
    CHECK_EQ_U64(b->bytes_sent, 408);
    CHECK_EQ_U64(b->dropout, 411);
    psutil_free(v);
}

/* --- CPUs ---------------------------------------------------------------------------- */

TEST(legacy_per_cpu_cpufreq_reads_every_cpu)
{
    psutil_cpu_freq_t *f, mean;
    size_t n;
    use_roots("wild/cpufreq-legacy/proc", "wild/cpufreq-legacy/sys", NULL);
    CHECK_OK(psutil_cpu_freq_percpu(&f, &n));
    CHECK_EQ_U64(n, 2);
    for (size_t i = 0; i < n; i++) {
        CHECK(f[i].cpu == (int)i);
        CHECK_NEAR(f[i].current, 2400.0, 1e-9);
        CHECK_NEAR(f[i].min, 1200.0, 1e-9);
        CHECK_NEAR(f[i].max, 2400.0, 1e-9);
    }
    psutil_free(f);
    CHECK_OK(psutil_cpu_freq(&mean));
    CHECK_NEAR(mean.current, 2400.0, 1e-9);
    CHECK_NEAR(mean.min, 1200.0, 1e-9);
    CHECK_NEAR(mean.max, 2400.0, 1e-9);
    CHECK(mean.cpu == -1);
}

TEST(legacy_cpufreq_values_land_on_their_own_cpu)
{
    psutil_cpu_freq_t *f;
    size_t n;
    /* Distinct figures per CPU, CPU 2 offline, and cpu1/cpufreq claiming to share with
     * CPU 0: each cpuN directory still speaks for CPU N alone. */
    use_roots("wild/cpufreq-legacy-distinct/proc", "wild/cpufreq-legacy-distinct/sys", NULL);
    CHECK_OK(psutil_cpu_freq_percpu(&f, &n));
    CHECK_EQ_U64(n, 3);
    const int cpu[3] = {0, 1, 3};
    const double cur[3] = {1100, 2200, 3300}, mn[3] = {800, 900, 1300}, mx[3] = {1000, 2000, 3000};
    for (size_t i = 0; i < 3; i++) {
        CHECK_MSG(f[i].cpu == cpu[i], "entry %zu is cpu %d", i, f[i].cpu);
        CHECK_NEAR(f[i].current, cur[i], 1e-9);
        CHECK_NEAR(f[i].min, mn[i], 1e-9);
        CHECK_NEAR(f[i].max, mx[i], 1e-9);
    }
    psutil_free(f);
}

TEST(offline_cpus_keep_their_numbers)
{
    psutil_cpu_times_t *t;
    psutil_cpu_percent_t *p;
    psutil_cpu_sampler_t s;
    size_t n;
    use_roots("wild/cpu-offline/proc", "wild/cpu-offline/sys", NULL);
    CHECK_OK(psutil_cpu_times_percpu(&t, &n));
    CHECK_EQ_U64(n, 4);
    for (size_t i = 0; i < n; i++) {
        CHECK(t[i].cpu == 2 * (int)i);
        CHECK_NEAR(t[i].user, 10.0 * (double)(i + 1), 1e-9); /* 1000, 2000 ... ticks */
    }
    psutil_free(t);
    CHECK_OK(psutil_cpu_sampler_init(&s));
    CHECK_OK(psutil_cpu_percent_percpu(&s, &p, &n));
    CHECK_EQ_U64(n, 4);
    CHECK(p[3].cpu == 6 && p[3].percent == 0.0);
    psutil_free(p);
    psutil_cpu_sampler_destroy(&s);
}

TEST(crafted_cpu_numbers_cost_neither_memory_nor_time)
{
    psutil_cpu_freq_t *f;
    psutil_cpu_times_t *t;
    size_t n;
    int count = -3;
    use_roots("wild/cpulist-huge/proc", "wild/cpulist-huge/sys", NULL);
    double t0 = now();
    /* A policy claiming CPUs 0..4e9 is skipped (a parse error of that policy alone); the
     * sane one still answers. */
    CHECK_OK(psutil_cpu_freq_percpu(&f, &n));
    CHECK_EQ_U64(n, 1);
    CHECK(f[0].cpu == 4);
    CHECK_NEAR(f[0].current, 1500.0, 1e-9);
    psutil_free(f);
    CHECK_RC(psutil_cpu_count(1, &count), PSUTIL_EPARSE);
    CHECK(count == -3);
    CHECK_RC(psutil_cpu_times_percpu(&t, &n), PSUTIL_EPARSE);
    /* Not a speed test: a billion-step loop would take seconds, this takes microseconds;
     * ten seconds only catches the loop. */
    CHECK(now() - t0 < 10.0);
}

/* --- sensors ----------------------------------------------------------------------- */

TEST(two_chips_of_one_name_are_told_apart)
{
    psutil_temperature_t *t;
    psutil_fan_t *f;
    size_t n;
    use_roots(NULL, "wild/hwmon-same-name/sys", NULL);
    CHECK_OK(psutil_sensors_temperatures(&t, &n));
    CHECK_EQ_U64(n, 3);
    static const struct {
        const char *chip, *hwmon, *device;
        double c;
    } want[] = {
        {"nvme", "hwmon0", "devices/pci0000:00/0000:00:1d.0/nvme/nvme0", 38.85},
        {"coretemp", "hwmon1", "", 45.0},
        {"nvme", "hwmon2", "devices/pci0000:00/0000:00:1d.4/nvme/nvme1", 41.85},
    };
    for (size_t i = 0; i < n; i++) {
        CHECK_MSG(strcmp(t[i].chip, want[i].chip) == 0, "chip %s", t[i].chip);
        CHECK_MSG(strcmp(t[i].hwmon, want[i].hwmon) == 0, "hwmon %s", t[i].hwmon);
        CHECK_MSG(strcmp(t[i].device, want[i].device) == 0, "device '%s'", t[i].device);
        CHECK(t[i].index == 1);
        CHECK_NEAR(t[i].current, want[i].c, 1e-9);
    }
    psutil_free(t);
    CHECK_OK(psutil_sensors_fans(&f, &n));
    CHECK_EQ_U64(n, 2);
    CHECK(strcmp(f[0].hwmon, "hwmon0") == 0 && f[0].rpm == 1500 && f[0].index == 1);
    CHECK(strcmp(f[1].hwmon, "hwmon2") == 0 && f[1].rpm == 2000);
    CHECK(strcmp(f[1].device, "devices/pci0000:00/0000:00:1d.4/nvme/nvme1") == 0);
    psutil_free(f);
}

TEST(a_peripheral_battery_is_not_the_system_battery)
{
    psutil_battery_t b;
    memset(&b, 0x5A, sizeof(b));
    use_roots(NULL, "wild/battery-mouse-only/sys", NULL);
    CHECK_RC(psutil_sensors_battery(&b), PSUTIL_ENOTSUP);
    CHECK(b.power_plugged == 0x5A5A5A5A);
    /* The mouse sorts first; the laptop's battery is still the one reported, and a USB
     * charger named BAT-* is not a battery. */
    use_roots(NULL, "wild/battery-laptop-and-mouse/sys", NULL);
    CHECK_OK(psutil_sensors_battery(&b));
    CHECK_NEAR(b.percent, 81.0, 1e-9);
    CHECK(b.power_plugged == 0);
    CHECK_NEAR(b.secsleft, 40500000.0 / 9000000.0 * 3600.0, 1e-6);
}

TEST(negative_battery_readings_are_not_percentages)
{
    psutil_battery_t b;
    use_roots(NULL, "wild/battery-negative/sys", NULL);
    CHECK_OK(psutil_sensors_battery(&b));
    CHECK_NEAR(b.percent, 63.0, 1e-9); /* energy_now -5: capacity instead */
    CHECK(b.secsleft == PSUTIL_POWER_TIME_UNKNOWN);
    use_roots(NULL, "wild/battery-negative-current/sys", NULL);
    CHECK_OK(psutil_sensors_battery(&b));
    CHECK_NEAR(b.percent, 50.0, 1e-9);
    CHECK_NEAR(b.secsleft, 7200.0, 1e-6); /* 2 Ah at a signed -1 A */
}

/* --- a host's procfs seen from a container ------------------------------------------ */

TEST(a_moved_root_reads_the_hosts_mounts_and_nics_not_the_callers)
{
    psutil_disk_partition_t *d;
    psutil_net_io_t *v;
    size_t n;
    /* self/ is the reader (the container); 1/ is the host's init. */
    use_roots("wild/hostproc", NULL, NULL);
    CHECK_OK(psutil_disk_partitions(1, &d, &n));
    CHECK_EQ_U64(n, 3);
    CHECK(strcmp(d[0].mountpoint, "/") == 0 && strcmp(d[0].fstype, "ext4") == 0);
    CHECK(strcmp(d[2].mountpoint, "/srv/data") == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(strcmp(d[i].mountpoint, "/ctr-only") != 0);
    psutil_free(d);
    CHECK_OK(psutil_disk_partitions(0, &d, &n));
    CHECK_EQ_U64(n, 2); /* ext4 and xfs; proc is nodev */
    psutil_free(d);
    CHECK_OK(psutil_net_io_counters_pernic(NULL, &v, &n));
    CHECK_EQ_U64(n, 1);
    CHECK(strcmp(v[0].name, "eth0") == 0 && v[0].bytes_recv == 5001 && v[0].bytes_sent == 6001);
    CHECK(v[0].packets_recv == 11 && v[0].errin == 12 && v[0].dropin == 13);
    psutil_free(v);
}
