/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * win.c - the Windows backend's shared pieces: Win32 and NTSTATUS errors as the
 * library's codes, UTF-16 <-> UTF-8, FILETIME to epoch seconds, the growing
 * NtQuerySystemInformation call, the monotonic clock and sleep.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "win.h"

int psutil__win_error(DWORD err, const char *what)
{
    int code = PSUTIL_EOS;
    if (err == ERROR_ACCESS_DENIED || err == ERROR_PRIVILEGE_NOT_HELD)
        code = PSUTIL_EACCES;
    else if (err == ERROR_NOT_ENOUGH_MEMORY || err == ERROR_OUTOFMEMORY)
        code = PSUTIL_ENOMEM;
    else if (err == ERROR_CALL_NOT_IMPLEMENTED || err == ERROR_NOT_SUPPORTED ||
             err == ERROR_INVALID_FUNCTION)
        code = PSUTIL_ENOTSUP; /* this Windows (or wine) does not implement it */
    return psutil__error(code, (int)err, NULL, "%s failed (Win32 error %lu)", what,
                         (unsigned long)err);
}

int psutil__win_nt_error(NTSTATUS st, const char *what)
{
    /* STATUS_NOT_IMPLEMENTED, STATUS_INVALID_INFO_CLASS: not on this Windows (or wine). */
    if (st == (NTSTATUS)0xC0000002L || st == (NTSTATUS)0xC0000003L)
        return psutil__error(PSUTIL_ENOTSUP, (int)RtlNtStatusToDosError(st), NULL,
                             "%s: not implemented here (NTSTATUS 0x%08lx)", what,
                             (unsigned long)st);
    ULONG err = RtlNtStatusToDosError(st);
    return psutil__win_error(err, what);
}

static int to_utf8(const wchar_t *w, int wlen, char *buf, int cap)
{
    return WideCharToMultiByte(CP_UTF8, 0, w, wlen, buf, cap, NULL, NULL);
}

int psutil__win_utf8(const wchar_t *w, int wlen, char **out)
{
    if (wlen < 0)
        wlen = (int)wcslen(w);
    int n = wlen ? to_utf8(w, wlen, NULL, 0) : 0;
    if (wlen && n <= 0)
        return psutil__win_error(GetLastError(), "WideCharToMultiByte");
    char *s = psutil__malloc((size_t)n + 1);
    if (!s)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "UTF-8 string");
    if (n)
        to_utf8(w, wlen, s, n);
    s[n] = '\0';
    *out = s;
    return 0;
}

int psutil__win_pack_wstr(psutil__pack *pk, const wchar_t *w, int wlen, const char **off)
{
    char *s;
    int rc = psutil__win_utf8(w ? w : L"", w ? wlen : 0, &s);
    if (rc != 0)
        return rc;
    rc = psutil__pack_str(pk, s, strlen(s), off);
    psutil__dealloc(s);
    return rc;
}

int psutil__win_wide(const char *s, wchar_t **out)
{
    int n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
    if (n <= 0)
        return psutil__error(PSUTIL_EINVAL, (int)GetLastError(), s, "not UTF-8");
    wchar_t *w = psutil__malloc((size_t)n * sizeof(wchar_t));
    if (!w)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "UTF-16 string");
    MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, w, n);
    *out = w;
    return 0;
}

double psutil__win_epoch(uint64_t filetime)
{
    if (filetime < PSUTIL__WIN_EPOCH_DELTA)
        return 0.0;
    return (double)(filetime - PSUTIL__WIN_EPOCH_DELTA) / 1e7;
}

int psutil__win_sysinfo(int cls, void **out, ULONG *len)
{
    ULONG cap = 64 * 1024;
    for (int attempt = 0; attempt < 16; attempt++) {
        /* Zeroed: a class an implementation leaves unfilled (wine's stubs) reads 0. */
        void *buf = psutil__calloc(1, cap);
        if (!buf)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "system information buffer");
        ULONG need = 0;
        NTSTATUS st = NtQuerySystemInformation((SYSTEM_INFORMATION_CLASS)cls, buf, cap, &need);
        if (NT_SUCCESS(st)) {
            *out = buf;
            if (len)
                *len = need ? need : cap;
            return 0;
        }
        psutil__dealloc(buf);
        /* STATUS_INFO_LENGTH_MISMATCH / STATUS_BUFFER_TOO_SMALL: grow past what it asked
         * (processes come and go between the calls). */
        if (st != (NTSTATUS)0xC0000004L && st != (NTSTATUS)0xC0000023L)
            return psutil__win_nt_error(st, "NtQuerySystemInformation");
        ULONG next = need > cap ? need + need / 4 : cap * 2;
        if (next <= cap)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "system information buffer");
        cap = next;
    }
    return psutil__error(PSUTIL_EOS, 0, NULL, "NtQuerySystemInformation kept growing");
}

int psutil__win_processes(SYSTEM_PROCESS_INFORMATION **out)
{
    void *buf;
    int rc = psutil__win_sysinfo(SystemProcessInformation, &buf, NULL);
    if (rc == 0)
        *out = buf;
    return rc;
}

SYSTEM_PROCESS_INFORMATION *psutil__win_find(SYSTEM_PROCESS_INFORMATION *all, psutil_pid_t pid)
{
    for (SYSTEM_PROCESS_INFORMATION *p = all; p; p = psutil__win_next(p))
        if ((psutil_pid_t)(uintptr_t)p->UniqueProcessId == pid)
            return p;
    return NULL;
}

int psutil__win_ncpus(void)
{
    DWORD n = GetActiveProcessorCount(ALL_PROCESSOR_GROUPS);
    if (n == 0) {
        SYSTEM_INFO si;
        GetSystemInfo(&si);
        n = si.dwNumberOfProcessors;
    }
    return n ? (int)n : 1;
}

double psutil__monotonic(void)
{
    static LARGE_INTEGER freq;
    LARGE_INTEGER now;
    if (freq.QuadPart == 0)
        QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart / (double)freq.QuadPart;
}

void psutil__sleep(double seconds)
{
    double end = psutil__monotonic() + seconds;
    for (;;) {
        double left = end - psutil__monotonic();
        if (!(left > 0))
            return;
        Sleep(left > 86400.0 ? 86400000u : (DWORD)ceil(left * 1000.0));
    }
}

long psutil__page_size(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwPageSize ? (long)si.dwPageSize : 4096;
}
