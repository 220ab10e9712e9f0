/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * win.h - what the Windows backend's files share: error mapping, UTF-16 to UTF-8, time
 * conversions and the NT system-information calls. Built with mingw-w64 only.
 */
#ifndef PSUTIL_WIN_H
#define PSUTIL_WIN_H

#include <windows.h>
#include <winternl.h>

#include "../os.h"

/* 100-ns intervals between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
#define PSUTIL__WIN_EPOCH_DELTA 116444736000000000ULL

/* Records a Win32 error (GetLastError's) as the library's code: access denied is
 * PSUTIL_EACCES, no memory PSUTIL_ENOMEM, anything else PSUTIL_EOS with the Win32 code
 * as os_errno; `what` names the call. Returns the code. */
PSUTIL__HIDDEN int psutil__win_error(DWORD err, const char *what);
/* The same for an NTSTATUS (converted with RtlNtStatusToDosError). */
PSUTIL__HIDDEN int psutil__win_nt_error(NTSTATUS st, const char *what);

/* wlen UTF-16 units of w (-1: NUL-terminated) as UTF-8 appended to a pack builder, or as a
 * psutil__malloc'd string. 0 or PSUTIL_ENOMEM / PSUTIL_EOS. */
PSUTIL__HIDDEN int psutil__win_pack_wstr(psutil__pack *pk, const wchar_t *w, int wlen,
                                         const char **off);
PSUTIL__HIDDEN int psutil__win_utf8(const wchar_t *w, int wlen, char **out);
/* UTF-8 to a psutil__malloc'd UTF-16 string. */
PSUTIL__HIDDEN int psutil__win_wide(const char *s, wchar_t **out);

/* A FILETIME or 100-ns count as seconds: since the Unix epoch (absolute times) or as a
 * duration. */
PSUTIL__HIDDEN double psutil__win_epoch(uint64_t filetime);
static inline uint64_t psutil__win_ft64(FILETIME ft)
{
    return ((uint64_t)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}
static inline double psutil__win_secs(uint64_t hundred_ns)
{
    return (double)hundred_ns / 1e7;
}

/* NtQuerySystemInformation into a psutil__malloc'd buffer grown until it fits. */
PSUTIL__HIDDEN int psutil__win_sysinfo(int cls, void **out, ULONG *len);

/* The process snapshot (SystemProcessInformation): every process with its parent, image
 * name, times, memory, handle and thread counts. Walk it with psutil__win_next. */
PSUTIL__HIDDEN int psutil__win_processes(SYSTEM_PROCESS_INFORMATION **out);
static inline SYSTEM_PROCESS_INFORMATION *psutil__win_next(SYSTEM_PROCESS_INFORMATION *p)
{
    return p->NextEntryOffset ? (SYSTEM_PROCESS_INFORMATION *)((char *)p + p->NextEntryOffset)
                              : NULL;
}

/* The one process's entry in a snapshot; NULL when absent. */
PSUTIL__HIDDEN SYSTEM_PROCESS_INFORMATION *psutil__win_find(SYSTEM_PROCESS_INFORMATION *all,
                                                            psutil_pid_t pid);

/* A handle on the process p names, with `access`, its identity proven (pid and creation
 * time) and still running: PSUTIL_ENOSUCHPROC when it ended or the pid is another
 * process's, PSUTIL_EACCES when it may not be opened so. Close it with CloseHandle. */
PSUTIL__HIDDEN int psutil__win_open_proven(psutil_proc_t *p, DWORD access, HANDLE *out);

/* Logical CPUs in every processor group (GetActiveProcessorCount(ALL)). */
PSUTIL__HIDDEN int psutil__win_ncpus(void);

#endif
