/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc.c - processes on Windows. A handle's identity is its pid and creation time
 * (GetProcessTimes, FILETIME 100-ns units), proven on every call: through an open
 * process handle, which pins the process object, or, where the process cannot be
 * opened (other users' and protected processes), through the system's process snapshot
 * (NtQuerySystemInformation SystemProcessInformation), which also carries the values
 * psutil reads there: parent, image name, thread and handle counts, times, memory and
 * per-thread context switches. Command line, working directory and environment are
 * read from the process's PEB (ReadProcessMemory), as psutil does.
 */
#include "win.h"

#include <psapi.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ProcessIoPriority (33) is not in mingw-w64's PROCESSINFOCLASS. */
#define PSUTIL__PROCESS_IO_PRIORITY 33

NTSTATUS NTAPI NtSuspendProcess(HANDLE);
NTSTATUS NTAPI NtResumeProcess(HANDLE);
NTSTATUS NTAPI NtSetInformationProcess(HANDLE, PROCESSINFOCLASS, PVOID, ULONG);

static int gone(psutil_pid_t pid)
{
    return psutil__error(PSUTIL_ENOSUCHPROC, 0, NULL, "process %lld is gone", (long long)pid);
}

/* The snapshot entry of p, its identity proven: NULL with the error recorded in *rc.
 * Inside a oneshot window the snapshot is the window's (os_cache). */
static SYSTEM_PROCESS_INFORMATION *entry(psutil_proc_t *p, SYSTEM_PROCESS_INFORMATION **snap,
                                         int *rc)
{
    *snap = NULL;
    SYSTEM_PROCESS_INFORMATION *all = p->os_cache;
    if (!all) {
        *rc = psutil__win_processes(&all);
        if (*rc != 0)
            return NULL;
        *snap = all;
    }
    SYSTEM_PROCESS_INFORMATION *e = psutil__win_find(all, p->pid);
    if (!e || (uint64_t)e->CreateTime.QuadPart != p->start) {
        psutil__dealloc(*snap);
        *snap = NULL;
        *rc = gone(p->pid);
        return NULL;
    }
    *rc = 0;
    return e;
}

/* An open handle on p with `access`, its identity proven by its creation time, ended
 * or not (the object of an ended process lives while a handle on it is open). A pid
 * that names no process is gone; access denied is PSUTIL_EACCES. */
static int open_same(psutil_proc_t *p, DWORD access, HANDLE *out)
{
    if (p->pid <= 0 || p->pid > 0xFFFFFFFFLL)
        return p->pid == 0 ? psutil__error(PSUTIL_EACCES, ERROR_ACCESS_DENIED, NULL,
                                           "the System Idle Process cannot be opened")
                           : gone(p->pid);
    HANDLE h = OpenProcess(access | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)p->pid);
    if (!h) {
        DWORD err = GetLastError();
        if (err == ERROR_INVALID_PARAMETER)
            return gone(p->pid);
        return psutil__win_error(err, "OpenProcess");
    }
    FILETIME c, e, k, u;
    if (!GetProcessTimes(h, &c, &e, &k, &u) || psutil__win_ft64(c) != p->start) {
        CloseHandle(h);
        return gone(p->pid);
    }
    *out = h;
    return 0;
}

/* open_same, for a process that still runs: one that ended is gone. */
static int open_proven(psutil_proc_t *p, DWORD access, HANDLE *out)
{
    HANDLE h;
    int rc = open_same(p, access | SYNCHRONIZE, &h);
    if (rc != 0)
        return rc;
    if (WaitForSingleObject(h, 0) == WAIT_OBJECT_0) {
        CloseHandle(h);
        return gone(p->pid);
    }
    *out = h;
    return 0;
}

int psutil__win_open_proven(psutil_proc_t *p, DWORD access, HANDLE *out)
{
    return open_proven(p, access, out);
}

/* --- the process list ----------------------------------------------------------------- */

int psutil__os_pids(psutil_pid_t **out, size_t *out_n)
{
    DWORD cap = 1024;
    for (;;) {
        DWORD *ids = psutil__malloc(cap * sizeof(DWORD));
        if (!ids)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "pid list");
        DWORD bytes = 0;
        if (!EnumProcesses(ids, cap * sizeof(DWORD), &bytes)) {
            psutil__dealloc(ids);
            return psutil__win_error(GetLastError(), "EnumProcesses");
        }
        DWORD n = bytes / sizeof(DWORD);
        if (n == cap) { /* maybe cut short: ask again with room */
            psutil__dealloc(ids);
            if (cap > (1u << 24))
                return psutil__error(PSUTIL_ENOMEM, 0, NULL, "pid list");
            cap *= 2;
            continue;
        }
        psutil_pid_t *pids = psutil__malloc((n ? n : 1) * sizeof(*pids));
        if (!pids) {
            psutil__dealloc(ids);
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "pid list");
        }
        for (DWORD i = 0; i < n; i++)
            pids[i] = ids[i];
        psutil__dealloc(ids);
        *out = pids;
        *out_n = n;
        return 0;
    }
}

