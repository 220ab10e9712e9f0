/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * system.c - system-wide values on Windows, as psutil's Windows backend reads them:
 * CPU counts (GetActiveProcessorCount, GetLogicalProcessorInformationEx), CPU times
 * (NtQuerySystemInformation SystemProcessorPerformanceInformation per CPU), CPU stats
 * (SystemInterruptInformation, SystemPerformanceInformation), frequency
 * (CallNtPowerInformation ProcessorInformation), boot time (GetTickCount64), memory
 * (GlobalMemoryStatusEx), the page file as swap, users (WTS sessions) and the battery
 * (GetSystemPowerStatus). What Windows has no equivalent of answers PSUTIL_ENOTSUP
 * (docs/SUPPORTED_PLATFORMS.md lists each).
 */
#include "win.h"

#include <powrprof.h>
#include <psapi.h>
#include <string.h>
#include <wtsapi32.h>

static int notsup(const char *what)
{
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "%s: no Windows equivalent", what);
}

/* --- CPU ------------------------------------------------------------------------------ */

int psutil__os_cpu_count_logical(int *out)
{
    *out = psutil__win_ncpus();
    return 0;
}

int psutil__os_cpu_count_physical(int *out)
{
    DWORD len = 0;
    GetLogicalProcessorInformationEx(RelationProcessorCore, NULL, &len);
    if (len == 0)
        return psutil__win_error(GetLastError(), "GetLogicalProcessorInformationEx");
    char *buf = psutil__malloc(len);
    if (!buf)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "processor information");
    if (!GetLogicalProcessorInformationEx(RelationProcessorCore,
                                          (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)buf, &len)) {
        psutil__dealloc(buf);
        return psutil__win_error(GetLastError(), "GetLogicalProcessorInformationEx");
    }
    int cores = 0;
    for (DWORD off = 0; off < len;) {
        SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *e =
            (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)(buf + off);
        if (e->Size == 0)
            break;
        if (e->Relationship == RelationProcessorCore)
            cores++;
        off += e->Size;
    }
    psutil__dealloc(buf);
    if (cores == 0)
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no processor core reported");
    *out = cores;
    return 0;
}

/* SystemProcessorPerformanceInformation: one record per logical CPU (of the calling
 * thread's processor group). Reserved1[0] is DpcTime, Reserved1[1] InterruptTime and
 * Reserved2 InterruptCount in the documented layout. */
static int processor_times(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION **out, size_t *n)
{
    void *buf;
    ULONG len;
    int rc = psutil__win_sysinfo(SystemProcessorPerformanceInformation, &buf, &len);
    if (rc != 0)
        return rc;
    *out = buf;
    *n = len / sizeof(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION);
    if (*n == 0) {
        psutil__dealloc(buf);
        return psutil__error(PSUTIL_EOS, 0, NULL, "no processor times");
    }
    return 0;
}

/* psutil's mapping: system is kernel time less idle (kernel time includes idle),
 * irq the interrupt time and softirq the DPC time (psutil's "interrupt" and "dpc"). */
static void fill_times(const SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *s, psutil_cpu_times_t *t)
{
    double idle = psutil__win_secs((uint64_t)s->IdleTime.QuadPart);
    double kernel = psutil__win_secs((uint64_t)s->KernelTime.QuadPart);
    t->user += psutil__win_secs((uint64_t)s->UserTime.QuadPart);
    t->system += kernel > idle ? kernel - idle : 0.0;
    t->idle += idle;
    t->softirq += psutil__win_secs((uint64_t)s->Reserved1[0].QuadPart);
    t->irq += psutil__win_secs((uint64_t)s->Reserved1[1].QuadPart);
}

int psutil__os_cpu_times(psutil_cpu_times_t *out)
{
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *s;
    size_t n;
    int rc = processor_times(&s, &n);
    if (rc != 0)
        return rc;
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        fill_times(&s[i], out);
    out->cpu = -1;
    psutil__dealloc(s);
    return 0;
}

