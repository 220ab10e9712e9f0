/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * disk.c - disks on Linux. Sources: /proc/self/mounts (proc.rst, "/proc/<pid>/mounts";
 * fields escaped with octal \ooo), /proc/filesystems ("nodev" marks virtual types),
 * statvfs(3), /proc/diskstats (Documentation/admin-guide/iostats.rst: fields 4-14,
 * sectors of 512 bytes whatever the device's block size), sysfs block/ (whole disks)
 * and dev/block/MAJ:MIN/uevent (to name the device behind /dev/root).
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"

/* --- mounts ---------------------------------------------------------------------- */

int psutil__parse_mount_line(const char *line, size_t len, char *scratch, const char *fields[4])
{
    const char *p = line, *end = line + len;
    char *w = scratch;
    for (int f = 0; f < 4; f++) {
        p = psutil__skip_blanks(p, end);
        if (p >= end)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "mount line has %d fields", f);
        fields[f] = w;
        while (p < end && *p != ' ' && *p != '\t') {
            if (*p == '\\') {
                /* The kernel escapes space, tab, newline and backslash as \ooo. */
                if (end - p < 4 || p[1] < '0' || p[1] > '3' || p[2] < '0' || p[2] > '7' ||
                    p[3] < '0' || p[3] > '7')
                    return psutil__error(PSUTIL_EPARSE, 0, NULL, "bad escape in mount line");
                int c = (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');
                if (c == 0)
                    return psutil__error(PSUTIL_EPARSE, 0, NULL, "NUL escape in mount line");
                *w++ = (char)c;
                p += 4;
            } else if (*p == '\0') {
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "NUL in mount line");
            } else {
                *w++ = *p++;
            }
        }
        *w++ = '\0';
    }
    return 0;
}

int psutil__fs_is_physical(const char *buf, size_t len, const char *fstype)
{
    psutil__lines it;
    const char *line;
    size_t n, flen = strlen(fstype);
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *end = line + n, *name = line;
        int nodev = n >= 5 && memcmp(line, "nodev", 5) == 0;
        if (nodev)
            name += 5;
        name = psutil__skip_blanks(name, end);
        while (end > name && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            end--;
        if ((size_t)(end - name) != flen || memcmp(name, fstype, flen) != 0)
            continue;
        /* zfs registers as nodev but holds real data (psutil issue 1307). */
        return !nodev || strcmp(fstype, "zfs") == 0;
    }
    return 0;
}

/* Names the device behind "/dev/root" or "rootfs": the block device holding the
 * mountpoint, found through sysfs dev/block/MAJ:MIN/uevent DEVNAME. Empty when unknown. */
static void resolve_root_device(const char *mountpoint, char *dev, size_t size)
{
    struct stat st;
    psutil__buf b = {0};
    char rel[64];
    dev[0] = '\0';
    if (stat(mountpoint, &st) != 0 || major(st.st_dev) == 0)
        return;
    snprintf(rel, sizeof(rel), "dev/block/%u:%u/uevent", major(st.st_dev), minor(st.st_dev));
    int sys = psutil__root_open(PSUTIL__ROOT_SYS);
    if (sys >= 0 && psutil__read_at(sys, rel, &b, NULL) == 0) {
        const char *p = strstr(b.data, "DEVNAME=");
        if (p) {
            p += 8;
            snprintf(dev, size, "/dev/%.*s", (int)strcspn(p, "\n"), p);
        }
    }
    if (sys >= 0)
        close(sys);
    psutil__buf_release(&b);
}