int psutil__os_pid_exists(psutil_pid_t pid, int *out)
{
    if (pid == 0) {
        *out = 1;
        return 0;
    }
    if (pid < 0 || pid > 0xFFFFFFFFLL) {
        *out = 0;
        return 0;
    }
    HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid);
    if (!h) {
        DWORD err = GetLastError();
        if (err == ERROR_INVALID_PARAMETER) {
            *out = 0;
            return 0;
        }
        if (err == ERROR_ACCESS_DENIED) {
            *out = 1;
            return 0;
        }
        return psutil__win_error(err, "OpenProcess");
    }
    DWORD code = 0;
    BOOL ok = GetExitCodeProcess(h, &code);
    CloseHandle(h);
    /* An ended process whose object lives on (someone holds a handle) no longer exists
     * as psutil sees it: STILL_ACTIVE is its exit code only while it runs. */
    *out = !ok || code == STILL_ACTIVE;
    if (ok && code == STILL_ACTIVE)
        return 0;
    if (ok) {
        /* A process may exit with 259 itself; the wait tells for sure. */
        h = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)pid);
        if (h) {
            *out = WaitForSingleObject(h, 0) == WAIT_TIMEOUT;
            CloseHandle(h);
        }
    }
    return 0;
}

int psutil__os_ppid_map(psutil__ppid_entry **out, size_t *out_n)
{
    SYSTEM_PROCESS_INFORMATION *all;
    int rc = psutil__win_processes(&all);
    if (rc != 0)
        return rc;
    size_t n = 0;
    for (SYSTEM_PROCESS_INFORMATION *e = all; e; e = psutil__win_next(e))
        n++;
    psutil__ppid_entry *m = psutil__malloc((n ? n : 1) * sizeof(*m));
    if (!m) {
        psutil__dealloc(all);
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "parent table");
    }
    size_t i = 0;
    for (SYSTEM_PROCESS_INFORMATION *e = all; e; e = psutil__win_next(e), i++) {
        m[i].pid = (psutil_pid_t)(uintptr_t)e->UniqueProcessId;
        m[i].ppid = (psutil_pid_t)(uintptr_t)e->InheritedFromUniqueProcessId;
        m[i].start = (uint64_t)e->CreateTime.QuadPart;
    }
    psutil__dealloc(all);
    *out = m;
    *out_n = n;
    return 0;
}

int psutil__os_proc_open(psutil_pid_t pid, psutil_proc_t *p)
{
    if (pid < 0 || pid > 0xFFFFFFFFLL)
        return gone(pid);
    HANDLE h = pid > 0 ? OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, (DWORD)pid) : NULL;
    if (h) {
        FILETIME c, e, k, u;
        DWORD code = 0;
        BOOL ok = GetProcessTimes(h, &c, &e, &k, &u);
        BOOL ended = GetExitCodeProcess(h, &code) && code != STILL_ACTIVE &&
                     WaitForSingleObject(h, 0) == WAIT_OBJECT_0;
        CloseHandle(h);
        if (ok && !ended) {
            p->pid = pid;
            p->start = psutil__win_ft64(c);
            return 0;
        }
        if (ended)
            return gone(pid);
    } else if (pid > 0 && GetLastError() == ERROR_INVALID_PARAMETER) {
        return gone(pid);
    }
    /* Not openable (pid 0, system and protected processes): the snapshot's time. */
    SYSTEM_PROCESS_INFORMATION *all;
    int rc = psutil__win_processes(&all);
    if (rc != 0)
        return rc;
    SYSTEM_PROCESS_INFORMATION *e = psutil__win_find(all, pid);
    if (!e) {
        psutil__dealloc(all);
        return gone(pid);
    }
    p->pid = pid;
    p->start = (uint64_t)e->CreateTime.QuadPart;
    psutil__dealloc(all);
    return 0;
}

int psutil__os_proc_oneshot_begin(psutil_proc_t *p)
{
    SYSTEM_PROCESS_INFORMATION *all;
    int rc = psutil__win_processes(&all);
    if (rc != 0)
        return rc;
    p->os_cache = all;
    return 0;
}

void psutil__os_proc_oneshot_end(psutil_proc_t *p)
{
    psutil__dealloc(p->os_cache);
    p->os_cache = NULL;
}

/* --- values from the snapshot ---------------------------------------------------------- */

