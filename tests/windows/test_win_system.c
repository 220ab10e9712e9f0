/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_win_system.c - system-wide values of the Windows backend, each compared with a
 * second Windows source the backend does not read: GetSystemInfo and the older
 * GetLogicalProcessorInformation for the CPU counts, GetSystemTimes for the CPU times,
 * the registry's ~MHz for the frequency, SystemTimeOfDayInformation for the boot time,
 * GetPerformanceInfo for memory and the page file, GetDiskFreeSpace and
 * GetVolumeInformation for the disks, GetSystemPowerStatus for the battery.
 */
#include "win_util.h"

#include <psapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <winternl.h>

TEST(cpu_counts_match_getsysteminfo_and_the_processor_cores)
{
    int logical = 0, physical = 0;
    CHECK_OK(psutil_cpu_count(1, &logical));
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    CHECK_MSG(logical == (int)si.dwNumberOfProcessors, "logical %d, GetSystemInfo %lu", logical,
              (unsigned long)si.dwNumberOfProcessors);
    CHECK_OK(psutil_cpu_count(0, &physical));
    /* The older API, one record per relation: its cores are the same machine's. */
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION buf[256];
    DWORD len = sizeof(buf);
    CHECK(GetLogicalProcessorInformation(buf, &len));
    int cores = 0;
    for (DWORD i = 0; i < len / sizeof(buf[0]); i++)
        cores += buf[i].Relationship == RelationProcessorCore;
    CHECK_MSG(physical == cores, "physical %d, GetLogicalProcessorInformation %d", physical, cores);
    CHECK(physical >= 1 && physical <= logical);
}

static double secs(FILETIME ft)
{
    return (double)ft64(ft) / 1e7;
}

/* GetSystemTimes' kernel time includes idle: our system + idle is it, user is user. */
TEST(cpu_times_agree_with_getsystemtimes)
{
    FILETIME i0, k0, u0, i1, k1, u1;
    CHECK(GetSystemTimes(&i0, &k0, &u0));
    psutil_cpu_times_t t;
    CHECK_OK(psutil_cpu_times(&t));
    CHECK(GetSystemTimes(&i1, &k1, &u1));
    CHECK(t.user > 0 && t.idle > 0);
    /* 0.05 s: the two sources round to their own ticks. */
    CHECK_BETWEEN(t.user, secs(u0), secs(u1), 0.05);
    CHECK_BETWEEN(t.idle, secs(i0), secs(i1), 0.05);
    CHECK_BETWEEN(t.system + t.idle, secs(k0), secs(k1), 0.05);
}

TEST(per_cpu_times_are_one_per_cpu_and_sum_to_the_total)
{
    psutil_cpu_times_t *per, t0, t1;
    size_t n;
    CHECK_OK(psutil_cpu_times(&t0));
    CHECK_OK(psutil_cpu_times_percpu(&per, &n));
    CHECK_OK(psutil_cpu_times(&t1));
    int logical;
    CHECK_OK(psutil_cpu_count(1, &logical));
    CHECK_MSG((int)n == logical, "%zu per-CPU records, %d CPUs", n, logical);
    double user = 0, idle = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(per[i].cpu == (int)i);
        user += per[i].user;
        idle += per[i].idle;
    }
    CHECK_BETWEEN(user, t0.user, t1.user, 0.01);
    CHECK_BETWEEN(idle, t0.idle, t1.idle, 0.01);
    psutil_free(per);
}

TEST(cpu_percent_over_an_interval_is_a_percentage)
{
    double pct = -1;
    CHECK_OK(psutil_cpu_percent_interval(0.2, &pct));
    CHECK(pct >= 0.0 && pct <= 100.0);
}

TEST(cpu_stats_count_up)
{
    if (under_wine())
        harness_skip("wine does not fill SystemInterruptInformation (no context switch or DPC "
                     "counts)");
    psutil_cpu_stats_t a, b;
    CHECK_OK(psutil_cpu_stats(&a));
    Sleep(50);
    CHECK_OK(psutil_cpu_stats(&b));
    CHECK(a.ctx_switches > 0);
    CHECK(b.ctx_switches >= a.ctx_switches);
    CHECK(b.soft_interrupts >= a.soft_interrupts);
    CHECK(b.interrupts >= a.interrupts);
}

