/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_win_files.c - a process's open files and memory maps on the Windows backend. The
 * files are ones the test opened itself (their paths, handles, access and positions
 * known); the maps are compared with the process's module list from a second source
 * (EnumProcessModules, GetModuleFileNameExW, GetModuleInformation) and with a file view
 * the test mapped.
 */
#include "win_util.h"

#include <psapi.h>
#include <stdio.h>
#include <string.h>

/* A fresh file in the temp directory holding `size` bytes; its full long path (UTF-8)
 * in `path`. */
static void make_file(const char *tag, size_t size, char *path, size_t cap)
{
    wchar_t dir[MAX_PATH], w[MAX_PATH], full[MAX_PATH];
    CHECK(GetTempPathW(MAX_PATH, dir) > 0);
    swprintf(w, MAX_PATH, L"%lspsutil-%hs-%lu.dat", dir, tag, (unsigned long)GetCurrentProcessId());
    HANDLE f = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    CHECK(f != INVALID_HANDLE_VALUE);
    static char zeros[65536];
    DWORD wrote;
    CHECK(size <= sizeof(zeros) && WriteFile(f, zeros, (DWORD)size, &wrote, NULL));
    CloseHandle(f);
    CHECK(GetLongPathNameW(w, full, MAX_PATH) > 0);
    WideCharToMultiByte(CP_UTF8, 0, full, -1, path, (int)cap, NULL, NULL);
}

static void remove_file(const char *path)
{
    wchar_t w[MAX_PATH];
    MultiByteToWideChar(CP_UTF8, 0, path, -1, w, MAX_PATH);
    DeleteFileW(w);
}

static HANDLE open_file(const char *path, DWORD access)
{
    wchar_t w[MAX_PATH];
    MultiByteToWideChar(CP_UTF8, 0, path, -1, w, MAX_PATH);
    HANDLE f = CreateFileW(w, access, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING,
                           FILE_FLAG_BACKUP_SEMANTICS, NULL);
    CHECK_MSG(f != INVALID_HANDLE_VALUE, "open %s: error %lu", path, (unsigned long)GetLastError());
    return f;
}

static const psutil_open_file_t *find_file(const psutil_open_file_t *v, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (_stricmp(v[i].path, path) == 0)
            return &v[i];
    return NULL;
}

/* Files this process opened read-write, read-only and append-only are listed by path,
 * handle value, position and mode; a directory it holds open is not; a file it closed
 * is no longer listed. */
TEST(open_files_are_the_files_this_process_holds_with_their_handles_modes_and_positions)
{
    char pa[MAX_PATH * 3], pb[MAX_PATH * 3], pc[MAX_PATH * 3], dir[MAX_PATH * 3];
    make_file("of-rw", 4000, pa, sizeof(pa));
    make_file("of-ro", 3000, pb, sizeof(pb));
    make_file("of-ap", 2000, pc, sizeof(pc));
    HANDLE a = open_file(pa, GENERIC_READ | GENERIC_WRITE);
    HANDLE b = open_file(pb, GENERIC_READ);
    HANDLE c = open_file(pc, FILE_APPEND_DATA | SYNCHRONIZE);
    CHECK(SetFilePointer(a, 777, NULL, FILE_BEGIN) == 777);
    char buf[64];
    DWORD got;
    CHECK(ReadFile(b, buf, 55, &got, NULL) && got == 55);
    strcpy(dir, pa);
    *strrchr(dir, '\\') = '\0';
    HANDLE d = open_file(dir, GENERIC_READ);

    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    psutil_open_file_t *v;
    size_t n;
    CHECK_OK(psutil_proc_open_files(p, &v, &n));
    const psutil_open_file_t *fa = find_file(v, n, pa), *fb = find_file(v, n, pb),
                             *fc = find_file(v, n, pc);
    CHECK_MSG(fa && fb && fc, "%s, %s or %s not among %zu open files", pa, pb, pc, n);
    CHECK(fa->fd == (int)(intptr_t)a && fb->fd == (int)(intptr_t)b && fc->fd == (int)(intptr_t)c);
    CHECK_MSG(fa->position == 777 && fb->position == 55, "positions %llu, %llu",
              (unsigned long long)fa->position, (unsigned long long)fb->position);
    CHECK_MSG(strcmp(fa->mode, "r+") == 0 && strcmp(fb->mode, "r") == 0 &&
                  strcmp(fc->mode, "a") == 0,
              "modes %s %s %s", fa->mode, fb->mode, fc->mode);
    CHECK(find_file(v, n, dir) == NULL);
    for (size_t i = 1; i < n; i++)
        CHECK(v[i - 1].fd < v[i].fd);
    psutil_free(v);

    CloseHandle(a);
    CHECK_OK(psutil_proc_open_files(p, &v, &n));
    CHECK(find_file(v, n, pa) == NULL && find_file(v, n, pb) != NULL);
    psutil_free(v);
    psutil_proc_close(p);
    CloseHandle(b);
    CloseHandle(c);
    CloseHandle(d);
    remove_file(pa);
    remove_file(pb);
    remove_file(pc);
}