#define WITH_ENTRY(p, e, body)                                                                     \
    do {                                                                                           \
        SYSTEM_PROCESS_INFORMATION *snap_;                                                         \
        int rc_;                                                                                   \
        SYSTEM_PROCESS_INFORMATION *e = entry((p), &snap_, &rc_);                                  \
        if (!e)                                                                                    \
            return rc_;                                                                            \
        body;                                                                                      \
        psutil__dealloc(snap_);                                                                    \
        return rc_;                                                                                \
    } while (0)

int psutil__os_proc_ppid(psutil_proc_t *p, psutil_pid_t *out)
{
    WITH_ENTRY(p, e, *out = (psutil_pid_t)(uintptr_t)e->InheritedFromUniqueProcessId);
}

/* Threads follow their process's record in the snapshot. */
static SYSTEM_THREAD_INFORMATION *threads_of(SYSTEM_PROCESS_INFORMATION *e)
{
    return (SYSTEM_THREAD_INFORMATION *)(e + 1);
}

/* psutil: stopped when every thread waits suspended (KWAIT_REASON Suspended, 5),
 * running otherwise. */
static int status_of(SYSTEM_PROCESS_INFORMATION *e)
{
    SYSTEM_THREAD_INFORMATION *t = threads_of(e);
    if (e->NumberOfThreads == 0)
        return PSUTIL_STATUS_RUNNING;
    for (ULONG i = 0; i < e->NumberOfThreads; i++)
        if (!(t[i].ThreadState == 5 && t[i].WaitReason == 5))
            return PSUTIL_STATUS_RUNNING;
    return PSUTIL_STATUS_STOPPED;
}

int psutil__os_proc_status(psutil_proc_t *p, int *out)
{
    WITH_ENTRY(p, e, *out = status_of(e));
}

int psutil__os_proc_num_threads(psutil_proc_t *p, int64_t *out)
{
    WITH_ENTRY(p, e, *out = e->NumberOfThreads);
}

int psutil__os_proc_num_fds(psutil_proc_t *p, int64_t *out)
{
    WITH_ENTRY(p, e, *out = e->HandleCount);
}

int psutil__os_proc_create_time(psutil_proc_t *p, double *out)
{
    WITH_ENTRY(p, e, *out = psutil__win_epoch((uint64_t)e->CreateTime.QuadPart));
}

int psutil__os_proc_cpu_times(psutil_proc_t *p, psutil_proc_cpu_times_t *out)
{
    WITH_ENTRY(p, e, {
        memset(out, 0, sizeof(*out));
        out->user = psutil__win_secs((uint64_t)e->UserTime.QuadPart);
        out->system = psutil__win_secs((uint64_t)e->KernelTime.QuadPart);
    });
}

int psutil__os_proc_num_ctx_switches(psutil_proc_t *p, psutil_ctx_switches_t *out)
{
    WITH_ENTRY(p, e, {
        out->voluntary = 0;
        out->involuntary = 0;
        SYSTEM_THREAD_INFORMATION *t = threads_of(e);
        for (ULONG i = 0; i < e->NumberOfThreads; i++)
            out->voluntary += t[i].Reserved3; /* ContextSwitches */
    });
}

/* SYSTEM_THREAD_INFORMATION's Reserved1 are KernelTime, UserTime, CreateTime. */
int psutil__os_proc_threads(psutil_proc_t *p, psutil_thread_t **out, size_t *out_n)
{
    WITH_ENTRY(p, e, {
        size_t n = e->NumberOfThreads;
        psutil_thread_t *t = psutil__calloc(n ? n : 1, sizeof(*t));
        if (!t) {
            rc_ = psutil__error(PSUTIL_ENOMEM, 0, NULL, "thread list");
        } else {
            SYSTEM_THREAD_INFORMATION *ti = threads_of(e);
            for (size_t i = 0; i < n; i++) {
                t[i].id = (psutil_pid_t)(uintptr_t)ti[i].ClientId.UniqueThread;
                t[i].system = psutil__win_secs((uint64_t)ti[i].Reserved1[0].QuadPart);
                t[i].user = psutil__win_secs((uint64_t)ti[i].Reserved1[1].QuadPart);
            }
            *out = t;
            *out_n = n;
        }
    });
}

static int name_of(SYSTEM_PROCESS_INFORMATION *e, char **out)
{
    psutil_pid_t pid = (psutil_pid_t)(uintptr_t)e->UniqueProcessId;
    if (e->ImageName.Buffer && e->ImageName.Length)
        return psutil__win_utf8(e->ImageName.Buffer, e->ImageName.Length / 2, out);
    return psutil__win_utf8(pid == 0 ? L"System Idle Process" : L"System", -1, out);
}

int psutil__os_proc_name(psutil_proc_t *p, char **out)
{
    WITH_ENTRY(p, e, rc_ = name_of(e, out));
}

/* --- values through a process handle --------------------------------------------------- */

