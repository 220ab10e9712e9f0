/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_files.c - a process's open files and memory mappings on Windows, as psutil reads
 * them. Open files: the system handle table (NtQuerySystemInformation
 * SystemExtendedHandleInformation), each of the process's handles duplicated into ours
 * (PROCESS_DUP_HANDLE), kept when it is a disk file that is not a directory
 * (GetFileType, GetFileInformationByHandle), named by GetFinalPathNameByHandleW. Pipes
 * are left out before any name is asked for, so a synchronous pipe with a read pending
 * cannot block the call (the hang psutil works around with a thread). Mappings:
 * VirtualQueryEx over the address space, the committed image and mapped-file regions,
 * each named by GetMappedFileNameW.
 */
#include "win.h"

#include "../util/util.h"

#include <psapi.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* SystemExtendedHandleInformation (64) and its records; mingw-w64 does not declare
 * them. */
#define PSUTIL__SYSTEM_EXTENDED_HANDLE_INFORMATION 64
typedef struct {
    PVOID object;
    ULONG_PTR pid;
    ULONG_PTR handle;
    ULONG access;
    USHORT creator_back_trace;
    USHORT type_index;
    ULONG attributes;
    ULONG reserved;
} psutil__handle_entry;
typedef struct {
    ULONG_PTR count;
    ULONG_PTR reserved;
    psutil__handle_entry v[1];
} psutil__handle_table;

/* FilePositionInformation (14) through NtQueryInformationFile. */
#define PSUTIL__FILE_POSITION_INFORMATION ((FILE_INFORMATION_CLASS)14)

/* --- paths ------------------------------------------------------------------------------ */

/* The drive letters and the NT device each stands for ("C:" -> "\Device\HarddiskVolume1"),
 * to turn the device paths GetMappedFileNameW answers into DOS paths. */
typedef struct {
    wchar_t letter[3];
    wchar_t device[MAX_PATH];
    size_t len;
} psutil__drive;

static size_t drives_of(psutil__drive *d, size_t cap)
{
    DWORD mask = GetLogicalDrives();
    size_t n = 0;
    for (int i = 0; i < 26 && n < cap; i++) {
        if (!(mask & (1u << i)))
            continue;
        wchar_t letter[3] = {(wchar_t)(L'A' + i), L':', 0};
        if (QueryDosDeviceW(letter, d[n].device, MAX_PATH) == 0)
            continue;
        memcpy(d[n].letter, letter, sizeof(letter));
        d[n].len = wcslen(d[n].device);
        n++;
    }
    return n;
}

/* An NT or Win32 path as the DOS path psutil reports: "\\?\C:\x" and "\??\C:\x" lose
 * their prefix, "\\?\UNC\srv\x" and "\Device\Mup\srv\x" become "\\srv\x", and
 * "\Device\HarddiskVolume1\x" takes its drive letter. Returns w itself, a suffix of it or
 * buf (cap units). */
static const wchar_t *dos_path(const wchar_t *w, const psutil__drive *drives, size_t nd,
                               wchar_t *buf, size_t cap)
{
    if (wcsncmp(w, L"\\\\?\\UNC\\", 8) == 0 || wcsncmp(w, L"\\Device\\Mup\\", 12) == 0) {
        const wchar_t *rest = w + (w[1] == L'\\' ? 8 : 12);
        if (wcslen(rest) + 3 > cap)
            return w;
        buf[0] = buf[1] = L'\\';
        wcscpy(buf + 2, rest);
        return buf;
    }
    if (wcsncmp(w, L"\\\\?\\", 4) == 0 || wcsncmp(w, L"\\??\\", 4) == 0)
        return w + 4;
    for (size_t i = 0; i < nd; i++) {
        size_t l = drives[i].len;
        if (wcsncmp(w, drives[i].device, l) == 0 && (w[l] == L'\\' || w[l] == 0) &&
            wcslen(w + l) + 3 < cap) {
            wcscpy(buf, drives[i].letter);
            wcscat(buf, w + l);
            return buf;
        }
    }
    return w;
}

/* --- open files -------------------------------------------------------------------------- */