int psutil__os_disk_partitions(int all, psutil_disk_partition_t **out, size_t *out_n)
{
    psutil__buf mounts = {0}, fs = {0};
    psutil__pack pk;
    psutil__lines it;
    const char *line;
    size_t n, lineno = 0;
    char *scratch = NULL;
    PSUTIL__PACK_INIT(&pk, psutil__layout_disk_partition);
    char mounts_rel[64];
    psutil__linux_host_file("self/mounts", mounts_rel, sizeof(mounts_rel));
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, mounts_rel, &mounts);
    if (rc == 0 && !all)
        rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "filesystems", &fs);
    if (rc == 0 && !(scratch = psutil__malloc(mounts.len + 8)))
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "mount line");
    psutil__lines_init(&it, mounts.data, mounts.len);
    while (rc == 0 && psutil__lines_next(&it, &line, &n)) {
        const char *f[4];
        char rootdev[300];
        lineno++;
        if (psutil__only_blanks(line, line + n))
            continue;
        if ((rc = psutil__parse_mount_line(line, n, scratch, f)) != 0) {
            rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, mounts_rel,
                                            psutil__error_context(NULL, "line %zu", lineno));
            break;
        }
        const char *device = f[0];
        if (strcmp(device, "none") == 0)
            device = "";
        if (strcmp(device, "/dev/root") == 0 || strcmp(device, "rootfs") == 0) {
            resolve_root_device(f[1], rootdev, sizeof(rootdev));
            if (rootdev[0])
                device = rootdev;
        }
        if (!all && (device[0] == '\0' || !psutil__fs_is_physical(fs.data, fs.len, f[2])))
            continue;
        psutil_disk_partition_t p;
        if ((rc = psutil__pack_str(&pk, device, strlen(device), &p.device)) != 0 ||
            (rc = psutil__pack_str(&pk, f[1], strlen(f[1]), &p.mountpoint)) != 0 ||
            (rc = psutil__pack_str(&pk, f[2], strlen(f[2]), &p.fstype)) != 0 ||
            (rc = psutil__pack_str(&pk, f[3], strlen(f[3]), &p.opts)) != 0 ||
            (rc = psutil__pack_add(&pk, &p)) != 0)
            break;
    }
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__dealloc(scratch);
    psutil__buf_release(&mounts);
    psutil__buf_release(&fs);
    return rc;
}

int psutil__os_disk_usage(const char *path, psutil_disk_usage_t *out)
{
    struct statvfs sv;
    int r;
    do /* a network filesystem's statfs may be interrupted by a signal */
        r = statvfs(path, &sv);
    while (r != 0 && errno == EINTR);
    if (r != 0) {
        int err = errno;
        int code = err == EACCES || err == EPERM ? PSUTIL_EACCES
                   : err == ENOENT || err == ENOTDIR || err == ENAMETOOLONG || err == ELOOP
                       ? PSUTIL_EINVAL
                   : err == ENOMEM ? PSUTIL_ENOMEM
                                   : PSUTIL_EOS;
        return psutil__error(code, err, path, "statvfs: %s", strerror(err));
    }
    /* A filesystem (FUSE, a broken network one) can report more free blocks than it has:
     * used never wraps below 0 and no product wraps above 2^64. */
    uint64_t fr = sv.f_frsize ? sv.f_frsize : sv.f_bsize;
    uint64_t total = psutil__sat_mul_u64((uint64_t)sv.f_blocks, fr);
    uint64_t used =
        psutil__sat_mul_u64(psutil__sat_sub_u64((uint64_t)sv.f_blocks, (uint64_t)sv.f_bfree), fr);
    uint64_t avail = psutil__sat_mul_u64((uint64_t)sv.f_bavail, fr);
    out->total = total;
    out->used = used;
    out->free = avail;
    /* df's Use%: of the space a user could have (used + available), not of total, since
     * root's reserve is neither. */
    out->percent = used + avail ? (double)used / (double)(used + avail) * 100.0 : 0.0;
    /* A filesystem may report more free inodes than inodes: free is bounded by the total. */
    out->files = (uint64_t)sv.f_files;
    out->files_free = (uint64_t)sv.f_ffree < out->files ? (uint64_t)sv.f_ffree : out->files;
    return 0;
}

/* --- diskstats --------------------------------------------------------------------- */