int psutil__os_proc_exe(psutil_proc_t *p, char **out)
{
    HANDLE h;
    int rc = open_proven(p, 0, &h);
    if (rc != 0)
        return rc;
    wchar_t path[32768];
    DWORD len = sizeof(path) / sizeof(path[0]);
    BOOL ok = QueryFullProcessImageNameW(h, 0, path, &len);
    DWORD err = GetLastError();
    CloseHandle(h);
    if (!ok)
        return psutil__win_error(err, "QueryFullProcessImageName");
    return psutil__win_utf8(path, (int)len, out);
}

int psutil__os_proc_nice(psutil_proc_t *p, int *out)
{
    HANDLE h;
    int rc = open_proven(p, 0, &h);
    if (rc != 0)
        return rc;
    DWORD c = GetPriorityClass(h);
    DWORD err = GetLastError();
    CloseHandle(h);
    if (c == 0)
        return psutil__win_error(err, "GetPriorityClass");
    *out = (int)c;
    return 0;
}

int psutil__os_proc_set_nice(psutil_proc_t *p, int value)
{
    static const DWORD classes[] = {IDLE_PRIORITY_CLASS,   BELOW_NORMAL_PRIORITY_CLASS,
                                    NORMAL_PRIORITY_CLASS, ABOVE_NORMAL_PRIORITY_CLASS,
                                    HIGH_PRIORITY_CLASS,   REALTIME_PRIORITY_CLASS};
    int known = 0;
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
        known |= (DWORD)value == classes[i];
    if (!known)
        return psutil__error(PSUTIL_EINVAL, 0, NULL,
                             "%d is not a priority class (psutil's *_PRIORITY_CLASS)", value);
    HANDLE h;
    int rc = open_proven(p, PROCESS_SET_INFORMATION, &h);
    if (rc != 0)
        return rc;
    BOOL ok = SetPriorityClass(h, (DWORD)value);
    DWORD err = GetLastError();
    CloseHandle(h);
    return ok ? 0 : psutil__win_error(err, "SetPriorityClass");
}

/* I/O priority (psutil's IOPRIO_VERYLOW 0, LOW 1, NORMAL 2, HIGH 3) in ioclass. */
int psutil__os_proc_ionice(psutil_proc_t *p, psutil_ionice_t *out)
{
    HANDLE h;
    int rc = open_proven(p, PROCESS_QUERY_INFORMATION, &h);
    if (rc != 0)
        return rc;
    ULONG prio = 0;
    NTSTATUS st = NtQueryInformationProcess(h, (PROCESSINFOCLASS)PSUTIL__PROCESS_IO_PRIORITY, &prio,
                                            sizeof(prio), NULL);
    CloseHandle(h);
    if (!NT_SUCCESS(st))
        return psutil__win_nt_error(st, "NtQueryInformationProcess(ProcessIoPriority)");
    out->ioclass = (int)prio;
    out->value = 0;
    return 0;
}

int psutil__os_proc_set_ionice(psutil_proc_t *p, int ioclass, int value)
{
    if (ioclass < 0 || ioclass > 3 || value != 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL,
                             "Windows I/O priorities are 0..3 (very low..high), value 0");
    HANDLE h;
    int rc = open_proven(p, PROCESS_SET_INFORMATION, &h);
    if (rc != 0)
        return rc;
    ULONG prio = (ULONG)ioclass;
    NTSTATUS st = NtSetInformationProcess(h, (PROCESSINFOCLASS)PSUTIL__PROCESS_IO_PRIORITY, &prio,
                                          sizeof(prio));
    CloseHandle(h);
    return NT_SUCCESS(st) ? 0 : psutil__win_nt_error(st, "NtSetInformationProcess");
}

int psutil__os_proc_cpu_affinity(psutil_proc_t *p, int **out, size_t *out_n)
{
    HANDLE h;
    int rc = open_proven(p, 0, &h);
    if (rc != 0)
        return rc;
    DWORD_PTR mask = 0, sys = 0;
    BOOL ok = GetProcessAffinityMask(h, &mask, &sys);
    DWORD err = GetLastError();
    CloseHandle(h);
    if (!ok)
        return psutil__win_error(err, "GetProcessAffinityMask");
    int *cpus = psutil__malloc(sizeof(int) * 64);
    if (!cpus)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "affinity");
    size_t n = 0;
    for (int i = 0; i < (int)(8 * sizeof(mask)); i++)
        if (mask & ((DWORD_PTR)1 << i))
            cpus[n++] = i;
    *out = cpus;
    *out_n = n;
    return 0;
}

