/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * disk.c - node_exporter's filesystem and diskstats collectors:
 *   node_filesystem_{size,free,avail}_bytes, node_filesystem_files{,_free},
 *   node_filesystem_readonly, node_filesystem_device_error{device,fstype,mountpoint}
 *       psutil_disk_partitions (all) + psutil_disk_usage; Debian's default excludes, or
 *       --collector.filesystem.mount-points-exclude / fs-types-exclude
 *   node_disk_*{device}, node_disk_info{device,major,minor,path,wwn,model,serial,revision}
 *       psutil_disk_io_counters_perdisk; partitions, ram, loop and fd left out (or
 *       --collector.diskstats.device-exclude); udev's fields from <run root>/udev/data
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/cli.h"
#include "serve.h"

/* Debian's node_exporter defaults: fs types (types 0) ^(autofs|binfmt_misc|bpf|cgroup2?|
 * configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|
 * procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$; mount points
 * (types 1) ^/(dev|proc|run|sys|mnt|media|var/lib/docker/.+|var/lib/containers/storage/.+)
 * ($|/). */
static int fs_excluded_builtin(const psutil_disk_partition_t *p, int mounts)
{
    static const char *const dirs[] = {"/dev", "/proc", "/run", "/sys", "/mnt", "/media"};
    static const char *const below[] = {"/var/lib/docker/", "/var/lib/containers/storage/"};
    static const char *const types[] = {
        "autofs",     "binfmt_misc", "bpf",       "cgroup",   "cgroup2",   "configfs",
        "debugfs",    "devpts",      "devtmpfs",  "fusectl",  "hugetlbfs", "iso9660",
        "mqueue",     "nsfs",        "overlay",   "proc",     "procfs",    "pstore",
        "rpc_pipefs", "securityfs",  "selinuxfs", "squashfs", "sysfs",     "tracefs"};
    for (size_t i = 0; !mounts && i < sizeof(types) / sizeof(types[0]); i++)
        if (strcmp(p->fstype, types[i]) == 0)
            return 1;
    if (!mounts)
        return 0;
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        size_t n = strlen(dirs[i]);
        if (strncmp(p->mountpoint, dirs[i], n) == 0 &&
            (p->mountpoint[n] == '\0' || p->mountpoint[n] == '/'))
            return 1;
    }
    for (size_t i = 0; i < sizeof(below) / sizeof(below[0]); i++) {
        size_t n = strlen(below[i]);
        /* ".+" after the slash: something below, then the end or a slash. */
        if (strncmp(p->mountpoint, below[i], n) == 0 && p->mountpoint[n] != '\0')
            return 1;
    }
    return 0;
}

static int fs_excluded(const psutil_disk_partition_t *p)
{
    int m = serve_option_match("filesystem.mount-points-exclude", p->mountpoint),
        t = serve_option_match("filesystem.fs-types-exclude", p->fstype);
    if (m >= 0 || t >= 0) /* a flag given: it rules its half, the built-in rule the other */
        return m == 1 || t == 1 || (m < 0 && fs_excluded_builtin(p, 1)) ||
               (t < 0 && fs_excluded_builtin(p, 0));
    return fs_excluded_builtin(p, 0) || fs_excluded_builtin(p, 1);
}

static int has_opt(const char *opts, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *s = opts; *s;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len == n && strncmp(s, opt, n) == 0)
            return 1;
        s += len + (e ? 1 : 0);
    }
    return 0;
}

struct fs_row {
    const psutil_disk_partition_t *p;
    psutil_disk_usage_t u;
    int error;
};