int psutil__os_cpu_times_percpu(psutil_cpu_times_t **out, size_t *out_n)
{
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *s;
    size_t n;
    int rc = processor_times(&s, &n);
    if (rc != 0)
        return rc;
    psutil_cpu_times_t *t = psutil__calloc(n, sizeof(*t));
    if (!t) {
        psutil__dealloc(s);
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "per-CPU times");
    }
    for (size_t i = 0; i < n; i++) {
        fill_times(&s[i], &t[i]);
        t[i].cpu = (int)i;
    }
    psutil__dealloc(s);
    *out = t;
    *out_n = n;
    return 0;
}

/* SystemInterruptInformation (23): per CPU, as ntddk's SYSTEM_INTERRUPT_INFORMATION. */
typedef struct {
    ULONG ContextSwitches;
    ULONG DpcCount;
    ULONG DpcRate;
    ULONG TimeIncrement;
    ULONG DpcBypassCount;
    ULONG ApcBypassCount;
} psutil__interrupt_info;

int psutil__os_cpu_stats(psutil_cpu_stats_t *out)
{
    SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION *s;
    size_t n;
    int rc = processor_times(&s, &n);
    if (rc != 0)
        return rc;
    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < n; i++)
        out->interrupts += s[i].Reserved2;
    psutil__dealloc(s);
    void *buf;
    ULONG len;
    rc = psutil__win_sysinfo(SystemInterruptInformation, &buf, &len);
    if (rc != 0)
        return rc;
    psutil__interrupt_info *ii = buf;
    for (size_t i = 0; i < len / sizeof(*ii); i++) {
        out->ctx_switches += ii[i].ContextSwitches;
        out->soft_interrupts += ii[i].DpcCount;
    }
    psutil__dealloc(buf);
    return 0;
}

int psutil__os_cpu_schedstat(psutil_schedstat_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("schedstat");
}

/* PROCESSOR_POWER_INFORMATION (powrprof): MHz per logical CPU. */
typedef struct {
    ULONG Number;
    ULONG MaxMhz;
    ULONG CurrentMhz;
    ULONG MhzLimit;
    ULONG MaxIdleState;
    ULONG CurrentIdleState;
} psutil__power_info;

int psutil__os_cpu_freq_percpu(psutil_cpu_freq_t **out, size_t *out_n)
{
    size_t n = (size_t)psutil__win_ncpus();
    psutil__power_info *pi = psutil__calloc(n, sizeof(*pi));
    psutil_cpu_freq_t *f = psutil__calloc(n, sizeof(*f));
    if (!pi || !f) {
        psutil__dealloc(pi);
        psutil__dealloc(f);
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "processor power information");
    }
    NTSTATUS st =
        CallNtPowerInformation(ProcessorInformation, NULL, 0, pi, (ULONG)(n * sizeof(*pi)));
    if (st != 0) {
        psutil__dealloc(pi);
        psutil__dealloc(f);
        return psutil__win_nt_error(st, "CallNtPowerInformation(ProcessorInformation)");
    }
    for (size_t i = 0; i < n; i++) {
        f[i].current = pi[i].CurrentMhz;
        f[i].min = 0.0;
        f[i].max = pi[i].MaxMhz;
        f[i].cpu = (int)i;
    }
    psutil__dealloc(pi);
    *out = f;
    *out_n = n;
    return 0;
}

int psutil__os_getloadavg(psutil_loadavg_t *out)
{
    (void)out;
    return notsup("load average");
}

/* psutil's: now less the milliseconds since boot. */
int psutil__os_boot_time(double *out)
{
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    *out = psutil__win_epoch(psutil__win_ft64(now)) - (double)GetTickCount64() / 1000.0;
    return 0;
}

/* --- memory --------------------------------------------------------------------------- */

int psutil__os_virtual_memory(psutil_virtual_memory_t *out)
{
    MEMORYSTATUSEX m = {.dwLength = sizeof(m)};
    if (!GlobalMemoryStatusEx(&m))
        return psutil__win_error(GetLastError(), "GlobalMemoryStatusEx");
    memset(out, 0, sizeof(*out));
    out->total = m.ullTotalPhys;
    out->available = m.ullAvailPhys;
    out->free = m.ullAvailPhys;
    out->used = m.ullTotalPhys - m.ullAvailPhys;
    /* psutil's: the part not available. */
    out->percent = m.ullTotalPhys ? (double)out->used / (double)m.ullTotalPhys * 100.0 : 0.0;
    return 0;
}