int psutil__os_proc_set_cpu_affinity(psutil_proc_t *p, const int *cpus, size_t n)
{
    DWORD_PTR mask = 0;
    for (size_t i = 0; i < n; i++) {
        if (cpus[i] < 0 || cpus[i] >= (int)(8 * sizeof(mask)))
            return psutil__error(PSUTIL_EINVAL, 0, NULL, "CPU %d out of range", cpus[i]);
        mask |= (DWORD_PTR)1 << cpus[i];
    }
    if (mask == 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "an empty CPU set");
    HANDLE h;
    int rc = open_proven(p, PROCESS_SET_INFORMATION, &h);
    if (rc != 0)
        return rc;
    BOOL ok = SetProcessAffinityMask(h, mask);
    DWORD err = GetLastError();
    CloseHandle(h);
    if (!ok)
        return err == ERROR_INVALID_PARAMETER
                   ? psutil__error(PSUTIL_EINVAL, (int)err, NULL, "CPUs not in the system's set")
                   : psutil__win_error(err, "SetProcessAffinityMask");
    return 0;
}

int psutil__os_proc_io_counters(psutil_proc_t *p, psutil_proc_io_t *out)
{
    HANDLE h;
    int rc = open_proven(p, 0, &h);
    if (rc != 0)
        return rc;
    IO_COUNTERS io;
    BOOL ok = GetProcessIoCounters(h, &io);
    DWORD err = GetLastError();
    CloseHandle(h);
    if (!ok)
        return psutil__win_error(err, "GetProcessIoCounters");
    memset(out, 0, sizeof(*out));
    out->read_count = io.ReadOperationCount;
    out->write_count = io.WriteOperationCount;
    out->read_bytes = io.ReadTransferCount;
    out->write_bytes = io.WriteTransferCount;
    return 0;
}

static int memory_counters(psutil_proc_t *p, PROCESS_MEMORY_COUNTERS_EX *m)
{
    HANDLE h;
    int rc = open_proven(p, PROCESS_VM_READ, &h);
    if (rc == PSUTIL_EACCES)
        rc = open_proven(p, 0, &h);
    if (rc != 0)
        return rc;
    memset(m, 0, sizeof(*m));
    m->cb = sizeof(*m);
    BOOL ok = GetProcessMemoryInfo(h, (PROCESS_MEMORY_COUNTERS *)m, sizeof(*m));
    DWORD err = GetLastError();
    CloseHandle(h);
    return ok ? 0 : psutil__win_error(err, "GetProcessMemoryInfo");
}

/* psutil's rss is the working set, vms the page-file (private committed) bytes. */
int psutil__os_proc_memory_info(psutil_proc_t *p, psutil_proc_memory_t *out)
{
    PROCESS_MEMORY_COUNTERS_EX m;
    int rc = memory_counters(p, &m);
    if (rc != 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->rss = m.WorkingSetSize;
    out->vms = m.PagefileUsage;
    return 0;
}

int psutil__os_proc_memory_info_ex(psutil_proc_t *p, psutil_proc_memory_ex_t *out)
{
    PROCESS_MEMORY_COUNTERS_EX m;
    int rc = memory_counters(p, &m);
    if (rc != 0)
        return rc;
    memset(out, 0, sizeof(*out));
    out->base.rss = m.WorkingSetSize;
    out->base.vms = m.PagefileUsage;
    out->peak_rss = m.PeakWorkingSetSize;
    out->peak_vms = m.PeakPagefileUsage;
    return 0;
}

/* USS as psutil: the working set's pages that are not shared (QueryWorkingSet). */
int psutil__os_proc_memory_full_info(psutil_proc_t *p, psutil_proc_memory_full_t *out)
{
    PROCESS_MEMORY_COUNTERS_EX m;
    int rc = memory_counters(p, &m);
    if (rc != 0)
        return rc;
    HANDLE h;
    rc = open_proven(p, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &h);
    if (rc != 0)
        return rc;
    size_t cap = 4096;
    PSAPI_WORKING_SET_INFORMATION *ws = NULL;
    for (;;) {
        size_t bytes = sizeof(ULONG_PTR) + cap * sizeof(PSAPI_WORKING_SET_BLOCK);
        ws = psutil__malloc(bytes);
        if (!ws) {
            CloseHandle(h);
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "working set");
        }
        if (QueryWorkingSet(h, ws, (DWORD)bytes))
            break;
        DWORD err = GetLastError();
        size_t need = ws->NumberOfEntries;
        psutil__dealloc(ws);
        if (err != ERROR_BAD_LENGTH || cap > ((size_t)1 << 28)) {
            CloseHandle(h);
            /* The arguments are valid: ERROR_INVALID_PARAMETER is a system that lacks the
             * working-set list (wine's NtQueryVirtualMemory). */
            if (err == ERROR_INVALID_PARAMETER)
                return psutil__error(PSUTIL_ENOTSUP, (int)err, NULL,
                                     "QueryWorkingSet: no working-set list here");
            return psutil__win_error(err, "QueryWorkingSet");
        }
        cap = need > cap ? need + need / 4 : cap * 2;
    }
    CloseHandle(h);
    uint64_t priv = 0;
    for (ULONG_PTR i = 0; i < ws->NumberOfEntries; i++)
        if (!ws->WorkingSetInfo[i].Shared)
            priv++;
    psutil__dealloc(ws);
    memset(out, 0, sizeof(*out));
    out->base.rss = m.WorkingSetSize;
    out->base.vms = m.PagefileUsage;
    out->uss = priv * (uint64_t)psutil__page_size();
    return 0;
}