int psutil__parse_diskstats(const char *buf, size_t len,
                            int (*fn)(void *, const char *, const uint64_t *), void *arg)
{
    psutil__lines it;
    const char *line;
    size_t n, lineno = 0;
    psutil__lines_init(&it, buf, len);
    while (psutil__lines_next(&it, &line, &n)) {
        const char *p = line, *end = line + n;
        uint64_t major, minor, f[20] = {0}, v[PSUTIL__DISK_NVALS];
        char name[256];
        size_t nf = 0;
        lineno++;
        if (psutil__only_blanks(p, end))
            continue;
        if (psutil__parse_u64(&p, end, &major) != 0 || psutil__parse_u64(&p, end, &minor) != 0)
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: no device numbers", lineno);
        p = psutil__skip_blanks(p, end);
        const char *nstart = p;
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        size_t nlen = (size_t)(p - nstart);
        if (!psutil__is_name(nstart, nlen) || nlen >= sizeof(name))
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad device name", lineno);
        memcpy(name, nstart, nlen);
        name[nlen] = '\0';
        for (;;) {
            p = psutil__skip_blanks(p, end);
            if (p >= end)
                break;
            uint64_t x;
            if (psutil__parse_u64_sat(&p, end, &x) != 0 || (p < end && *p != ' ' && *p != '\t'))
                return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: bad counter", lineno);
            if (nf < 20)
                f[nf] = x;
            nf++;
        }
        memset(v, 0, sizeof(v));
        uint64_t rsect, wsect;
        if (nf == 4) {
            /* 2.6.0-2.6.24 partitions: reads, sectors read, writes, sectors written. */
            v[0] = f[0];
            rsect = f[1];
            v[1] = f[2];
            wsect = f[3];
        } else if (nf >= 11) {
            v[0] = f[0];    /* reads completed */
            v[6] = f[1];    /* reads merged */
            rsect = f[2];   /* sectors read */
            v[4] = f[3];    /* ms reading */
            v[1] = f[4];    /* writes completed */
            v[7] = f[5];    /* writes merged */
            wsect = f[6];   /* sectors written */
            v[5] = f[7];    /* ms writing */
            v[8] = f[9];    /* ms doing I/O */
            v[9] = f[10];   /* weighted ms doing I/O */
            v[16] = f[8];   /* I/Os in progress */
            if (nf >= 15) { /* Linux 4.18+: discards */
                v[10] = f[11];
                v[11] = f[12];
                v[12] = psutil__sat_mul_u64(f[13], 512);
                v[13] = f[14];
            }
            if (nf >= 17) { /* Linux 5.5+: flushes */
                v[14] = f[15];
                v[15] = f[16];
            }
        } else {
            return psutil__error(PSUTIL_EPARSE, 0, NULL, "line %zu: %zu counters", lineno, nf);
        }
        v[2] = psutil__sat_mul_u64(rsect, 512);
        v[3] = psutil__sat_mul_u64(wsect, 512);
        v[17] = major > UINT32_MAX ? UINT32_MAX : major;
        v[18] = minor > UINT32_MAX ? UINT32_MAX : minor;
        v[19] = nf > UINT32_MAX ? UINT32_MAX : nf;
        int rc = fn(arg, name, v);
        if (rc != 0)
            return rc;
    }
    return 0;
}

struct io_collect {
    psutil__pack pk;
    int whole_disks;
    int sysfd;
};

static int collect_io(void *arg, const char *name, const uint64_t *v)
{
    struct io_collect *c = arg;
    psutil_disk_io_t d;
    if (c->whole_disks) {
        /* Whole disks have a directory in sysfs block/; partitions do not. A '/' in a
         * name (cciss/c0d0) is '!' there. */
        char rel[300];
        snprintf(rel, sizeof(rel), "block/%s", name);
        for (char *q = rel + 6; *q; q++)
            if (*q == '/')
                *q = '!';
        if (c->sysfd < 0 || faccessat(c->sysfd, rel, F_OK, 0) != 0)
            return 0;
    }
    d.read_count = v[0];
    d.write_count = v[1];
    d.read_bytes = v[2];
    d.write_bytes = v[3];
    d.read_time = v[4];
    d.write_time = v[5];
    d.read_merged_count = v[6];
    d.write_merged_count = v[7];
    d.busy_time = v[8];
    d.weighted_time = v[9];
    d.discard_count = v[10];
    d.discard_merged_count = v[11];
    d.discard_bytes = v[12];
    d.discard_time = v[13];
    d.flush_count = v[14];
    d.flush_time = v[15];
    d.in_progress = v[16];
    d.major = (uint32_t)v[17];
    d.minor = (uint32_t)v[18];
    d.column_count = (uint32_t)v[19];
    int rc = psutil__pack_str(&c->pk, name, strlen(name), &d.name);
    return rc ? rc : psutil__pack_add(&c->pk, &d);
}

