/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * disk.c - volumes and their usage, and per-disk I/O counters on Windows, as psutil:
 * partitions are the drive letters (GetLogicalDriveStrings) with their drive type and
 * file system (GetVolumeInformation), then the volumes mounted on folders of each fixed
 * drive (FindFirstVolumeMountPoint), usage is GetDiskFreeSpaceEx, and I/O counters are
 * IOCTL_DISK_PERFORMANCE on each \\.\PhysicalDriveN ("PhysicalDrive0", ...).
 */
#include "win.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <winioctl.h>

/* psutil's opts: "rw" or "ro", then the drive type ("fixed", "removable", "cdrom",
 * "remote", "ramdisk"). */
static const char *drive_type(UINT t)
{
    switch (t) {
    case DRIVE_FIXED:
        return "fixed";
    case DRIVE_REMOVABLE:
        return "removable";
    case DRIVE_CDROM:
        return "cdrom";
    case DRIVE_REMOTE:
        return "remote";
    case DRIVE_RAMDISK:
        return "ramdisk";
    default:
        return "unknown";
    }
}

/* One volume as a partition record: device, mount point, its file system and psutil's
 * opts. A volume whose information cannot be read is left out unless all. */
static int add_volume(psutil__pack *pk, const wchar_t *device, const wchar_t *mount, UINT type,
                      int all)
{
    wchar_t fs[MAX_PATH + 1] = L"";
    DWORD flags = 0;
    if (!GetVolumeInformationW(mount, NULL, 0, NULL, NULL, &flags, fs, MAX_PATH + 1)) {
        if (!all)
            return 0;
        fs[0] = L'\0';
    }
    char opts[64];
    snprintf(opts, sizeof(opts), "%s,%s", (flags & FILE_READ_ONLY_VOLUME) ? "ro" : "rw",
             drive_type(type));
    psutil_disk_partition_t rec = {0};
    int rc = psutil__win_pack_wstr(pk, device, -1, &rec.device);
    if (rc == 0)
        rc = psutil__win_pack_wstr(pk, mount, -1, &rec.mountpoint);
    if (rc == 0)
        rc = psutil__win_pack_wstr(pk, fs, -1, &rec.fstype);
    if (rc == 0)
        rc = psutil__pack_str(pk, opts, strlen(opts), &rec.opts);
    return rc ? rc : psutil__pack_add(pk, &rec);
}

/* The volumes mounted on folders of a drive's volume (FindFirstVolumeMountPoint, as
 * psutil): device the drive, mount point the folder's full path. A volume without any,
 * or one that cannot be asked (no administrator rights), adds none. */
static int add_mounted_folders(psutil__pack *pk, const wchar_t *drive, int all)
{
    wchar_t rel[MAX_PATH + 1], full[2 * MAX_PATH + 8];
    HANDLE f = FindFirstVolumeMountPointW(drive, rel, MAX_PATH + 1);
    if (f == INVALID_HANDLE_VALUE)
        return 0;
    int rc = 0;
    do {
        if (wcslen(drive) + wcslen(rel) + 1 > sizeof(full) / sizeof(full[0]))
            continue;
        wcscpy(full, drive);
        wcscat(full, rel);
        rc = add_volume(pk, drive, full, GetDriveTypeW(full), all);
    } while (rc == 0 && FindNextVolumeMountPointW(f, rel, MAX_PATH + 1));
    FindVolumeMountPointClose(f);
    return rc;
}