/* psutil's mode letters from the access the handle was granted. */
static const char *mode_of(ULONG access)
{
    int rd = (access & FILE_READ_DATA) != 0;
    int wr = (access & FILE_WRITE_DATA) != 0;
    int ap = !wr && (access & FILE_APPEND_DATA) != 0;
    if (!wr && !ap)
        return "r";
    if (ap)
        return rd ? "a+" : "a";
    return rd ? "r+" : "w";
}

static int by_handle(const void *a, const void *b)
{
    const psutil__handle_entry *x = *(const psutil__handle_entry *const *)a;
    const psutil__handle_entry *y = *(const psutil__handle_entry *const *)b;
    return x->handle < y->handle ? -1 : x->handle > y->handle;
}

/* One handle of the process, duplicated into ours: added when it names a regular disk
 * file. A handle closed meanwhile, or one we may not duplicate, is skipped. */
static int add_handle(psutil__pack *pk, HANDLE proc, const psutil__handle_entry *e)
{
    HANDLE d;
    if (!DuplicateHandle(proc, (HANDLE)e->handle, GetCurrentProcess(), &d, 0, FALSE,
                         DUPLICATE_SAME_ACCESS))
        return 0;
    int rc = 0;
    BY_HANDLE_FILE_INFORMATION fi;
    if (GetFileType(d) != FILE_TYPE_DISK || !GetFileInformationByHandle(d, &fi) ||
        (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
        goto out;
    wchar_t small[MAX_PATH + 8], *path = small;
    DWORD n = GetFinalPathNameByHandleW(d, small, MAX_PATH + 8, FILE_NAME_NORMALIZED);
    if (n >= MAX_PATH + 8) {
        path = psutil__malloc(((size_t)n + 1) * sizeof(wchar_t));
        if (!path) {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "open file path");
            goto out;
        }
        n = GetFinalPathNameByHandleW(d, path, n + 1, FILE_NAME_NORMALIZED);
    }
    if (n > 0) {
        IO_STATUS_BLOCK io;
        LARGE_INTEGER pos = {0};
        NtQueryInformationFile(d, &io, &pos, sizeof(pos), PSUTIL__FILE_POSITION_INFORMATION);
        psutil_open_file_t f = {.fd = (int)e->handle,
                                .position = pos.QuadPart > 0 ? (uint64_t)pos.QuadPart : 0,
                                .flags = (int)e->access};
        const char *m = mode_of(e->access);
        wchar_t dos[MAX_PATH * 4 + 8];
        rc = psutil__win_pack_wstr(pk, dos_path(path, NULL, 0, dos, MAX_PATH * 4 + 8), -1, &f.path);
        if (rc == 0)
            rc = psutil__pack_str(pk, m, strlen(m), &f.mode);
        if (rc == 0)
            rc = psutil__pack_add(pk, &f);
    }
    if (path != small)
        psutil__dealloc(path);
out:
    CloseHandle(d);
    return rc;
}

int psutil__os_proc_open_files(psutil_proc_t *p, psutil_open_file_t **out, size_t *out_n)
{
    HANDLE proc;
    int rc = psutil__win_open_proven(p, PROCESS_DUP_HANDLE, &proc);
    if (rc != 0)
        return rc;
    psutil__handle_table *t = NULL;
    const psutil__handle_entry **mine = NULL;
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_open_file);
    rc = psutil__win_sysinfo(PSUTIL__SYSTEM_EXTENDED_HANDLE_INFORMATION, (void **)&t, NULL);
    if (rc != 0)
        goto out;
    size_t n = 0;
    for (ULONG_PTR i = 0; i < t->count; i++)
        n += t->v[i].pid == (ULONG_PTR)p->pid;
    mine = psutil__malloc((n ? n : 1) * sizeof(*mine));
    if (!mine) {
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "handle list");
        goto out;
    }
    n = 0;
    for (ULONG_PTR i = 0; i < t->count; i++)
        if (t->v[i].pid == (ULONG_PTR)p->pid)
            mine[n++] = &t->v[i];
    qsort(mine, n, sizeof(*mine), by_handle);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = add_handle(&pk, proc, mine[i]);
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
out:
    psutil__pack_release(&pk);
    psutil__dealloc(mine);
    psutil__dealloc(t);
    CloseHandle(proc);
    return rc;
}