int collect_filesystem(struct text *t, int procs)
{
    (void)procs;
    psutil_disk_partition_t *parts;
    size_t n, nrows = 0;
    int rc = psutil_disk_partitions(1, &parts, &n);
    if (rc != 0)
        return rc;
    struct fs_row *rows = cli_alloc(n, sizeof(*rows));
    for (size_t i = 0; i < n; i++) {
        const psutil_disk_partition_t *p = &parts[i];
        if (fs_excluded(p))
            continue;
        /* One series per (device, fstype, mountpoint): a later mount on the same
         * point hides the earlier one, and statvfs sees the later one. */
        const char *dev = p->device[0] ? p->device : "none";
        size_t k;
        for (k = 0; k < nrows; k++) {
            const psutil_disk_partition_t *q = rows[k].p;
            if (strcmp(q->mountpoint, p->mountpoint) == 0 && strcmp(q->fstype, p->fstype) == 0 &&
                strcmp(q->device[0] ? q->device : "none", dev) == 0)
                break;
        }
        rows[k].p = p;
        rows[k].error = psutil_disk_usage(p->mountpoint, &rows[k].u) != 0;
        if (k == nrows)
            nrows++;
    }
    static const char *const names[] = {"node_filesystem_size_bytes",  "node_filesystem_free_bytes",
                                        "node_filesystem_avail_bytes", "node_filesystem_files",
                                        "node_filesystem_files_free",  "node_filesystem_readonly",
                                        "node_filesystem_device_error"};
    static const char *const helps[] = {
        "Filesystem size in bytes.",
        "Filesystem free space in bytes.",
        "Filesystem space available to non-root users in bytes.",
        "Filesystem total file nodes.",
        "Filesystem total free file nodes.",
        "Filesystem read-only status.",
        "Whether an error occurred while getting statistics for the given device."};
    for (int f = 0; f < 7; f++) {
        family(t, names[f], "gauge", helps[f]);
        for (size_t k = 0; k < nrows; k++) {
            const struct fs_row *r = &rows[k];
            if (r->error && f != 6)
                continue;
            uint64_t v = f == 0   ? r->u.total
                         : f == 1 ? r->u.total - r->u.used
                         : f == 2 ? r->u.free
                         : f == 3 ? r->u.files
                         : f == 4 ? r->u.files_free
                         : f == 5 ? (uint64_t)has_opt(r->p->opts, "ro")
                                  : (uint64_t)r->error;
            sample_u64(t, names[f], v, "device", r->p->device[0] ? r->p->device : "none", "fstype",
                       r->p->fstype, "mountpoint", r->p->mountpoint, NULL);
        }
    }
    free(rows);
    psutil_free(parts);
    return 0;
}

/* --collector.diskstats.device-include when given, else -exclude, whose Debian 12 default
 * is ^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$. */
static int disk_excluded(const char *name)
{
    int inc = serve_option_match("diskstats.device-include", name); /* only those, when given */
    if (inc >= 0)
        return !inc;
    int m = serve_option_match("diskstats.device-exclude", name);
    if (m >= 0)
        return m;
    const char *s = NULL;
    if (strncmp(name, "ram", 3) == 0 || strncmp(name, "fd", 2) == 0)
        s = name + (name[0] == 'r' ? 3 : 2);
    else if (strncmp(name, "loop", 4) == 0)
        s = name + 4;
    else if ((name[0] == 'h' || name[0] == 's' || name[0] == 'v') && name[1] == 'd' &&
             name[2] >= 'a' && name[2] <= 'z')
        s = name + 3;
    else if (strncmp(name, "xvd", 3) == 0 && name[3] >= 'a' && name[3] <= 'z')
        s = name + 4;
    else if (strncmp(name, "nvme", 4) == 0) {
        const char *p = name + 4;
        if (*p < '0' || *p > '9')
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p++ != 'n' || *p < '0' || *p > '9')
            return 0;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p++ != 'p')
            return 0;
        s = p;
    }
    if (!s || *s == '\0')
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* udev's property key of device major:minor (E:KEY=value in <run root>/udev/data/bM:m),
 * into out; "" when udev has no record or no such key. */
static void udev_property(uint32_t major, uint32_t minor, const char *key, char *out, size_t size)
{
    char root[512], path[700], line[512];
    out[0] = '\0';
    if (psutil_get_root(PSUTIL_ROOT_RUN, root, sizeof(root)) != 0)
        return;
    snprintf(path, sizeof(path), "%s/udev/data/b%u:%u", root, major, minor);
    FILE *f = fopen(path, "r");
    size_t k = strlen(key);
    while (f && fgets(line, sizeof(line), f)) {
        if (strncmp(line, "E:", 2) != 0 || strncmp(line + 2, key, k) != 0 || line[2 + k] != '=')
            continue;
        snprintf(out, size, "%s", line + 3 + k);
        out[strcspn(out, "\n")] = '\0';
        break;
    }
    if (f)
        fclose(f);
}