/* The registry's ~MHz of CPU 0 is what the firmware reported at boot. */
TEST(cpu_freq_matches_the_registrys_mhz)
{
    psutil_cpu_freq_t f;
    CHECK_OK(psutil_cpu_freq(&f));
    DWORD mhz = 0, size = sizeof(mhz);
    LONG rc = RegGetValueA(HKEY_LOCAL_MACHINE, "HARDWARE\\DESCRIPTION\\System\\CentralProcessor\\0",
                           "~MHz", RRF_RT_REG_DWORD, NULL, &mhz, &size);
    CHECK_MSG(rc == ERROR_SUCCESS, "registry ~MHz: %ld", (long)rc);
    CHECK(f.max > 0);
    CHECK_MSG(f.max == (double)mhz, "max %.0f MHz, registry %lu", f.max, (unsigned long)mhz);
    CHECK(f.current > 0 && f.current <= f.max * 1.5);
}

/* SystemTimeOfDayInformation (3): BootTime, CurrentTime (FILETIME), ... */
typedef struct {
    LARGE_INTEGER BootTime, CurrentTime, TimeZoneBias;
    ULONG TimeZoneId, Reserved;
    ULONGLONG BootTimeBias, SleepTimeBias;
} time_of_day;

TEST(boot_time_matches_the_kernels_boot_time)
{
    double boot;
    CHECK_OK(psutil_boot_time(&boot));
    if (under_wine()) {
        /* wine's SystemTimeOfDayInformation boots with wineserver; its tick count, as the
         * host's, counts from the host's boot: /proc/stat's btime through drive Z:. */
        char *stat = slurp("Z:/proc/stat", NULL);
        CHECK(stat != NULL);
        unsigned long long btime = 0;
        const char *line = strstr(stat, "\nbtime ");
        CHECK(line && sscanf(line, "\nbtime %llu", &btime) == 1 && btime > 0);
        free(stat);
        CHECK_NEAR(boot, (double)btime, 1.0);
        return;
    }
    time_of_day tod;
    memset(&tod, 0, sizeof(tod));
    NTSTATUS st = NtQuerySystemInformation((SYSTEM_INFORMATION_CLASS)3, &tod, sizeof(tod), NULL);
    CHECK_MSG(st == 0, "SystemTimeOfDayInformation: 0x%lx", (unsigned long)st);
    double kernel = ((double)tod.BootTime.QuadPart - 116444736000000000.0) / 1e7;
    /* GetTickCount64 counts from the same boot; 1 s covers its 10-16 ms ticks and the
     * two readings' distance. */
    CHECK_NEAR(boot, kernel, 1.0);
    FILETIME nowft;
    GetSystemTimeAsFileTime(&nowft);
    CHECK(boot < ((double)ft64(nowft) - 116444736000000000.0) / 1e7);
}

TEST(virtual_memory_agrees_with_getperformanceinfo)
{
    PERFORMANCE_INFORMATION a = {.cb = sizeof(a)}, b = {.cb = sizeof(b)};
    CHECK(GetPerformanceInfo(&a, sizeof(a)));
    psutil_virtual_memory_t vm;
    CHECK_OK(psutil_virtual_memory(&vm));
    CHECK(GetPerformanceInfo(&b, sizeof(b)));
    double page = (double)a.PageSize;
    CHECK(vm.total > 0 && vm.available > 0 && vm.available <= vm.total);
    CHECK_NEAR((double)vm.total, (double)a.PhysicalTotal * page, page);
    double lo = (double)(a.PhysicalAvailable < b.PhysicalAvailable ? a.PhysicalAvailable
                                                                   : b.PhysicalAvailable),
           hi = (double)(a.PhysicalAvailable > b.PhysicalAvailable ? a.PhysicalAvailable
                                                                   : b.PhysicalAvailable);
    /* 4 MiB: other processes allocate between the readings. */
    CHECK_BETWEEN((double)vm.available, lo * page, hi * page, 4 << 20);
    CHECK_EQ_U64(vm.used, vm.total - vm.available);
    CHECK_NEAR(vm.percent, (double)vm.used / (double)vm.total * 100.0, 1e-9);
}