/* --- memory maps -------------------------------------------------------------------------- */

/* A region's protection as Linux's four letters: read, write, execute, then p for a
 * copy-on-write (private) view and s for a shared one. */
static void perms_of(const MEMORY_BASIC_INFORMATION *m, char out[5])
{
    DWORD pr = m->Protect & 0xFF;
    int r = 0, w = 0, x = 0, cow = 0;
    switch (pr) {
    case PAGE_READONLY:
        r = 1;
        break;
    case PAGE_READWRITE:
        r = w = 1;
        break;
    case PAGE_WRITECOPY:
        r = w = cow = 1;
        break;
    case PAGE_EXECUTE:
        x = 1;
        break;
    case PAGE_EXECUTE_READ:
        r = x = 1;
        break;
    case PAGE_EXECUTE_READWRITE:
        r = w = x = 1;
        break;
    case PAGE_EXECUTE_WRITECOPY:
        r = w = x = cow = 1;
        break;
    default: /* PAGE_NOACCESS */
        break;
    }
    out[0] = r ? 'r' : '-';
    out[1] = w ? 'w' : '-';
    out[2] = x ? 'x' : '-';
    out[3] = cow || m->Type == MEM_IMAGE ? 'p' : 's';
    out[4] = '\0';
}

/* One region, its path as a DOS path in UTF-8. */
static int add_region(psutil__maps *maps, const MEMORY_BASIC_INFORMATION *m, const wchar_t *name,
                      const psutil__drive *drives, size_t nd)
{
    wchar_t dos[MAX_PATH * 4 + 8];
    char *path;
    int rc = psutil__win_utf8(dos_path(name, drives, nd, dos, MAX_PATH * 4 + 8), -1, &path);
    if (rc != 0)
        return rc;
    char addr[48], perms[5];
    uintptr_t lo = (uintptr_t)m->BaseAddress;
    int al = snprintf(addr, sizeof(addr), "%llx-%llx", (unsigned long long)lo,
                      (unsigned long long)(lo + m->RegionSize));
    perms_of(m, perms);
    psutil_memory_map_t sizes = {.rss = m->RegionSize, .size = m->RegionSize};
    rc = psutil__maps_add(maps, path, strlen(path), addr, (size_t)al, perms, 4, &sizes);
    psutil__dealloc(path);
    return rc;
}

int psutil__os_proc_memory_maps(psutil_proc_t *p, int grouped, psutil_memory_map_t **out,
                                size_t *out_n)
{
    HANDLE proc;
    int rc = psutil__win_open_proven(p, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &proc);
    if (rc != 0)
        return rc;
    psutil__maps maps;
    psutil__maps_init(&maps, grouped);
    psutil__drive drives[26];
    size_t nd = drives_of(drives, 26);
    wchar_t *name = psutil__malloc(32768 * sizeof(wchar_t));
    if (!name)
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "mapped file name");
    MEMORY_BASIC_INFORMATION m;
    const char *a = NULL;
    while (rc == 0 && VirtualQueryEx(proc, a, &m, sizeof(m)) == sizeof(m)) {
        const char *next = (const char *)m.BaseAddress + m.RegionSize;
        if (m.State == MEM_COMMIT && (m.Type == MEM_IMAGE || m.Type == MEM_MAPPED) &&
            GetMappedFileNameW(proc, m.BaseAddress, name, 32768) > 0)
            rc = add_region(&maps, &m, name, drives, nd);
        if (next <= a || m.RegionSize == 0)
            break; /* the top of the address space */
        a = next;
    }
    /* VirtualQueryEx ends with ERROR_INVALID_PARAMETER past the last region. */
    if (rc == 0)
        rc = psutil__maps_finish(&maps, out, out_n);
    psutil__maps_release(&maps);
    psutil__dealloc(name);
    CloseHandle(proc);
    return rc;
}
