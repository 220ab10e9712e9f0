/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * win_util.h - helpers of the Windows tests: starting child.exe in a known state, and
 * the second, independent Windows sources the tests compare the library with.
 */
#ifndef PSUTIL_TEST_WIN_UTIL_H
#define PSUTIL_TEST_WIN_UTIL_H

#include <windows.h>

#include "../harness.h"

/* Starts child.exe with `args` (after the program name), in `cwd` (NULL: ours) with the
 * environment block `env` (NULL: ours, else UTF-16 "K=V\0...\0\0"), and, when `event`
 * names one, waits until the child signals it (5 s). Fails the test if it cannot. */
PROCESS_INFORMATION start_child(const char *args, const wchar_t *cwd, const wchar_t *env,
                                const char *event);
/* Ends a child started above and closes its handles. */
void end_child(PROCESS_INFORMATION *pi);
/* psutil_proc_open of `pid`; fails the test if it cannot. */
psutil_proc_t *open_pid(DWORD pid);
/* child.exe's path (UTF-8, a static buffer). */
const char *child_path(void);

/* Toolhelp32's view of one process: 1 when found. */
int toolhelp_process(DWORD pid, DWORD *ppid, DWORD *threads, char *exe, size_t exe_size);
/* Toolhelp32's pids, sorted; returns the count (at most cap). */
size_t toolhelp_pids(DWORD *pids, size_t cap);

/* 1 when the suite runs under wine (ntdll exports wine_get_version): a few values wine
 * does not emulate are then checked another way, or their test skipped by name. */
int under_wine(void);

/* FILETIME as a 64-bit count. */
unsigned long long ft64(FILETIME ft);

#endif