/* The page file: the commit limit less physical memory, as psutil. */
TEST(swap_is_the_commit_limit_less_physical_memory)
{
    PERFORMANCE_INFORMATION a = {.cb = sizeof(a)};
    CHECK(GetPerformanceInfo(&a, sizeof(a)));
    psutil_swap_memory_t sw;
    CHECK_OK(psutil_swap_memory(&sw));
    double page = (double)a.PageSize;
    double want = ((double)a.CommitLimit - (double)a.PhysicalTotal) * page;
    CHECK_NEAR((double)sw.total, want < 0 ? 0 : want, 2 * page);
    CHECK(sw.used <= sw.total);
    CHECK_EQ_U64(sw.used + sw.free, sw.total);
}

TEST(the_windows_drive_is_a_partition_with_its_file_system)
{
    char windir[MAX_PATH];
    CHECK(GetWindowsDirectoryA(windir, sizeof(windir)) >= 3);
    char root[4] = {windir[0], ':', '\\', '\0'};
    char fs[64];
    CHECK(GetVolumeInformationA(root, NULL, 0, NULL, NULL, NULL, fs, sizeof(fs)));
    psutil_disk_partition_t *parts;
    size_t n;
    CHECK_OK(psutil_disk_partitions(0, &parts, &n));
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(parts[i].mountpoint, root) == 0) {
            found = 1;
            CHECK_MSG(strcmp(parts[i].fstype, fs) == 0, "%s: %s, GetVolumeInformation %s", root,
                      parts[i].fstype, fs);
            CHECK(strcmp(parts[i].device, root) == 0);
            CHECK(strncmp(parts[i].opts, "rw,", 3) == 0 || strncmp(parts[i].opts, "ro,", 3) == 0);
            CHECK(strstr(parts[i].opts, "fixed") != NULL);
        }
    CHECK_MSG(found, "%s not among %zu partitions", root, n);
    psutil_free(parts);
}

/* GetDiskFreeSpace (clusters and sectors) is the older API over the same volume. */
TEST(disk_usage_agrees_with_getdiskfreespace)
{
    DWORD spc, bps, free_clusters, total_clusters;
    CHECK(GetDiskFreeSpaceA("C:\\", &spc, &bps, &free_clusters, &total_clusters));
    psutil_disk_usage_t du;
    CHECK_OK(psutil_disk_usage("C:\\", &du));
    double cluster = (double)spc * bps;
    /* The older API saturates its counts at 2^32 - 1 clusters (a volume past 16 TiB at
     * 4 KiB clusters); below that the totals agree to the cluster. */
    if (total_clusters != 0xFFFFFFFFu)
        CHECK_NEAR((double)du.total, (double)total_clusters * cluster, cluster);
    CHECK(du.total > 0 && du.free <= du.total && du.used <= du.total);
    /* Free space moves with every other writer: 64 MiB. */
    if (free_clusters != 0xFFFFFFFFu)
        CHECK_NEAR((double)du.free, (double)free_clusters * cluster, 64.0 * 1024 * 1024);
    CHECK_NEAR(du.percent, (double)du.used / (double)(du.used + du.free) * 100.0, 0.1);
}

TEST(disk_usage_of_a_missing_path_is_an_error_not_a_crash)
{
    psutil_disk_usage_t du;
    int rc = psutil_disk_usage("Q:\\no\\such\\dir", &du);
    CHECK_MSG(rc == PSUTIL_EOS || rc == PSUTIL_EINVAL, "%s", psutil_err_name(rc));
    psutil_error_info_t e;
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.detail[0] != '\0');
}

TEST(battery_is_absent_exactly_when_windows_says_so)
{
    SYSTEM_POWER_STATUS s;
    CHECK(GetSystemPowerStatus(&s));
    psutil_battery_t b;
    int rc = psutil_sensors_battery(&b);
    if (s.BatteryFlag == 128 || s.BatteryFlag == 255 || s.BatteryLifePercent == 255) {
        CHECK_RC(rc, PSUTIL_ENOTSUP);
    } else {
        CHECK_OK(rc);
        CHECK_NEAR(b.percent, s.BatteryLifePercent, 0);
        CHECK(b.power_plugged == (s.ACLineStatus == 1 ? 1 : s.ACLineStatus == 0 ? 0 : -1));
    }
}

/* What Windows has no equivalent of answers PSUTIL_ENOTSUP (docs/SUPPORTED_PLATFORMS.md),
 * never a crash or a made-up value. */