/* The page file as swap, as psutil: the commit limit (ullTotalPageFile) less physical
 * memory, and its free part the available commit less available physical memory. */
int psutil__os_swap_memory(psutil_swap_memory_t *out)
{
    MEMORYSTATUSEX m = {.dwLength = sizeof(m)};
    if (!GlobalMemoryStatusEx(&m))
        return psutil__win_error(GetLastError(), "GlobalMemoryStatusEx");
    memset(out, 0, sizeof(*out));
    uint64_t total = m.ullTotalPageFile > m.ullTotalPhys ? m.ullTotalPageFile - m.ullTotalPhys : 0;
    uint64_t free = m.ullAvailPageFile > m.ullAvailPhys ? m.ullAvailPageFile - m.ullAvailPhys : 0;
    if (free > total)
        free = total;
    out->total = total;
    out->free = free;
    out->used = total - free;
    out->percent = total ? (double)out->used / (double)total * 100.0 : 0.0;
    return 0;
}

int psutil__os_meminfo(psutil_meminfo_field_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("meminfo");
}

int psutil__os_vmstat(psutil_vmstat_field_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("vmstat");
}

int psutil__os_sysctl(const char *name, int64_t *values, size_t max, size_t *n)
{
    (void)name;
    (void)values;
    (void)max;
    (void)n;
    return notsup("sysctl");
}

/* --- sensors ---------------------------------------------------------------------------- */

int psutil__os_sensors_temperatures(psutil_temperature_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("temperatures");
}

int psutil__os_sensors_fans(psutil_fan_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("fans");
}

int psutil__os_sensors_thermal_zones(psutil_temperature_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("thermal zones");
}

int psutil__os_sensors_cooling_devices(psutil_cooling_device_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("cooling devices");
}

/* GetSystemPowerStatus: BatteryFlag 128 is "no system battery" (psutil's None). */
int psutil__os_sensors_battery(psutil_battery_t *out)
{
    SYSTEM_POWER_STATUS s;
    if (!GetSystemPowerStatus(&s))
        return psutil__win_error(GetLastError(), "GetSystemPowerStatus");
    if (s.BatteryFlag == 128 || s.BatteryFlag == 255 || s.BatteryLifePercent == 255)
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no system battery");
    out->percent = s.BatteryLifePercent;
    out->power_plugged = s.ACLineStatus == 1 ? 1 : s.ACLineStatus == 0 ? 0 : -1;
    if (out->power_plugged == 1)
        out->secsleft = PSUTIL_POWER_TIME_UNLIMITED;
    else if (s.BatteryLifeTime == (DWORD)-1)
        out->secsleft = PSUTIL_POWER_TIME_UNKNOWN;
    else
        out->secsleft = s.BatteryLifeTime;
    return 0;
}

/* --- users ------------------------------------------------------------------------------ */

static int session_string(DWORD id, WTS_INFO_CLASS cls, wchar_t **out)
{
    DWORD bytes = 0;
    if (!WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, id, cls, out, &bytes))
        return psutil__win_error(GetLastError(), "WTSQuerySessionInformation");
    return 0;
}

/* Every session with a user name, as psutil: the name, no terminal, the client's
 * address when it is remote, the logon time. */