/* Another process's files are read through handles duplicated from it. */
TEST(open_files_of_a_child_list_the_file_it_read)
{
    char path[MAX_PATH * 3], args[MAX_PATH * 4];
    make_file("of-child", 5000, path, sizeof(path));
    snprintf(args, sizeof(args), "open \"%s\" 1234 psutil-ev-open", path);
    PROCESS_INFORMATION pi = start_child(args, NULL, NULL, "psutil-ev-open");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    psutil_open_file_t *v;
    size_t n;
    CHECK_OK(psutil_proc_open_files(p, &v, &n));
    const psutil_open_file_t *f = find_file(v, n, path);
    CHECK_MSG(f != NULL, "%s not among the child's %zu open files", path, n);
    CHECK(f->position == 1234 && strcmp(f->mode, "r") == 0 && f->fd > 0);
    psutil_free(v);
    end_child(&pi);
    CHECK_RC(psutil_proc_open_files(p, &v, &n), PSUTIL_ENOSUCHPROC);
    psutil_proc_close(p);
    remove_file(path);
}

static const psutil_memory_map_t *find_map(const psutil_memory_map_t *v, size_t n, const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (_stricmp(v[i].path, path) == 0)
            return &v[i];
    return NULL;
}

/* Every module EnumProcessModules lists is mapped under its GetModuleFileNameExW path,
 * the image's regions adding up to GetModuleInformation's SizeOfImage, the first one
 * starting at the module's base. */
TEST(memory_maps_hold_every_module_at_its_base_and_size)
{
    PROCESS_INFORMATION pi = start_child("ready psutil-ev-maps", NULL, NULL, "psutil-ev-maps");
    psutil_proc_t *p = open_pid(pi.dwProcessId);
    psutil_memory_map_t *g, *u;
    size_t ng, nu;
    CHECK_OK(psutil_proc_memory_maps(p, 1, &g, &ng));
    CHECK_OK(psutil_proc_memory_maps(p, 0, &u, &nu));
    CHECK(ng >= 2 && nu > ng);
    HMODULE mods[512];
    DWORD need;
    CHECK(EnumProcessModulesEx(pi.hProcess, mods, sizeof(mods), &need, LIST_MODULES_ALL));
    size_t nmods = need / sizeof(HMODULE);
    CHECK(nmods >= 2 && nmods <= 512);
    for (size_t i = 0; i < nmods; i++) {
        wchar_t w[MAX_PATH];
        char path[MAX_PATH * 3];
        MODULEINFO mi;
        CHECK(GetModuleFileNameExW(pi.hProcess, mods[i], w, MAX_PATH) > 0);
        CHECK(GetModuleInformation(pi.hProcess, mods[i], &mi, sizeof(mi)));
        WideCharToMultiByte(CP_UTF8, 0, w, -1, path, sizeof(path), NULL, NULL);
        const psutil_memory_map_t *m = find_map(g, ng, path);
        CHECK_MSG(m != NULL, "module %s is not among %zu mapped paths", path, ng);
        CHECK_MSG(m->size == mi.SizeOfImage && m->rss == m->size,
                  "%s: mapped %llu bytes, SizeOfImage %lu", path, (unsigned long long)m->size,
                  (unsigned long)mi.SizeOfImage);
        CHECK(m->addr[0] == '\0' && m->perms[0] == '\0');
        /* The ungrouped regions of the path: the first at the base, read-only headers. */
        char base[32];
        snprintf(base, sizeof(base), "%llx-", (unsigned long long)(uintptr_t)mi.lpBaseOfDll);
        const psutil_memory_map_t *first = find_map(u, nu, path);
        CHECK_MSG(strncmp(first->addr, base, strlen(base)) == 0, "%s starts at %s, not %s", path,
                  first->addr, base);
        CHECK_MSG(strcmp(first->perms, "r--p") == 0, "%s headers %s", path, first->perms);
        uint64_t sum = 0;
        for (size_t k = 0; k < nu; k++)
            if (_stricmp(u[k].path, path) == 0)
                sum += u[k].size;
        CHECK(sum == m->size);
    }
    psutil_free(g);
    psutil_free(u);
    end_child(&pi);
    psutil_proc_close(p);
}

/* A file view this process maps (three pages, read-write, shared) is a region of that
 * size, path and protection. */
TEST(memory_maps_show_a_mapped_file_view_with_its_size_and_protection)
{
    char path[MAX_PATH * 3];
    make_file("maps-view", 3 * 4096, path, sizeof(path));
    HANDLE f = open_file(path, GENERIC_READ | GENERIC_WRITE);
    HANDLE s = CreateFileMappingW(f, NULL, PAGE_READWRITE, 0, 0, NULL);
    CHECK(s != NULL);
    char *view = MapViewOfFile(s, FILE_MAP_WRITE, 0, 0, 0);
    CHECK(view != NULL);
    view[5000] = 'x';
    psutil_proc_t *p = open_pid(GetCurrentProcessId());
    psutil_memory_map_t *u;
    size_t nu;
    CHECK_OK(psutil_proc_memory_maps(p, 0, &u, &nu));
    const psutil_memory_map_t *m = find_map(u, nu, path);
    CHECK_MSG(m != NULL, "%s not among %zu regions", path, nu);
    char want[64];
    snprintf(want, sizeof(want), "%llx-%llx", (unsigned long long)(uintptr_t)view,
             (unsigned long long)(uintptr_t)(view + 3 * 4096));
    CHECK_MSG(strcmp(m->addr, want) == 0, "view at %s, not %s", m->addr, want);
    CHECK_MSG(strcmp(m->perms, "rw-s") == 0 && m->size == 3 * 4096, "perms %s size %llu", m->perms,
              (unsigned long long)m->size);
    psutil_free(u);
    UnmapViewOfFile(view);
    CHECK_OK(psutil_proc_memory_maps(p, 0, &u, &nu));
    CHECK(find_map(u, nu, path) == NULL);
    psutil_free(u);
    psutil_proc_close(p);
    CloseHandle(s);
    CloseHandle(f);
    remove_file(path);
}
