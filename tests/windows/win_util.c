/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * win_util.c - see win_util.h.
 */
#include "win_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tlhelp32.h>

const char *child_path(void)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s/tests/child.exe", build_dir());
    return path;
}

PROCESS_INFORMATION start_child(const char *args, const wchar_t *cwd, const wchar_t *env,
                                const char *event)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "\"%s\" %s", child_path(), args);
    wchar_t wcmd[2048];
    MultiByteToWideChar(CP_UTF8, 0, cmd, -1, wcmd, 2048);
    HANDLE ev = NULL;
    if (event) {
        ev = CreateEventA(NULL, TRUE, FALSE, event);
        CHECK(ev != NULL);
    }
    STARTUPINFOW si = {.cb = sizeof(si)};
    PROCESS_INFORMATION pi;
    BOOL ok = CreateProcessW(NULL, wcmd, NULL, NULL, FALSE, env ? CREATE_UNICODE_ENVIRONMENT : 0,
                             (LPVOID)env, cwd, &si, &pi);
    CHECK_MSG(ok, "CreateProcess %s: error %lu", cmd, (unsigned long)GetLastError());
    if (ev) {
        CHECK_MSG(WaitForSingleObject(ev, 5000) == WAIT_OBJECT_0, "child did not signal %s", event);
        CloseHandle(ev);
    }
    return pi;
}

void end_child(PROCESS_INFORMATION *pi)
{
    TerminateProcess(pi->hProcess, 1);
    WaitForSingleObject(pi->hProcess, 5000);
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
}

int toolhelp_process(DWORD pid, DWORD *ppid, DWORD *threads, char *exe, size_t exe_size)
{
    HANDLE s = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (s == INVALID_HANDLE_VALUE)
        return 0;
    PROCESSENTRY32W e = {.dwSize = sizeof(e)};
    int found = 0;
    for (BOOL ok = Process32FirstW(s, &e); ok && !found; ok = Process32NextW(s, &e)) {
        if (e.th32ProcessID != pid)
            continue;
        found = 1;
        if (ppid)
            *ppid = e.th32ParentProcessID;
        if (threads)
            *threads = e.cntThreads;
        if (exe)
            WideCharToMultiByte(CP_UTF8, 0, e.szExeFile, -1, exe, (int)exe_size, NULL, NULL);
    }
    CloseHandle(s);
    return found;
}

static int cmp_dword(const void *a, const void *b)
{
    DWORD x = *(const DWORD *)a, y = *(const DWORD *)b;
    return x < y ? -1 : x > y;
}

size_t toolhelp_pids(DWORD *pids, size_t cap)
{
    HANDLE s = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (s == INVALID_HANDLE_VALUE)
        return 0;
    PROCESSENTRY32W e = {.dwSize = sizeof(e)};
    size_t n = 0;
    for (BOOL ok = Process32FirstW(s, &e); ok && n < cap; ok = Process32NextW(s, &e))
        pids[n++] = e.th32ProcessID;
    CloseHandle(s);
    qsort(pids, n, sizeof(*pids), cmp_dword);
    return n;
}

unsigned long long ft64(FILETIME ft)
{
    return ((unsigned long long)ft.dwHighDateTime << 32) | ft.dwLowDateTime;
}

int under_wine(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");
    return nt && GetProcAddress(nt, "wine_get_version") != NULL;
}

psutil_proc_t *open_pid(DWORD pid)
{
    psutil_proc_t *p = NULL;
    CHECK_OK(psutil_proc_open((psutil_pid_t)pid, &p));
    return p;
}