int psutil__os_proc_username(psutil_proc_t *p, char **out)
{
    HANDLE h;
    int rc = open_proven(p, 0, &h);
    if (rc != 0)
        return rc;
    HANDLE tok;
    if (!OpenProcessToken(h, TOKEN_QUERY, &tok)) {
        DWORD err = GetLastError();
        CloseHandle(h);
        return psutil__win_error(err, "OpenProcessToken");
    }
    CloseHandle(h);
    char buf[512];
    DWORD len = 0;
    BOOL ok = GetTokenInformation(tok, TokenUser, buf, sizeof(buf), &len);
    DWORD err = GetLastError();
    CloseHandle(tok);
    if (!ok)
        return psutil__win_error(err, "GetTokenInformation");
    wchar_t name[256], domain[256], full[520];
    DWORD nlen = 256, dlen = 256;
    SID_NAME_USE use;
    if (!LookupAccountSidW(NULL, ((TOKEN_USER *)buf)->User.Sid, name, &nlen, domain, &dlen, &use))
        return psutil__win_error(GetLastError(), "LookupAccountSid");
    /* psutil's form: DOMAIN\user. */
    swprintf(full, 520, dlen ? L"%ls\\%ls" : L"%ls%ls", domain, name);
    return psutil__win_utf8(full, -1, out);
}

/* --- the PEB: command line, working directory, environment ----------------------------- */

/* Offsets in the 64-bit PEB and RTL_USER_PROCESS_PARAMETERS (winternl.h's documented
 * members, and CurrentDirectory's DosPath at 0x38 as every reader of it uses). */
#define PEB_PARAMS 0x20
#define PARAMS_CWD 0x38
#define PARAMS_CMDLINE 0x70
#define PARAMS_ENV 0x80

static int read_mem(HANDLE h, const void *addr, void *buf, size_t len)
{
    SIZE_T got = 0;
    if (!ReadProcessMemory(h, addr, buf, len, &got) || got != len)
        return psutil__win_error(GetLastError(), "ReadProcessMemory");
    return 0;
}

static int params_of(HANDLE h, char **params)
{
    PROCESS_BASIC_INFORMATION pbi;
    NTSTATUS st = NtQueryInformationProcess(h, ProcessBasicInformation, &pbi, sizeof(pbi), NULL);
    if (!NT_SUCCESS(st))
        return psutil__win_nt_error(st, "NtQueryInformationProcess(ProcessBasicInformation)");
    ULONG_PTR wow = 0;
    NtQueryInformationProcess(h, ProcessWow64Information, &wow, sizeof(wow), NULL);
    if (wow)
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "a 32-bit process's PEB");
    return read_mem(h, (char *)pbi.PebBaseAddress + PEB_PARAMS, params, sizeof(*params));
}

/* The UNICODE_STRING at params+off, read from h into a psutil__malloc'd wide string. */
static int remote_string(HANDLE h, char *params, size_t off, wchar_t **out, size_t *len)
{
    UNICODE_STRING us;
    int rc = read_mem(h, params + off, &us, sizeof(us));
    if (rc != 0)
        return rc;
    wchar_t *w = psutil__malloc((size_t)us.Length + sizeof(wchar_t));
    if (!w)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "process string");
    if (us.Length && (rc = read_mem(h, us.Buffer, w, us.Length)) != 0) {
        psutil__dealloc(w);
        return rc;
    }
    w[us.Length / 2] = L'\0';
    *out = w;
    *len = us.Length / 2;
    return 0;
}

static int peb_string(psutil_proc_t *p, size_t off, wchar_t **out, size_t *len)
{
    HANDLE h;
    int rc = open_proven(p, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &h);
    if (rc != 0)
        return rc;
    char *params;
    rc = params_of(h, &params);
    if (rc == 0)
        rc = remote_string(h, params, off, out, len);
    CloseHandle(h);
    return rc;
}

int psutil__os_proc_cwd(psutil_proc_t *p, char **out)
{
    wchar_t *w;
    size_t n;
    int rc = peb_string(p, PARAMS_CWD, &w, &n);
    if (rc != 0)
        return rc;
    /* psutil drops the trailing separator, but not of a drive's root ("C:\"). */
    if (n > 3 && w[n - 1] == L'\\')
        w[--n] = L'\0';
    rc = psutil__win_utf8(w, (int)n, out);
    psutil__dealloc(w);
    return rc;
}

