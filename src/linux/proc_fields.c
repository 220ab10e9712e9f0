/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_fields.c - the process fields, each once: the file it comes from, its parser and
 * its unit (Documentation/filesystems/proc.rst, "1.1 Process-Specific Subdirectories").
 * The handle getters (proc.c) and the process table (proc_table.c) fill their results
 * through these, so the two cannot drift; the comment of each PSUTIL_PF_* bit in
 * psutil.h names the file it needs.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "proc.h"

/* stat fields 14-17 and 42, clock ticks: seconds. */
void psutil__pf_cpu_times(const psutil__pstat *st, double hz, psutil_proc_cpu_times_t *out)
{
    out->user = (double)st->utime / hz;
    out->system = (double)st->stime / hz;
    out->children_user = (double)st->cutime / hz;
    out->children_system = (double)st->cstime / hz;
    out->iowait = (double)st->blkio_ticks / hz;
}

/* stat field 22, clock ticks after boot: seconds since the epoch. */
double psutil__pf_create_time(uint64_t starttime, double boot, double hz)
{
    return boot + (double)starttime / hz;
}

/* statm: pages. */
int psutil__pf_memory(const char *s, size_t len, uint64_t page, psutil_proc_memory_t *out)
{
    uint64_t v[7];
    int rc = psutil__parse_statm(s, len, v);
    if (rc != 0)
        return rc;
    out->vms = psutil__sat_mul_u64(v[0], page);
    out->rss = psutil__sat_mul_u64(v[1], page);
    out->shared = psutil__sat_mul_u64(v[2], page);
    out->text = psutil__sat_mul_u64(v[3], page);
    out->data = psutil__sat_mul_u64(v[5], page);
    return 0;
}

/* Every "key: value" of the keys, or PSUTIL_EPARSE with *missing naming the first key
 * absent or malformed. Records nothing: the table leaves such a field out of `have`
 * (a successful call leaves the record alone), a getter records it. */
static int kv_all(const char *s, size_t len, const char *const *keys, uint64_t *v, size_t n,
                  const char **missing)
{
    for (size_t i = 0; i < n; i++)
        if (psutil__kv_u64(s, len, keys[i], &v[i], NULL) != 0) {
            *missing = keys[i];
            return PSUTIL_EPARSE;
        }
    return 0;
}

/* io: counts and bytes. */
int psutil__pf_io(const char *s, size_t len, psutil_proc_io_t *out, const char **missing)
{
    static const char *const keys[6] = {"syscr",       "syscw", "read_bytes",
                                        "write_bytes", "rchar", "wchar"};
    uint64_t v[6];
    int rc = kv_all(s, len, keys, v, 6, missing);
    if (rc == 0)
        *out = (psutil_proc_io_t){.read_count = v[0],
                                  .write_count = v[1],
                                  .read_bytes = v[2],
                                  .write_bytes = v[3],
                                  .read_chars = v[4],
                                  .write_chars = v[5]};
    return rc;
}

/* status: context switches (counts). */
int psutil__pf_ctx_switches(const char *s, size_t len, psutil_ctx_switches_t *out,
                            const char **missing)
{
    static const char *const keys[2] = {"voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"};
    uint64_t v[2];
    int rc = kv_all(s, len, keys, v, 2, missing);
    if (rc == 0)
        *out = (psutil_ctx_switches_t){.voluntary = v[0], .involuntary = v[1]};
    return rc;
}

int psutil__linux_is_procfs(int fd)
{
    struct statfs sf;
    return fstatfs(fd, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}

/* fd/: one entry per open descriptor (entries are the numbers). */
int psutil__pf_num_fds(int dirfd, int by_size, int64_t *out, int *err)
{
    int fd = psutil__openat(dirfd, "fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        *err = errno;
        return PSUTIL_EOS;
    }
    int rc = psutil__pf_count_fds(fd, by_size, out, err);
    close(fd);
    return rc;
}

int psutil__pf_count_fds(int fd_dir, int by_size, int64_t *out, int *err)
{
    /* procfs on Linux 6.2+ gives the number of open fds as the directory's size: one
     * fstat instead of a dentry per fd. Older kernels say 0 (as would a process without
     * any fd: counting then says so too); another filesystem's size means nothing. */
    struct stat st;
    if (by_size && fstat(fd_dir, &st) == 0 && st.st_size > 0) {
        *out = (int64_t)st.st_size;
        return 0;
    }
    /* getdents64 on the directory from its start: the fd table as it is now. */
    char buf[8192] __attribute__((aligned(8)));
    int64_t n = 0;
    if (lseek(fd_dir, 0, SEEK_SET) != 0) {
        *err = errno;
        return PSUTIL_EOS;
    }
    for (;;) {
        ssize_t got = getdents64(fd_dir, buf, sizeof(buf));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            *err = errno;
            return PSUTIL_EOS;
        }
        if (got == 0)
            break;
        for (ssize_t off = 0; off < got;) {
            const struct dirent64 *e = (const void *)(buf + off);
            n += e->d_name[0] >= '0' && e->d_name[0] <= '9';
            off += e->d_reclen;
        }
    }
    *out = n;
    return 0;
}