TEST(functions_without_a_windows_equivalent_say_enotsup)
{
    psutil_loadavg_t la;
    CHECK_RC(psutil_getloadavg(&la), PSUTIL_ENOTSUP);
    psutil_meminfo_field_t *mi;
    size_t n;
    CHECK_RC(psutil_meminfo(&mi, &n), PSUTIL_ENOTSUP);
    psutil_vmstat_field_t *vs;
    CHECK_RC(psutil_vmstat(&vs, &n), PSUTIL_ENOTSUP);
    psutil_temperature_t *t;
    CHECK_RC(psutil_sensors_temperatures(&t, &n), PSUTIL_ENOTSUP);
    psutil_fan_t *f;
    CHECK_RC(psutil_sensors_fans(&f, &n), PSUTIL_ENOTSUP);
    psutil_md_array_t *md;
    CHECK_RC(psutil_md_arrays(&md, &n), PSUTIL_ENOTSUP);
    psutil_net_counter_t *c;
    CHECK_RC(psutil_net_snmp(&c, &n), PSUTIL_ENOTSUP);
    psutil_schedstat_t *ss;
    CHECK_RC(psutil_cpu_schedstat(&ss, &n), PSUTIL_ENOTSUP);
    int64_t v[4];
    CHECK_RC(psutil_sysctl("kernel.pid_max", v, 4, &n), PSUTIL_ENOTSUP);
}

/* The registry's service key: Start (0 boot, 1 system, 2 automatic, 3 manual, 4 disabled)
 * and ImagePath, which the Service Control Manager reads its configuration from. */
static const char *registry_start(const char *name)
{
    char key[512];
    snprintf(key, sizeof(key), "SYSTEM\\CurrentControlSet\\Services\\%s", name);
    DWORD v = 0, size = sizeof(v);
    if (RegGetValueA(HKEY_LOCAL_MACHINE, key, "Start", RRF_RT_REG_DWORD, NULL, &v, &size) !=
        ERROR_SUCCESS)
        return NULL;
    static const char *const names[] = {"boot", "system", "automatic", "manual", "disabled"};
    return v < 5 ? names[v] : "";
}

/* Every running service's display name is one `net start` prints (net.exe asks the
 * Service Control Manager itself), each start type is the registry's, and each service
 * reads back alone by its name. */
TEST(services_agree_with_net_start_and_the_registry)
{
    psutil_win_service_t *s;
    size_t n;
    CHECK_OK(psutil_win_services(&s, &n));
    CHECK(n > 0);
    char *net = NULL;
    CHECK(run("net start", &net) == 0 && net != NULL);
    size_t running = 0, in_net = 0, checked = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(s[i].name[0] != '\0');
        if (strcmp(s[i].status, "running") == 0) {
            running++;
            CHECK_MSG(s[i].pid > 0, "%s runs in pid %lld", s[i].name, (long long)s[i].pid);
            char line[600];
            snprintf(line, sizeof(line), "    %s\r\n", s[i].display_name);
            in_net += strstr(net, line) != NULL;
        } else if (strcmp(s[i].status, "stopped") == 0) {
            CHECK(s[i].pid == -1);
        }
        const char *reg = registry_start(s[i].name);
        if (reg) {
            CHECK_MSG(strcmp(s[i].start_type, reg) == 0, "%s: start %s, registry %s", s[i].name,
                      s[i].start_type, reg);
            checked++;
        }
        psutil_win_service_t *one;
        CHECK_OK(psutil_win_service_get(s[i].name, &one));
        CHECK(strcmp(one->name, s[i].name) == 0);
        CHECK(strcmp(one->display_name, s[i].display_name) == 0);
        CHECK(strcmp(one->binpath, s[i].binpath) == 0);
        CHECK(strcmp(one->start_type, s[i].start_type) == 0);
        psutil_free(one);
    }
    CHECK_MSG(running > 0 && in_net == running, "%zu running, %zu of them in net start:\n%s",
              running, in_net, net);
    CHECK(checked > 0);
    free(net);
    psutil_free(s);
    psutil_win_service_t *none;
    CHECK_RC(psutil_win_service_get("no-such-service-here", &none), PSUTIL_EOS);
    psutil_error_info_t e;
    CHECK_OK(psutil_last_error(&e));
    CHECK(e.os_errno == 1060);
}