int psutil__os_proc_cmdline(psutil_proc_t *p, char ***out, size_t *out_n)
{
    wchar_t *w;
    size_t n;
    int rc = peb_string(p, PARAMS_CMDLINE, &w, &n);
    if (rc != 0)
        return rc;
    int argc = 0;
    wchar_t **argv = n ? CommandLineToArgvW(w, &argc) : NULL;
    psutil__dealloc(w);
    if (n && !argv)
        return psutil__win_error(GetLastError(), "CommandLineToArgvW");
    /* One block: the pointer array, then the strings. */
    size_t bytes = sizeof(char *) * ((size_t)argc + 1);
    char **utf = psutil__calloc((size_t)argc + 1, sizeof(char *));
    if (!utf) {
        LocalFree(argv);
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "command line");
    }
    for (int i = 0; i < argc && rc == 0; i++) {
        rc = psutil__win_utf8(argv[i], -1, &utf[i]);
        if (rc == 0)
            bytes += strlen(utf[i]) + 1;
    }
    LocalFree(argv);
    char **block = rc == 0 ? psutil__malloc(bytes) : NULL;
    if (rc == 0 && !block)
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "command line");
    if (rc == 0) {
        char *s = (char *)(block + argc + 1);
        for (int i = 0; i < argc; i++) {
            size_t l = strlen(utf[i]) + 1;
            memcpy(s, utf[i], l);
            block[i] = s;
            s += l;
        }
        block[argc] = NULL;
        *out = block;
        *out_n = (size_t)argc;
    }
    for (int i = 0; i < argc; i++)
        psutil__dealloc(utf[i]);
    psutil__dealloc(utf);
    return rc;
}

int psutil__os_proc_environ(psutil_proc_t *p, psutil_env_var_t **out, size_t *out_n)
{
    HANDLE h;
    int rc = open_proven(p, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &h);
    if (rc != 0)
        return rc;
    char *params;
    void *env = NULL;
    rc = params_of(h, &params);
    if (rc == 0)
        rc = read_mem(h, params + PARAMS_ENV, &env, sizeof(env));
    MEMORY_BASIC_INFORMATION mbi;
    size_t avail = 0;
    if (rc == 0) {
        if (!env || !VirtualQueryEx(h, env, &mbi, sizeof(mbi)))
            rc = psutil__error(PSUTIL_EOS, (int)GetLastError(), NULL, "no environment block");
        else
            avail = (size_t)((char *)mbi.BaseAddress + mbi.RegionSize - (char *)env);
    }
    if (avail > (8u << 20))
        avail = 8u << 20;
    wchar_t *w = NULL;
    if (rc == 0 && !(w = psutil__malloc(avail + 2 * sizeof(wchar_t))))
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "environment");
    if (rc == 0)
        rc = read_mem(h, env, w, avail);
    CloseHandle(h);
    if (rc != 0) {
        psutil__dealloc(w);
        return rc;
    }
    size_t wn = avail / sizeof(wchar_t);
    w[wn] = L'\0';
    w[wn + 1] = L'\0';
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_env_var);
    for (wchar_t *s = w; *s && rc == 0; s += wcslen(s) + 1) {
        /* "=C:=C:\dir" entries are the per-drive directories: psutil keeps them. */
        wchar_t *eq = wcschr(s[0] == L'=' ? s + 1 : s, L'=');
        if (!eq)
            continue;
        psutil_env_var_t v = {0};
        rc = psutil__win_pack_wstr(&pk, s, (int)(eq - s), &v.key);
        if (rc == 0)
            rc = psutil__win_pack_wstr(&pk, eq + 1, -1, &v.value);
        if (rc == 0)
            rc = psutil__pack_add(&pk, &v);
    }
    psutil__dealloc(w);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

/* --- what Windows has no equivalent of --------------------------------------------------- */

static int notsup_proven(psutil_proc_t *p, const char *what)
{
    int st;
    int rc = psutil__os_proc_status(p, &st);
    if (rc != 0)
        return rc;
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "%s: no Windows equivalent", what);
}

int psutil__os_proc_cpu_num(psutil_proc_t *p, int *out)
{
    (void)out;
    return notsup_proven(p, "cpu_num");
}

int psutil__os_proc_page_faults(psutil_proc_t *p, psutil_page_faults_t *out)
{
    (void)out;
    return notsup_proven(p, "page faults split into minor and major");
}

int psutil__os_proc_root(psutil_proc_t *p, char **out)
{
    (void)out;
    return notsup_proven(p, "root directory");
}

int psutil__os_proc_terminal(psutil_proc_t *p, char **out)
{
    (void)out;
    return notsup_proven(p, "terminal");
}