/* --- cgroup: ps's CGROUP and the container id ------------------------------------ */

int psutil__pf_each_cgroup_line(const char *s, size_t len, psutil__cgroup_line_fn fn, void *arg)
{
    const char *end = s + len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        const char *c1 = memchr(s, ':', (size_t)(le - s));
        const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(le - c1 - 1)) : NULL;
        if (c2) {
            int rc = fn(arg, s, (size_t)(c1 - s), c1 + 1, (size_t)(c2 - c1 - 1), c2 + 1,
                        (size_t)(le - c2 - 1));
            if (rc)
                return rc;
        }
        s = le + 1;
    }
    return 0;
}

static int append_line(void *arg, const char *id, size_t idl, const char *ctl, size_t cl,
                       const char *path, size_t pl)
{
    psutil__buf *b = arg;
    (void)ctl;
    if (pl == 1 && path[0] == '/')
        return 0; /* at the hierarchy's root: ps leaves it out */
    size_t need = b->len + idl + cl + pl + 4;
    if (psutil__buf_reserve(b, need) != 0)
        return PSUTIL_ENOMEM;
    if (b->len)
        b->data[b->len++] = ',';
    memcpy(b->data + b->len, id, idl + 1 + cl + 1 + pl); /* the line as it is */
    b->len += idl + 1 + cl + 1 + pl;
    b->data[b->len] = '\0';
    return 0;
}

int psutil__pf_cgroup_text(const char *s, size_t len, psutil__buf *out)
{
    out->len = 0;
    if (psutil__buf_reserve(out, 1) != 0)
        return PSUTIL_ENOMEM;
    out->data[0] = '\0';
    return psutil__pf_each_cgroup_line(s, len, append_line, out);
}

static int is_hex64(const char *s, size_t n)
{
    if (n != 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

/* One path component: "ID", or a runtime's scope "docker-ID.scope", "libpod-ID.scope",
 * "cri-containerd-ID.scope", "crio-ID.scope" (also without ".scope"). */
static int component_id(const char *c, size_t n, char *out)
{
    static const char *const prefixes[] = {"",      "docker-",    "libpod-", "cri-containerd-",
                                           "crio-", "containerd-"};
    if (n > 6 && memcmp(c + n - 6, ".scope", 6) == 0)
        n -= 6;
    for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
        size_t pl = strlen(prefixes[i]);
        if (n > pl && memcmp(c, prefixes[i], pl) == 0 && is_hex64(c + pl, n - pl)) {
            memcpy(out, c + pl, 64);
            out[64] = '\0';
            return 1;
        }
    }
    return 0;
}

static int path_id(void *arg, const char *id, size_t idl, const char *ctl, size_t cl,
                   const char *path, size_t pl)
{
    (void)id, (void)idl, (void)ctl, (void)cl;
    /* The innermost component naming a container wins (a container in a pod's slice). */
    const char *end = path + pl;
    while (end > path) {
        const char *start = end;
        while (start > path && start[-1] != '/')
            start--;
        if (component_id(start, (size_t)(end - start), arg))
            return 1;
        end = start > path ? start - 1 : path;
    }
    return 0;
}

int psutil__pf_container_id(const char *s, size_t len, char *out)
{
    out[0] = '\0';
    return psutil__pf_each_cgroup_line(s, len, path_id, out) == 1;
}

/* --- namespaces ----------------------------------------------------------------------- */

int psutil__pf_namespaces(int dirfd, psutil_namespaces_t *out, int *denied)
{
    static const char *const names[] = {
        "cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children",
        "user",   "uts"};
    uint64_t v[10] = {0};
    int read = 0;
    *denied = 0;
    for (int i = 0; i < 10; i++) {
        char rel[64], link[128];
        snprintf(rel, sizeof(rel), "ns/%s", names[i]);
        ssize_t n = readlinkat(dirfd, rel, link, sizeof(link) - 1);
        if (n < 0) {
            *denied += errno == EACCES || errno == EPERM;
            continue;
        }
        link[n] = '\0';
        const char *open = strchr(link, '['), *close = strchr(link, ']');
        if (open && close && close > open &&
            psutil__parse_u64_field(open + 1, (size_t)(close - open - 1), &v[i]) == 0)
            read++;
    }
    *out = (psutil_namespaces_t){.cgroup = v[0],
                                 .ipc = v[1],
                                 .mnt = v[2],
                                 .net = v[3],
                                 .pid = v[4],
                                 .pid_for_children = v[5],
                                 .time = v[6],
                                 .time_for_children = v[7],
                                 .user = v[8],
                                 .uts = v[9]};
    return read;
}