/* heap_info walks every heap: blocks the test allocates show in heap_used, and leave it
 * when freed; heap_count is GetProcessHeaps'. */
TEST(heap_info_sees_this_process_allocate_and_free)
{
    psutil_heap_info_t a, b, c;
    CHECK_OK(psutil_heap_info(&a));
    enum { N = 4096, SIZE = 256 };
    static void *blocks[N];
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(SIZE);
        CHECK(blocks[i] != NULL);
        memset(blocks[i], i, SIZE);
    }
    CHECK_OK(psutil_heap_info(&b));
    for (int i = 0; i < N; i++)
        free(blocks[i]);
    CHECK_OK(psutil_heap_info(&c));
    CHECK_MSG(b.heap_used >= a.heap_used + (uint64_t)N * SIZE,
              "heap_used %llu -> %llu after %d x %d bytes", (unsigned long long)a.heap_used,
              (unsigned long long)b.heap_used, N, SIZE);
    CHECK(c.heap_used + (uint64_t)N * SIZE <= b.heap_used + 4096);
    CHECK(b.heap_count == GetProcessHeaps(0, NULL) && b.heap_count >= 1);
    int released = -1;
    CHECK_OK(psutil_heap_trim(&released));
    CHECK(released == 0 || released == 1);
}

/* The interactive user this suite runs as (GetUserNameW) has a session, started before
 * now. */
TEST(users_hold_the_user_running_the_suite)
{
    psutil_user_t *u;
    size_t n;
    CHECK_OK(psutil_users(&u, &n));
    if (n == 0 && under_wine()) {
        psutil_free(u);
        harness_skip("wine's WTS sessions carry no user name");
    }
    wchar_t w[256];
    DWORD wl = 256;
    CHECK(GetUserNameW(w, &wl));
    char me[768];
    WideCharToMultiByte(CP_UTF8, 0, w, -1, me, sizeof(me), NULL, NULL);
    int seen = 0;
    for (size_t i = 0; i < n; i++) {
        CHECK(u[i].name[0] != '\0' && u[i].pid == -1);
        if (_stricmp(u[i].name, me) == 0) {
            seen = 1;
            CHECK(u[i].started > 1e9 && u[i].started <= (double)time(NULL) + 1);
        }
    }
    CHECK_MSG(seen, "%s is not among %zu users", me, n);
    psutil_free(u);
}

/* An uncached read of 8 MiB from a file this test wrote reaches a disk: the total read
 * bytes and count grow by at least that much. */
TEST(disk_io_counters_count_an_uncached_read)
{
    psutil_disk_io_t a, b;
    int rc = psutil_disk_io_counters(NULL, &a);
    if (rc == PSUTIL_ENOTSUP && under_wine())
        harness_skip("wine answers IOCTL_DISK_PERFORMANCE for no disk");
    CHECK_OK(rc);
    wchar_t dir[MAX_PATH], path[MAX_PATH];
    CHECK(GetTempPathW(MAX_PATH, dir) > 0);
    swprintf(path, MAX_PATH, L"%lspsutil-dio-%lu.dat", dir, (unsigned long)GetCurrentProcessId());
    size_t size = 8u << 20;
    char *buf = VirtualAlloc(NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    CHECK(buf != NULL);
    HANDLE f =
        CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_FLAG_WRITE_THROUGH, NULL);
    DWORD done;
    CHECK(f != INVALID_HANDLE_VALUE && WriteFile(f, buf, (DWORD)size, &done, NULL));
    CloseHandle(f);
    CHECK_OK(psutil_disk_io_counters(NULL, &a));
    f = CreateFileW(path, GENERIC_READ, 0, NULL, OPEN_EXISTING, FILE_FLAG_NO_BUFFERING, NULL);
    CHECK(f != INVALID_HANDLE_VALUE && ReadFile(f, buf, (DWORD)size, &done, NULL));
    CloseHandle(f);
    CHECK_OK(psutil_disk_io_counters(NULL, &b));
    CHECK_MSG(b.read_bytes >= a.read_bytes + size && b.read_count > a.read_count,
              "read_bytes %llu -> %llu after reading %zu uncached",
              (unsigned long long)a.read_bytes, (unsigned long long)b.read_bytes, size);
    DeleteFileW(path);
    VirtualFree(buf, 0, MEM_RELEASE);
}