int psutil__os_proc_uids(psutil_proc_t *p, psutil_ids_t *out)
{
    (void)out;
    return notsup_proven(p, "uids");
}

int psutil__os_proc_gids(psutil_proc_t *p, psutil_ids_t *out)
{
    (void)out;
    return notsup_proven(p, "gids");
}

int psutil__os_proc_rlimit(psutil_proc_t *p, int resource, const psutil_rlimit_t *set,
                           psutil_rlimit_t *out)
{
    (void)resource;
    (void)set;
    (void)out;
    return notsup_proven(p, "rlimit");
}

int psutil__os_proc_memory_footprint(psutil_proc_t *p, psutil_proc_memory_footprint_t *out)
{
    (void)out;
    return notsup_proven(p, "memory footprint (smaps_rollup)");
}

/* --- control ------------------------------------------------------------------------------ */

/* psutil on Windows: SIGTERM and SIGKILL end the process (TerminateProcess, exit code
 * the signal's number); 0 only proves it; other signals have no Windows meaning. */
int psutil__os_proc_send_signal(psutil_proc_t *p, int sig)
{
    if (sig == 0) {
        int st;
        return psutil__os_proc_status(p, &st);
    }
    if (sig != 15 && sig != 9)
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL,
                             "signal %d: Windows ends processes (SIGTERM, SIGKILL) only", sig);
    HANDLE h;
    int rc = open_proven(p, PROCESS_TERMINATE, &h);
    if (rc != 0)
        return rc;
    BOOL ok = TerminateProcess(h, (UINT)sig);
    DWORD err = GetLastError();
    CloseHandle(h);
    return ok ? 0 : psutil__win_error(err, "TerminateProcess");
}

int psutil__os_proc_action(psutil_proc_t *p, enum psutil__proc_action what)
{
    if (what == PSUTIL__ACT_TERMINATE || what == PSUTIL__ACT_KILL)
        return psutil__os_proc_send_signal(p, what == PSUTIL__ACT_KILL ? 9 : 15);
    HANDLE h;
    int rc = open_proven(p, PROCESS_SUSPEND_RESUME, &h);
    if (rc != 0)
        return rc;
    NTSTATUS st = what == PSUTIL__ACT_SUSPEND ? NtSuspendProcess(h) : NtResumeProcess(h);
    CloseHandle(h);
    return NT_SUCCESS(st)
               ? 0
               : psutil__win_nt_error(st, what == PSUTIL__ACT_SUSPEND ? "NtSuspendProcess"
                                                                      : "NtResumeProcess");
}

/* --- waiting: the process handle is signalled when it ends ------------------------------ */

int psutil__os_wait_begin(psutil_proc_t *p, psutil__waiter *w)
{
    HANDLE h;
    /* An ended process whose object still lives (its parent holds a handle) gives its
     * exit code; one whose object is gone is gone, its status unknown. */
    int rc = open_same(p, SYNCHRONIZE, &h);
    if (rc != 0)
        return rc;
    /* Windows handles fit in 32 bits (they are sign-extended across 32/64-bit
     * processes), so the waiter's int holds one. */
    w->handle = (int)(intptr_t)h;
    w->not_child = 0;
    return 0;
}

int psutil__os_wait_check(psutil_proc_t *p, psutil__waiter *w, psutil_exit_t *st)
{
    (void)p;
    HANDLE h = (HANDLE)(intptr_t)w->handle;
    if (WaitForSingleObject(h, 0) != WAIT_OBJECT_0)
        return 0;
    DWORD code = 0;
    st->known = GetExitCodeProcess(h, &code) ? 1 : 0;
    st->exit_code = (int)code;
    return 1;
}

int psutil__os_wait_any(const psutil__waiter *w, const int *done, size_t n, double seconds)
{
    HANDLE hs[MAXIMUM_WAIT_OBJECTS];
    DWORD k = 0;
    for (size_t i = 0; i < n && k < MAXIMUM_WAIT_OBJECTS; i++)
        if (!done[i] && w[i].handle != -1)
            hs[k++] = (HANDLE)(intptr_t)w[i].handle;
    DWORD ms = seconds < 0 ? INFINITE : seconds > 86400.0 ? 86400000u : (DWORD)(seconds * 1000.0);
    if (k == 0) {
        Sleep(ms == INFINITE ? 1000 : ms);
        return 0;
    }
    DWORD r = WaitForMultipleObjects(k, hs, FALSE, ms);
    if (r == WAIT_FAILED)
        return psutil__win_error(GetLastError(), "WaitForMultipleObjects");
    return 0;
}

void psutil__os_wait_end(psutil__waiter *w)
{
    if (w->handle != -1 && w->handle != 0)
        CloseHandle((HANDLE)(intptr_t)w->handle);
    w->handle = -1;
}