int psutil__os_users(psutil_user_t **out, size_t *out_n)
{
    WTS_SESSION_INFOW *sessions = NULL;
    DWORD count = 0;
    if (!WTSEnumerateSessionsW(WTS_CURRENT_SERVER_HANDLE, 0, 1, &sessions, &count))
        return psutil__win_error(GetLastError(), "WTSEnumerateSessions");
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_user);
    int rc = 0;
    for (DWORD i = 0; i < count && rc == 0; i++) {
        wchar_t *name = NULL;
        if (session_string(sessions[i].SessionId, WTSUserName, &name) != 0) {
            psutil_clear_error();
            continue;
        }
        if (!name || !name[0]) {
            WTSFreeMemory(name);
            continue;
        }
        psutil_user_t u = {0};
        u.pid = -1;
        rc = psutil__win_pack_wstr(&pk, name, -1, &u.name);
        WTSFreeMemory(name);
        const char *empty = NULL;
        if (rc == 0)
            rc = psutil__pack_str(&pk, "", 0, &empty);
        u.terminal = empty;
        u.host = empty;
        WTSINFOW *info = NULL;
        DWORD bytes = 0;
        if (rc == 0 &&
            WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, sessions[i].SessionId,
                                        WTSSessionInfo, (LPWSTR *)&info, &bytes) &&
            info) {
            if (info->LogonTime.QuadPart > 0)
                u.started = psutil__win_epoch((uint64_t)info->LogonTime.QuadPart);
            if (info->WinStationName[0] && wcscmp(info->WinStationName, L"Console") != 0)
                rc = psutil__win_pack_wstr(&pk, info->WinStationName, -1, &u.terminal);
        }
        if (info)
            WTSFreeMemory(info);
        if (rc == 0)
            rc = psutil__pack_add(&pk, &u);
    }
    WTSFreeMemory(sessions);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

/* --- containers, allocator: none on Windows -------------------------------------------- */

int psutil__os_cgroup_limits(psutil_proc_t *p, psutil_cgroup_limits_t *out)
{
    (void)p;
    (void)out;
    return notsup("cgroups");
}

int psutil__os_cgroup_stats(psutil_cgroup_stat_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return notsup("cgroups");
}

int psutil__os_proc_cgroups(psutil_proc_t *p, psutil_cgroup_t **out, size_t *out_n)
{
    (void)p;
    (void)out;
    (void)out_n;
    return notsup("cgroups");
}

int psutil__os_proc_container_id(psutil_proc_t *p, char **out)
{
    (void)p;
    (void)out;
    return notsup("container id");
}

int psutil__os_proc_namespaces(psutil_proc_t *p, psutil_namespaces_t *out)
{
    (void)p;
    (void)out;
    return notsup("namespaces");
}

int psutil__os_pressure(psutil_proc_t *p, int resource, psutil_pressure_t *out)
{
    (void)p;
    (void)resource;
    (void)out;
    return notsup("pressure stall information");
}

/* Every heap of the process (GetProcessHeaps: the default one, the C runtime's and those
 * of HeapCreate), walked with HeapWalk under its lock: heap_used is the bytes of the
 * blocks in use. Windows keeps no mmap'ed-block count apart: mmap_used 0. */
int psutil__os_heap_info(psutil_heap_info_t *out)
{
    DWORD n = GetProcessHeaps(0, NULL);
    if (n == 0)
        return psutil__win_error(GetLastError(), "GetProcessHeaps");
    HANDLE *heaps = psutil__calloc(n + 8, sizeof(HANDLE));
    if (!heaps)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "heap list");
    DWORD got = GetProcessHeaps(n + 8, heaps);
    if (got > n + 8)
        got = n + 8;
    uint64_t used = 0;
    for (DWORD i = 0; i < got; i++) {
        if (!HeapLock(heaps[i]))
            continue;
        PROCESS_HEAP_ENTRY e;
        memset(&e, 0, sizeof(e));
        while (HeapWalk(heaps[i], &e))
            if (e.wFlags & PROCESS_HEAP_ENTRY_BUSY)
                used += e.cbData;
        HeapUnlock(heaps[i]);
    }
    psutil__dealloc(heaps);
    out->heap_used = used;
    out->mmap_used = 0;
    out->heap_count = got;
    return 0;
}

/* HeapCompact on every heap; released when the process's private bytes went down. */
int psutil__os_heap_trim(int *released)
{
    PROCESS_MEMORY_COUNTERS_EX a = {.cb = sizeof(a)}, b = {.cb = sizeof(b)};
    GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&a, sizeof(a));
    HANDLE heaps[256];
    DWORD got = GetProcessHeaps(256, heaps);
    if (got == 0)
        return psutil__win_error(GetLastError(), "GetProcessHeaps");
    for (DWORD i = 0; i < got && i < 256; i++)
        HeapCompact(heaps[i], 0);
    GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&b, sizeof(b));
    *released = b.PrivateUsage < a.PrivateUsage;
    return 0;
}