int collect_diskstats(struct text *t, int procs)
{
    (void)procs;
    psutil_disk_io_t *d;
    size_t n;
    int rc = psutil_disk_io_counters_perdisk(NULL, &d, &n);
    if (rc != 0)
        return rc;
    /* scale: 1e-3 for ms, 1/512 for bytes counted in sectors; columns: the kernel prints
     * the figure only from that many columns on (discards 15, flushes 17), and a device
     * without it has no series, as node_exporter. */
    static const struct {
        const char *name, *help, *type;
        size_t off;
        double scale;
        uint32_t columns;
    } fields[] = {
        {"node_disk_reads_completed_total", "The total number of reads completed successfully.",
         "counter", offsetof(psutil_disk_io_t, read_count), 1, 0},
        {"node_disk_reads_merged_total", "The total number of reads merged.", "counter",
         offsetof(psutil_disk_io_t, read_merged_count), 1, 0},
        {"node_disk_read_bytes_total", "The total number of bytes read successfully.", "counter",
         offsetof(psutil_disk_io_t, read_bytes), 1, 0},
        {"node_disk_read_time_seconds_total", "The total number of seconds spent by all reads.",
         "counter", offsetof(psutil_disk_io_t, read_time), 1e-3, 0},
        {"node_disk_writes_completed_total", "The total number of writes completed successfully.",
         "counter", offsetof(psutil_disk_io_t, write_count), 1, 0},
        {"node_disk_writes_merged_total", "The number of writes merged.", "counter",
         offsetof(psutil_disk_io_t, write_merged_count), 1, 0},
        {"node_disk_written_bytes_total", "The total number of bytes written successfully.",
         "counter", offsetof(psutil_disk_io_t, write_bytes), 1, 0},
        {"node_disk_write_time_seconds_total",
         "This is the total number of seconds spent by all writes.", "counter",
         offsetof(psutil_disk_io_t, write_time), 1e-3, 0},
        {"node_disk_io_now", "The number of I/Os currently in progress.", "gauge",
         offsetof(psutil_disk_io_t, in_progress), 1, 0},
        {"node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", "counter",
         offsetof(psutil_disk_io_t, busy_time), 1e-3, 0},
        {"node_disk_io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.",
         "counter", offsetof(psutil_disk_io_t, weighted_time), 1e-3, 0},
        {"node_disk_discards_completed_total",
         "The total number of discards completed successfully.", "counter",
         offsetof(psutil_disk_io_t, discard_count), 1, 15},
        {"node_disk_discards_merged_total", "The total number of discards merged.", "counter",
         offsetof(psutil_disk_io_t, discard_merged_count), 1, 15},
        {"node_disk_discarded_sectors_total", "The total number of sectors discarded successfully.",
         "counter", offsetof(psutil_disk_io_t, discard_bytes), 1.0 / 512, 15},
        {"node_disk_discard_time_seconds_total",
         "This is the total number of seconds spent by all discards.", "counter",
         offsetof(psutil_disk_io_t, discard_time), 1e-3, 15},
        {"node_disk_flush_requests_total",
         "The total number of flush requests completed successfully", "counter",
         offsetof(psutil_disk_io_t, flush_count), 1, 17},
        {"node_disk_flush_requests_time_seconds_total",
         "This is the total number of seconds spent by all flush requests.", "counter",
         offsetof(psutil_disk_io_t, flush_time), 1e-3, 17},
    };
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); f++) {
        family(t, fields[f].name, fields[f].type, fields[f].help);
        for (size_t i = 0; i < n; i++) {
            if (disk_excluded(d[i].name) || d[i].column_count < fields[f].columns)
                continue;
            uint64_t v;
            memcpy(&v, (const char *)&d[i] + fields[f].off, sizeof(v));
            if (fields[f].scale != 1)
                sample(t, fields[f].name, (double)v * fields[f].scale, "device", d[i].name, NULL);
            else
                sample_u64(t, fields[f].name, v, "device", d[i].name, NULL);
        }
    }
    /* node_disk_info: the device numbers, and what udev knows of the device. */
    family(t, "node_disk_info", "gauge", "Info of /sys/block/<block_device>.");
    for (size_t i = 0; i < n; i++) {
        if (disk_excluded(d[i].name))
            continue;
        char major[16], minor[16], path[256], wwn[256], model[256], serial[256], rev[256];
        snprintf(major, sizeof(major), "%u", d[i].major);
        snprintf(minor, sizeof(minor), "%u", d[i].minor);
        udev_property(d[i].major, d[i].minor, "ID_PATH", path, sizeof(path));
        udev_property(d[i].major, d[i].minor, "ID_WWN", wwn, sizeof(wwn));
        udev_property(d[i].major, d[i].minor, "ID_MODEL", model, sizeof(model));
        udev_property(d[i].major, d[i].minor, "ID_SERIAL_SHORT", serial, sizeof(serial));
        udev_property(d[i].major, d[i].minor, "ID_REVISION", rev, sizeof(rev));
        sample(t, "node_disk_info", 1, "device", d[i].name, "major", major, "minor", minor, "path",
               path, "wwn", wwn, "model", model, "serial", serial, "revision", rev, NULL);
    }
    psutil_free(d);
    return 0;
}
