/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * os_windows.c - the tool's OS layer on Windows (os.h): no commands of its own (top,
 * cgtop and serve are left out: docs/SUPPORTED_PLATFORMS.md), UTF-8 console output,
 * the OS version as uname's fields, paths to volumes, and the few signals Windows
 * can deliver (TerminateProcess for TERM and KILL).
 */
#include <windows.h>

#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

const struct cli_command cli_os_commands[] = {{NULL, NULL, NULL}};
const size_t cli_os_ncommands = 0;

void cli_os_init(void)
{
    SetConsoleOutputCP(CP_UTF8);
    /* Bytes out as written: "\n" stays "\n", as the Linux tool prints it. */
    _setmode(_fileno(stdout), _O_BINARY);
}

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

void cli_os_uname(struct cli_uname *u)
{
    memset(u, 0, sizeof(*u));
    snprintf(u->sysname, sizeof(u->sysname), "Windows");
    wchar_t host[256];
    DWORD len = 256;
    if (GetComputerNameExW(ComputerNameDnsHostname, host, &len))
        WideCharToMultiByte(CP_UTF8, 0, host, -1, u->nodename, sizeof(u->nodename), NULL, NULL);
    /* RtlGetVersion tells the true version (GetVersionEx answers what the manifest
     * allows). */
    OSVERSIONINFOW v = {.dwOSVersionInfoSize = sizeof(v)};
    FARPROC f = GetProcAddress(GetModuleHandleA("ntdll.dll"), "RtlGetVersion");
    rtl_get_version_fn get;
    memcpy(&get, &f, sizeof(get));
    if (get && get(&v) == 0)
        snprintf(u->release, sizeof(u->release), "%lu.%lu.%lu", (unsigned long)v.dwMajorVersion,
                 (unsigned long)v.dwMinorVersion, (unsigned long)v.dwBuildNumber);
    SYSTEM_INFO si;
    GetNativeSystemInfo(&si);
    const char *arch = si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_AMD64   ? "AMD64"
                       : si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_ARM64 ? "ARM64"
                       : si.wProcessorArchitecture == PROCESSOR_ARCHITECTURE_INTEL ? "x86"
                                                                                   : "unknown";
    snprintf(u->machine, sizeof(u->machine), "%s", arch);
}

/* The full path, and the volume's serial number as its device. */
int cli_os_locate(const char *path, char **real, uint64_t *dev)
{
    wchar_t wpath[MAX_PATH], full[MAX_PATH], volume[MAX_PATH];
    if (!MultiByteToWideChar(CP_UTF8, 0, path, -1, wpath, MAX_PATH) ||
        !GetFullPathNameW(wpath, MAX_PATH, full, NULL) ||
        GetFileAttributesW(full) == INVALID_FILE_ATTRIBUTES ||
        !GetVolumePathNameW(full, volume, MAX_PATH))
        return -1;
    DWORD serial = 0;
    UINT old = SetErrorMode(SEM_FAILCRITICALERRORS);
    BOOL ok = GetVolumeInformationW(volume, NULL, 0, &serial, NULL, NULL, NULL, 0);
    SetErrorMode(old);
    /* A volume that hides its serial (wine's Z:) is told apart by its root's letter. */
    *dev = ok && serial ? serial : 0x100000000ull + (uint64_t)volume[0];
    if (real) {
        char buf[4 * MAX_PATH];
        if (!WideCharToMultiByte(CP_UTF8, 0, full, -1, buf, sizeof(buf), NULL, NULL))
            return -1;
        *real = cli_strdup(buf);
    }
    return 0;
}

/* Windows has no numeric user ids: only a decimal number names one. */
const int cli_os_numeric_users = 0;

int cli_os_pid_width(void)
{
    return 7;
}

long cli_os_uid_of(const char *user)
{
    long uid;
    return cli_parse_count(user, &uid) == 0 ? uid : -1;
}

int cli_os_signal_number(const char *s)
{
    static const struct {
        const char *name;
        int sig;
    } sigs[] = {{"HUP", 1}, {"INT", 2}, {"QUIT", 3}, {"KILL", 9}, {"TERM", 15}};
    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
        if (strcasecmp(s, sigs[i].name) == 0)
            return sigs[i].sig;
    return -1;
}

/* FormatMessage's English text without its closing period and line break, numbered. */
const char *cli_os_error_text(int code, char *buf, size_t size)
{
    char msg[512];
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)code, MAKELANGID(LANG_ENGLISH, SUBLANG_ENGLISH_US), msg,
                             sizeof(msg), NULL);
    while (n > 0 &&
           (msg[n - 1] == '\n' || msg[n - 1] == '\r' || msg[n - 1] == '.' || msg[n - 1] == ' '))
        n--;
    msg[n] = '\0';
    if (n > 0)
        snprintf(buf, size, "%s (Windows error %d)", msg, code);
    else
        snprintf(buf, size, "Windows error %d", code);
    return buf;
}