int psutil__os_disk_partitions(int all, psutil_disk_partition_t **out, size_t *out_n)
{
    wchar_t drives[512];
    DWORD len = GetLogicalDriveStringsW((DWORD)(sizeof(drives) / sizeof(drives[0])), drives);
    if (len == 0 || len > sizeof(drives) / sizeof(drives[0]))
        return psutil__win_error(GetLastError(), "GetLogicalDriveStrings");
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_disk_partition);
    int rc = 0;
    UINT old_mode = SetErrorMode(SEM_FAILCRITICALERRORS);
    for (wchar_t *d = drives; *d && rc == 0; d += wcslen(d) + 1) {
        UINT type = GetDriveTypeW(d);
        if (type == DRIVE_NO_ROOT_DIR || type == DRIVE_UNKNOWN)
            continue;
        /* psutil leaves out CD drives and floppies unless all: reading them may wait
         * on a medium. */
        if (!all && (type == DRIVE_CDROM || type == DRIVE_REMOVABLE))
            continue;
        rc = add_volume(&pk, d, d, type, all);
        if (rc == 0 && type == DRIVE_FIXED)
            rc = add_mounted_folders(&pk, d, all);
    }
    SetErrorMode(old_mode);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

int psutil__os_disk_usage(const char *path, psutil_disk_usage_t *out)
{
    wchar_t *w;
    int rc = psutil__win_wide(path, &w);
    if (rc != 0)
        return rc;
    ULARGE_INTEGER avail, total, free;
    BOOL ok = GetDiskFreeSpaceExW(w, &avail, &total, &free);
    DWORD err = GetLastError();
    psutil__dealloc(w);
    if (!ok) {
        if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND || err == ERROR_INVALID_NAME)
            return psutil__error(PSUTIL_EOS, (int)err, path, "no such path");
        psutil__win_error(err, "GetDiskFreeSpaceEx");
        return psutil__error_context(path, NULL);
    }
    memset(out, 0, sizeof(*out));
    /* psutil: total and free for the caller (quota-aware), used = total - free. */
    out->total = total.QuadPart;
    out->free = avail.QuadPart;
    out->used = total.QuadPart - free.QuadPart;
    /* psutil's usage_percent: used of what the caller could have (used + free). */
    uint64_t have = out->used + out->free;
    out->percent = have ? (double)out->used / (double)have * 100.0 : 0.0;
    return 0;
}

/* DISK_PERFORMANCE's times are 100-ns units; the library's are milliseconds. */
int psutil__os_disk_io(int whole_disks, psutil_disk_io_t **out, size_t *out_n)
{
    (void)whole_disks; /* PhysicalDriveN are whole disks */
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_disk_io);
    int rc = 0, opened = 0;
    for (int i = 0; i < 64 && rc == 0; i++) {
        wchar_t path[64];
        swprintf(path, 64, L"\\\\.\\PhysicalDrive%d", i);
        HANDLE h =
            CreateFileW(path, 0, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
        if (h == INVALID_HANDLE_VALUE)
            continue;
        opened++;
        DISK_PERFORMANCE perf;
        DWORD got = 0;
        BOOL ok =
            DeviceIoControl(h, IOCTL_DISK_PERFORMANCE, NULL, 0, &perf, sizeof(perf), &got, NULL);
        CloseHandle(h);
        if (!ok)
            continue;
        char name[32];
        snprintf(name, sizeof(name), "PhysicalDrive%d", i);
        psutil_disk_io_t d = {0};
        d.read_count = perf.ReadCount;
        d.write_count = perf.WriteCount;
        d.read_bytes = (uint64_t)perf.BytesRead.QuadPart;
        d.write_bytes = (uint64_t)perf.BytesWritten.QuadPart;
        d.read_time = (uint64_t)perf.ReadTime.QuadPart / 10000;
        d.write_time = (uint64_t)perf.WriteTime.QuadPart / 10000;
        rc = psutil__pack_str(&pk, name, strlen(name), &d.name);
        if (rc == 0)
            rc = psutil__pack_add(&pk, &d);
    }
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    if (pk.n == 0) {
        psutil__pack_release(&pk);
        return psutil__error(PSUTIL_ENOTSUP, 0, NULL,
                             opened ? "IOCTL_DISK_PERFORMANCE answers for no disk"
                                    : "no \\\\.\\PhysicalDriveN can be opened");
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

int psutil__os_md_arrays(psutil_md_array_t **out, size_t *out_n)
{
    (void)out;
    (void)out_n;
    return psutil__error(PSUTIL_ENOTSUP, 0, NULL, "md arrays: no Windows equivalent");
}