int psutil__os_disk_io(int whole_disks, psutil_disk_io_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    struct io_collect c = {.whole_disks = whole_disks, .sysfd = -1};
    PSUTIL__PACK_INIT(&c.pk, psutil__layout_disk_io);
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "diskstats", &b);
    if (rc == 0 && whole_disks) {
        c.sysfd = psutil__root_open(PSUTIL__ROOT_SYS);
        if (c.sysfd < 0)
            rc = c.sysfd;
    }
    if (rc == 0)
        rc = psutil__linux_parse_failed(PSUTIL__ROOT_PROC, "diskstats",
                                        psutil__parse_diskstats(b.data, b.len, collect_io, &c));
    if (rc == 0)
        rc = psutil__pack_finish(&c.pk, (void **)out, out_n);
    psutil__pack_release(&c.pk);
    if (c.sysfd >= 0)
        close(c.sysfd);
    psutil__buf_release(&b);
    return rc;
}

/* --- mdstat ------------------------------------------------------------------------ */

/* Occurrences of needle in [s, s + n). */
static size_t count_in(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle), c = 0;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0) {
            c++;
            i += k - 1;
        }
    return c;
}

static const char *find_in(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* "[n/m] [UU_]" in a status line: n, m and the '_' count; 0 or PSUTIL_EPARSE. */
static int md_slots(const char *s, size_t n, uint64_t *req, uint64_t *act, uint64_t *down)
{
    for (const char *p = s, *end = s + n; (p = find_in(p, (size_t)(end - p), "[")) != NULL; p++) {
        const char *q = p + 1;
        if (psutil__parse_u64(&q, end, req) != 0 || q >= end || *q != '/')
            continue;
        q++;
        if (psutil__parse_u64(&q, end, act) != 0 || q + 2 >= end || q[0] != ']' || q[1] != ' ' ||
            q[2] != '[')
            continue;
        q += 3;
        const char *u = q;
        while (q < end && (*q == 'U' || *q == '_'))
            q++;
        if (q == u || q >= end || *q != ']')
            continue;
        *down = count_in(u, (size_t)(q - u), "_");
        return 0;
    }
    return PSUTIL_EPARSE;
}

int psutil__parse_mdstat(const char *buf, size_t len, psutil__pack *pk)
{
    enum { MAXL = 4 };
    psutil__lines it;
    const char *ln[MAXL] = {0};
    size_t lens[MAXL] = {0}, have = 0;
    psutil__lines_init(&it, buf, len);
    /* A window of four lines: the device line and the three after it. */
    for (;;) {
        while (have < MAXL && psutil__lines_next(&it, &ln[have], &lens[have]))
            have++;
        if (have == 0)
            break;
        const char *line = ln[0], *end = line + lens[0];
        size_t n = lens[0];
        int device = n > 0 && line[0] != ' ' && line[0] != '\t' &&
                     !psutil__only_blanks(line, end) &&
                     strncmp(line, "Personalities", n < 13 ? n : 13) != 0 &&
                     strncmp(line, "unused", n < 6 ? n : 6) != 0;
        psutil_md_array_t a;
        memset(&a, 0, sizeof(a));
        const char *f[4];
        size_t fl[4], nf = 0;
        for (const char *p = line; device && nf < 4;) {
            p = psutil__skip_blanks(p, end);
            if (p >= end)
                break;
            f[nf] = p;
            while (p < end && *p != ' ' && *p != '\t')
                p++;
            fl[nf] = (size_t)(p - f[nf]);
            nf++;
        }
        const char *status = have > 1 ? ln[1] : "", *send = status + (have > 1 ? lens[1] : 0);
        const char *sp = status;
        uint64_t blocks = 0, req = 0, act = 0, down = 0;
        if (device && (nf < 3 || have < 2 || !psutil__is_name(f[0], fl[0]) ||
                       psutil__parse_u64(&sp, send, &blocks) != 0))
            device = 0; /* not an array's lines (a NUL in the name too): left out */
        char state[16] = "", level[32] = "";
        if (device) {
            snprintf(state, sizeof(state), "%.*s", (int)(fl[2] < 15 ? fl[2] : 15), f[2]);
            /* The level follows the state and any "(read-only)" notes. */
            const char *p = f[2] + fl[2];
            for (;;) {
                p = psutil__skip_blanks(p, end);
                const char *t = p;
                while (p < end && *p != ' ' && *p != '\t')
                    p++;
                if (t == p || *t != '(') {
                    if (t < p && !memchr(t, '[', (size_t)(p - t)))
                        snprintf(level, sizeof(level), "%.*s", (int)(p - t < 31 ? p - t : 31), t);
                    break;
                }
            }
            if (find_in(line, n, "raid0") || find_in(line, n, "linear")) {
                req = act = count_in(line, n, "[");
            } else if (find_in(line, n, "inactive")) {
                req = act = 0;
            } else if (md_slots(status, (size_t)(send - status), &req, &act, &down) != 0) {
                device = 0;
            }
        }
        if (device) {
            a.disks_required = (int64_t)(req > INT64_MAX ? INT64_MAX : req);
            a.disks_active = (int64_t)(act > INT64_MAX ? INT64_MAX : act);
            a.disks_down = (int64_t)down;
            a.disks_failed = (int64_t)count_in(line, n, "(F)");
            a.disks_spare = (int64_t)count_in(line, n, "(S)");
            a.blocks = a.blocks_synced = blocks;
            size_t si = have > 2 && find_in(ln[2], lens[2], "bitmap") ? 3 : 2;
            const char *sync = si < have ? ln[si] : "";
            size_t slen = si < have ? lens[si] : 0;
            int rec = find_in(sync, slen, "recovery") != NULL,
                res = find_in(sync, slen, "resync") != NULL,
                chk = find_in(sync, slen, "check") != NULL;
            if (rec || res || chk) {
                snprintf(state, sizeof(state), "%s",
                         rec   ? "recovering"
                         : chk ? "checking"
                               : "resyncing");
                const char *par = find_in(sync, slen, "(");
                uint64_t done;
                if (find_in(sync, slen, "PENDING") || find_in(sync, slen, "DELAYED"))
                    a.blocks_synced = 0;
                else if (par && (par++, psutil__parse_u64(&par, sync + slen, &done) == 0))
                    a.blocks_synced = done;
            }
            int rc = psutil__pack_str(pk, f[0], fl[0], &a.name);
            if (rc == 0)
                rc = psutil__pack_str(pk, state, strlen(state), &a.state);
            if (rc == 0)
                rc = psutil__pack_str(pk, level, strlen(level), &a.level);
            if (rc == 0)
                rc = psutil__pack_add(pk, &a);
            if (rc != 0)
                return rc;
        }
        /* Slide the window by one line. */
        for (size_t k = 1; k < have; k++) {
            ln[k - 1] = ln[k];
            lens[k - 1] = lens[k];
        }
        have--;
    }
    return 0;
}

int psutil__os_md_arrays(psutil_md_array_t **out, size_t *out_n)
{
    int rc = psutil__linux_read_list("mdstat", &psutil__layout_md_array, psutil__parse_mdstat,
                                     (void **)out, out_n);
    if (rc == PSUTIL_EOS) { /* no md driver: no arrays */
        psutil_error_info_t e;
        if (psutil_last_error(&e) == 0 && e.os_errno == ENOENT) {
            psutil__pack pk;
            PSUTIL__PACK_INIT(&pk, psutil__layout_md_array);
            psutil_clear_error();
            rc = psutil__pack_finish(&pk, (void **)out, out_n);
            psutil__pack_release(&pk);
        }
    }
    return rc;
}
