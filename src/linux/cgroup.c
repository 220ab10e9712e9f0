/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * cgroup.c - the limits that bind a process (Documentation/admin-guide/cgroup-v2.rst,
 * cgroup-v1/{cpusets,memory,pids}.rst, scheduler/sched-bwc.rst) and pressure stall
 * information (accounting/psi.rst).
 *
 * Where: /proc/PID/cgroup names the process's cgroup in each hierarchy ("0::/path" for
 * the unified one, "N:cpu,cpuacct:/path" for v1); the caller's /proc/self/mountinfo says
 * where each hierarchy is mounted and which cgroup its mount shows (its root field,
 * not "/" under a cgroup namespace or a bind mount of a subtree). A controller is read
 * from the unified hierarchy when that hierarchy has it (its root's cgroup.controllers),
 * else from the v1 hierarchy that has it. Limits are the tightest from the cgroup up to
 * the mount's top; usage is the cgroup's own.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"

#define PATH_CAP 4096
#define MAX_HIER 16
/* v1 reports "no limit" as PAGE_COUNTER_MAX pages in bytes (LONG_MAX rounded down to a
 * page on 64-bit); any figure this large is no limit. */
#define V1_UNLIMITED (UINT64_C(1) << 62)

struct hier {
    int v2;
    char mnt[PATH_CAP];  /* where it is read (below the sysfs root when moved) */
    char root[PATH_CAP]; /* the cgroup the mount shows */
    char ctrls[256];     /* v1: the controllers of its superblock options, comma-separated */
};

struct where {
    struct hier h[MAX_HIER];
    size_t n;
};

/* mountinfo's octal escapes (\040 for a space) undone in place. */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
            s[3] >= '0' && s[3] <= '7') {
            *o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
            s += 3;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

/* The mount point as read here: below the sysfs root when it is moved and the mount is
 * under /sys; 0 when it cannot be read (moved root, mount elsewhere) or is too long. */
static int map_mount(const char *mnt, char *out)
{
    char sys[PSUTIL__ROOT_MAX];
    if (psutil__root_is_default(PSUTIL__ROOT_SYS))
        return snprintf(out, PATH_CAP, "%s", mnt) < PATH_CAP;
    if (strncmp(mnt, "/sys", 4) != 0 || (mnt[4] != '/' && mnt[4] != '\0'))
        return 0;
    psutil__root_path(PSUTIL__ROOT_SYS, sys);
    return snprintf(out, PATH_CAP, "%s%s", sys, mnt + 4) < PATH_CAP;
}

/* The cgroup mounts of the caller's mount namespace. */
static int read_mounts(struct where *w)
{
    psutil__buf b = {0};
    int rc = psutil__read_root_file(PSUTIL__ROOT_PROC, "self/mountinfo", &b);
    w->n = 0;
    for (char *line = b.data, *next; rc == 0 && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        char *f[12], *save = NULL;
        int nf = 0;
        for (char *t = strtok_r(line, " ", &save); t && nf < 12; t = strtok_r(NULL, " ", &save))
            f[nf++] = t;
        int sep = 6;
        while (sep < nf && strcmp(f[sep], "-") != 0)
            sep++;
        if (sep + 3 >= nf || w->n == MAX_HIER)
            continue;
        const char *fstype = f[sep + 1], *super = f[sep + 3];
        int v2 = strcmp(fstype, "cgroup2") == 0;
        if (!v2 && strcmp(fstype, "cgroup") != 0)
            continue;
        struct hier *h = &w->h[w->n];
        unescape(f[3]);
        unescape(f[4]);
        if (!map_mount(f[4], h->mnt) || strlen(f[3]) >= sizeof(h->root))
            continue;
        h->v2 = v2;
        snprintf(h->root, sizeof(h->root), "%s", f[3]);
        snprintf(h->ctrls, sizeof(h->ctrls), "%s", v2 ? "" : super);
        w->n++;
    }
    psutil__buf_release(&b);
    return rc;
}

/* 1 when the comma-separated list holds word. */
static int in_list(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
            return 1;
    return 0;
}

struct path_find {
    int v2;
    const char *ctrl;
    char *out;
};

static int path_match(void *arg, const char *id, size_t idl, const char *ctl, size_t cl,
                      const char *path, size_t pl)
{
    struct path_find *f = arg;
    char ctrls[256];
    if (cl >= sizeof(ctrls) || pl >= PATH_CAP)
        return 0;
    memcpy(ctrls, ctl, cl);
    ctrls[cl] = '\0';
    if (f->v2 ? !(cl == 0 && idl == 1 && id[0] == '0') : !in_list(ctrls, f->ctrl))
        return 0;
    memcpy(f->out, path, pl);
    f->out[pl] = '\0';
    return 1;
}

/* The line of /proc/PID/cgroup for a hierarchy: "0::" for v2, the one whose controller
 * list holds ctrl for v1. Copies its path into out (PATH_CAP bytes). */
static int cgroup_path(const char *cg, int v2, const char *ctrl, char *out)
{
    struct path_find f = {v2, ctrl, out};
    return psutil__pf_each_cgroup_line(cg, strlen(cg), path_match, &f) == 1;
}

/* The directory of a process's cgroup in hierarchy h. */
static int cgroup_dir(const struct hier *h, const char *path, char *out)
{
    size_t rl = strlen(h->root);
    const char *rel = path;
    if (strcmp(h->root, "/") != 0 && strncmp(path, h->root, rl) == 0 &&
        (path[rl] == '/' || path[rl] == '\0'))
        rel = path + rl; /* the mount shows a subtree: the path below it */
    if (strcmp(rel, "/") == 0)
        rel = "";
    return snprintf(out, PATH_CAP, "%s%s", h->mnt, rel) < PATH_CAP;
}

static int read_file(const char *dir, const char *name, psutil__buf *b)
{
    char path[PATH_CAP + 64];
    int err;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    b->len = 0;
    return psutil__read_at(AT_FDCWD, path, b, &err);
}

/* A figure: "max" (v2) or v1's huge number as PSUTIL_UNLIMITED. 0, or -1 when the file
 * is absent or not a number. */
static int read_limit(const char *dir, const char *name, psutil__buf *b, uint64_t *out)
{
    if (read_file(dir, name, b) != 0)
        return -1;
    if (strncmp(b->data, "max", 3) == 0) {
        *out = PSUTIL_UNLIMITED;
        return 0;
    }
    if (b->data[0] == '-') { /* v1 "-1": no limit */
        *out = PSUTIL_UNLIMITED;
        return 0;
    }
    uint64_t v;
    if (psutil__parse_u64_field(b->data, b->len, &v) != 0)
        return -1;
    *out = v >= V1_UNLIMITED ? PSUTIL_UNLIMITED : v;
    return 0;
}

/* Moves d to its parent cgroup: 0 when d is already the mount's top (top bytes long). */
static int up_one(char *d, size_t top)
{
    char *slash = strrchr(d, '/');
    if (strlen(d) <= top || !slash || (size_t)(slash - d) < top)
        return 0;
    *slash = '\0';
    return 1;
}

/* The tightest value of a limit file from dir up to the mount's top. 0 when at least
 * one level has the file. */
static int tightest(const struct hier *h, const char *dir, const char *name, psutil__buf *b,
                    uint64_t *out)
{
    char d[PATH_CAP];
    size_t top = strlen(h->mnt);
    int found = 0;
    uint64_t best = PSUTIL_UNLIMITED, v;
    snprintf(d, sizeof(d), "%s", dir);
    for (;;) {
        if (read_limit(d, name, b, &v) == 0) {
            found = 1;
            best = v < best ? v : best;
        }
        if (!up_one(d, top))
            break;
    }
    *out = best;
    return found ? 0 : -1;
}

/* CPU bandwidth: the smallest quota/period over the levels, -1 when none has one. */
static void cpu_quota(const struct hier *h, const char *dir, psutil__buf *b,
                      psutil_cgroup_limits_t *out)
{
    char d[PATH_CAP];
    size_t top = strlen(h->mnt);
    int found = 0;
    snprintf(d, sizeof(d), "%s", dir);
    out->cpu_quota = -1;
    out->cpu_period = 0;
    for (;;) {
        uint64_t quota = PSUTIL_UNLIMITED, period = 0;
        if (h->v2 && read_file(d, "cpu.max", b) == 0) {
            char *sp = strchr(b->data, ' ');
            found = 1;
            if (sp && strncmp(b->data, "max", 3) != 0 &&
                psutil__parse_u64_field(b->data, (size_t)(sp - b->data), &quota) != 0)
                quota = PSUTIL_UNLIMITED;
            if (sp && psutil__parse_u64_field(sp + 1, strlen(sp + 1), &period) != 0)
                period = 0;
        } else if (!h->v2 && read_limit(d, "cpu.cfs_quota_us", b, &quota) == 0) {
            found = 1;
            if (read_limit(d, "cpu.cfs_period_us", b, &period) != 0)
                period = 0;
        }
        if (quota != PSUTIL_UNLIMITED && period > 0 && period != PSUTIL_UNLIMITED) {
            double cpus = (double)quota / (double)period;
            if (out->cpu_quota < 0 || cpus < out->cpu_quota) {
                out->cpu_quota = cpus;
                out->cpu_period = period;
            }
        }
        if (!up_one(d, top))
            break;
    }
    if (found)
        out->have |= PSUTIL_CG_CPU;
}

/* The hierarchy that has ctrl: the unified one when its top lists it, else its v1 one. */
static const struct hier *hier_of(const struct where *w, const char *ctrl, psutil__buf *b)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->h[i].v2 && read_file(w->h[i].mnt, "cgroup.controllers", b) == 0)
            for (char *t = b->data, *sv = NULL; (t = strtok_r(t, " \n", &sv)) != NULL; t = NULL)
                if (strcmp(t, ctrl) == 0)
                    return &w->h[i];
    for (size_t i = 0; i < w->n; i++)
        if (!w->h[i].v2 && in_list(w->h[i].ctrls, ctrl))
            return &w->h[i];
    return NULL;
}

/* Finds the hierarchy that has ctrl for this process and its cgroup directory. */
static const struct hier *locate(const struct where *w, const char *cg, const char *ctrl,
                                 psutil__buf *b, char *dir)
{
    char path[PATH_CAP];
    const struct hier *h = hier_of(w, ctrl, b);
    return h && cgroup_path(cg, h->v2, ctrl, path) && cgroup_dir(h, path, dir) ? h : NULL;
}

static void note_version(psutil_cgroup_limits_t *out, const struct hier *h)
{
    if (h->v2)
        out->version = 2;
    else if (out->version == 0)
        out->version = 1;
}

static void memory(const struct hier *h, const char *dir, psutil__buf *b,
                   psutil_cgroup_limits_t *out)
{
    uint64_t usage;
    const char *max = h->v2 ? "memory.max" : "memory.limit_in_bytes";
    const char *cur = h->v2 ? "memory.current" : "memory.usage_in_bytes";
    if (tightest(h, dir, max, b, &out->memory_max) != 0 || read_limit(dir, cur, b, &usage) != 0)
        return;
    out->memory_current = usage;
    out->have |= PSUTIL_CG_MEMORY;
    note_version(out, h);
    if (h->v2) {
        if (tightest(h, dir, "memory.high", b, &out->memory_high) != 0)
            out->memory_high = PSUTIL_UNLIMITED;
        if (tightest(h, dir, "memory.swap.max", b, &out->swap_max) == 0 &&
            read_limit(dir, "memory.swap.current", b, &out->swap_current) == 0)
            out->have |= PSUTIL_CG_SWAP;
        return;
    }
    /* v1 counts memory and swap together in memsw (when swap accounting is on). */
    uint64_t memsw_max, memsw_usage;
    out->memory_high = PSUTIL_UNLIMITED;
    if (tightest(h, dir, "memory.memsw.limit_in_bytes", b, &memsw_max) != 0 ||
        read_limit(dir, "memory.memsw.usage_in_bytes", b, &memsw_usage) != 0)
        return;
    out->swap_max = memsw_max == PSUTIL_UNLIMITED || out->memory_max == PSUTIL_UNLIMITED
                        ? memsw_max
                        : (memsw_max > out->memory_max ? memsw_max - out->memory_max : 0);
    out->swap_current = memsw_usage > usage ? memsw_usage - usage : 0;
    out->have |= PSUTIL_CG_SWAP;
}

static void cpuset(const struct hier *h, const char *dir, psutil__buf *b,
                   psutil_cgroup_limits_t *out)
{
    static const char *const v2[] = {"cpuset.cpus.effective"};
    static const char *const v1[] = {"cpuset.effective_cpus", "cpuset.cpus"};
    const char *const *names = h->v2 ? v2 : v1;
    size_t n = h->v2 ? 1 : 2;
    for (size_t i = 0; i < n; i++) {
        int count, highest;
        if (read_file(dir, names[i], b) == 0 &&
            psutil__parse_cpulist(b->data, b->len, &count, &highest) == 0 && count > 0) {
            out->cpuset_cpus = count;
            out->have |= PSUTIL_CG_CPUSET;
            note_version(out, h);
            return;
        }
    }
}

static int affinity_count(psutil_pid_t pid)
{
    cpu_set_t *set = NULL;
    int count = -1;
    for (int ncpu = 1024; ncpu <= 65536 && count < 0; ncpu *= 2) {
        size_t size = CPU_ALLOC_SIZE(ncpu);
        set = CPU_ALLOC(ncpu);
        if (!set)
            break;
        if (sched_getaffinity(pid, size, set) == 0)
            count = CPU_COUNT_S(size, set);
        CPU_FREE(set);
        if (count < 0 && errno != EINVAL)
            break;
    }
    return count;
}

/* A system-wide procfs file whose absence means the kernel lacks a feature: that is
 * PSUTIL_ENOTSUP (with `feature` as the detail), any other failure as
 * psutil__error_from_errno(); the errno classified here, not read back from the record. */
static int read_feature_file(const char *rel, psutil__buf *b, const char *feature)
{
    char root[PSUTIL__ROOT_MAX], path[PSUTIL__ROOT_MAX + 64];
    int err = 0, fd = psutil__root_open(PSUTIL__ROOT_PROC);
    if (fd < 0)
        return fd;
    int rc = psutil__read_at(fd, rel, b, &err);
    close(fd);
    if (rc == 0)
        return 0;
    psutil__root_path(PSUTIL__ROOT_PROC, root);
    snprintf(path, sizeof(path), "%s/%s", root, rel);
    if (err == ENOENT || err == EOPNOTSUPP)
        return psutil__error(PSUTIL_ENOTSUP, err, path, "%s", feature);
    return psutil__error_from_errno(err, path);
}

int psutil__linux_read_cgroup(psutil_proc_t *p, psutil__buf *b)
{
    if (!p)
        return read_feature_file("self/cgroup", b, "no cgroups in this kernel");
    struct psutil__pctx c;
    int rc = psutil__proc_begin(p, &c);
    if (rc == 0)
        rc = psutil__proc_read(&c, "cgroup", b);
    psutil__proc_end(&c);
    return rc;
}

/* What every cgroup reader starts with: the process's cgroup text (p NULL: the caller's),
 * the cgroup mounts, and room for a cgroup directory. Released with release_where(). */
static int load_where(psutil_proc_t *p, psutil__buf *cg, struct where **w, char **dir)
{
    *w = psutil__calloc(1, sizeof(**w));
    *dir = psutil__malloc(PATH_CAP);
    int rc = *w && *dir ? 0 : psutil__error(PSUTIL_ENOMEM, 0, NULL, "cgroup mounts");
    if (rc == 0)
        rc = psutil__linux_read_cgroup(p, cg);
    return rc == 0 ? read_mounts(*w) : rc;
}

static void release_where(psutil__buf *cg, struct where *w, char *dir)
{
    psutil__buf_release(cg);
    psutil__dealloc(w);
    psutil__dealloc(dir);
}

int psutil__os_cgroup_limits(psutil_proc_t *p, psutil_cgroup_limits_t *out)
{
    psutil__buf cg = {0}, b = {0};
    struct where *w;
    char *dir;
    int rc = load_where(p, &cg, &w, &dir);
    if (rc == 0) {
        const struct hier *h;
        memset(out, 0, sizeof(*out));
        out->cpu_quota = -1;
        out->memory_max = out->memory_high = out->swap_max = out->pids_max = PSUTIL_UNLIMITED;
        if ((h = locate(w, cg.data, "cpu", &b, dir)) != NULL) {
            cpu_quota(h, dir, &b, out);
            if (out->have & PSUTIL_CG_CPU)
                note_version(out, h);
        }
        if ((h = locate(w, cg.data, "cpuset", &b, dir)) != NULL)
            cpuset(h, dir, &b, out);
        if ((h = locate(w, cg.data, "memory", &b, dir)) != NULL)
            memory(h, dir, &b, out);
        if ((h = locate(w, cg.data, "pids", &b, dir)) != NULL &&
            tightest(h, dir, "pids.max", &b, &out->pids_max) == 0 &&
            read_limit(dir, "pids.current", &b, &out->pids_current) == 0) {
            out->have |= PSUTIL_CG_PIDS;
            note_version(out, h);
        }
        out->affinity_cpus =
            psutil__root_is_default(PSUTIL__ROOT_PROC) ? affinity_count(p ? p->pid : 0) : -1;
        int online = 0;
        double eff = psutil_cpu_count(1, &online) == 0 && online > 0 ? online : 0;
        if ((out->have & PSUTIL_CG_CPUSET) && (eff == 0 || out->cpuset_cpus < eff))
            eff = out->cpuset_cpus;
        if (out->affinity_cpus > 0 && (eff == 0 || out->affinity_cpus < eff))
            eff = out->affinity_cpus;
        if (out->cpu_quota >= 0 && (eff == 0 || out->cpu_quota < eff))
            eff = out->cpu_quota;
        out->effective_cpus = eff;
    }
    psutil__buf_release(&b);
    release_where(&cg, w, dir);
    return rc;
}

/* --- every cgroup, as systemd-cgtop lists them -------------------------------------- */

/* A "key value" line of a flat-keyed file (cpu.stat): 1 and *v when found. */
static int flat_key(const char *s, const char *key, uint64_t *v)
{
    size_t kl = strlen(key);
    for (const char *line = s; line && *line;
         line = strchr(line, '\n'), line = line ? line + 1 : NULL)
        if (strncmp(line, key, kl) == 0 && line[kl] == ' ')
            return psutil__parse_u64_field(line + kl + 1, strcspn(line + kl + 1, "\n"), v) == 0;
    return 0;
}

/* dir = the hierarchy's mount + rel; 0 when it does not fit. */
static int join(char *dir, const struct hier *h, const char *rel)
{
    return h && (size_t)snprintf(dir, PATH_CAP, "%s%s", h->mnt, rel) < PATH_CAP;
}

#define WALK_MAX_DEPTH 64
#define WALK_MAX_CGROUPS 100000

struct paths {
    char **v;
    size_t n, cap;
};

static int add_path(struct paths *ps, const char *rel)
{
    int rc = psutil__grow(&ps->v, &ps->cap, ps->n, sizeof(*ps->v), 64, "cgroup paths");
    if (rc != 0)
        return rc;
    size_t len = strlen(rel);
    if ((ps->v[ps->n] = psutil__malloc(len + 1)) == NULL)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "cgroup paths");
    memcpy(ps->v[ps->n++], rel, len + 1);
    return 0;
}

/* Every cgroup directory below h's mount, as paths relative to it ("" for the top),
 * breadth-first over a list (no recursion on the tree's depth), bounded in depth and
 * count. */
static int walk(const struct hier *h, struct paths *ps)
{
    size_t first = ps->n;
    int rc = add_path(ps, "");
    for (size_t i = first; rc == 0 && i < ps->n && ps->n < WALK_MAX_CGROUPS; i++) {
        char dir[PATH_CAP];
        const char *rel = ps->v[i];
        size_t depth = 0;
        for (const char *c = rel; *c; c++)
            depth += *c == '/';
        if (depth >= WALK_MAX_DEPTH)
            continue;
        DIR *d = NULL;
        int err = 0;
        if (join(dir, h, rel) && (d = psutil__opendirat(AT_FDCWD, dir)) == NULL)
            err = errno;
        struct dirent *e;
        while (rc == 0 && d && (e = psutil__readdir(d, &err)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            int is_dir = e->d_type == DT_DIR;
            if (e->d_type == DT_UNKNOWN) {
                struct stat st;
                is_dir = fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                         S_ISDIR(st.st_mode);
            }
            char child[PATH_CAP];
            if (is_dir && snprintf(child, sizeof(child), "%s/%s", rel, e->d_name) < PATH_CAP)
                rc = add_path(ps, child);
        }
        if (d)
            closedir(d);
        /* Removed meanwhile, or not readable: its children are not listed. Out of
         * memory or fds is an error (the list would be short). */
        if (rc == 0 && err != 0 && err != ENOENT && err != ENOTDIR &&
            (d || (err != EACCES && err != EPERM)))
            rc = psutil__error_from_errno(err, dir);
    }
    return rc;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static uint64_t count_lines(const psutil__buf *b)
{
    uint64_t n = 0;
    for (size_t i = 0; i < b->len; i++)
        n += b->data[i] == '\n';
    return n;
}

/* Sums the byte counts of an I/O file: v2 io.stat ("8:0 rbytes=1 wbytes=2 ...") or v1
 * blkio.throttle.io_service_bytes ("8:0 Read 1", "8:0 Write 2", "Total 3"). */
static void io_bytes(const char *s, int v2, uint64_t *rd, uint64_t *wr)
{
    *rd = *wr = 0;
    for (const char *line = s; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char l[512];
        if (len < sizeof(l)) {
            memcpy(l, line, len);
            l[len] = '\0';
            unsigned long long v;
            const char *r = strstr(l, " rbytes="), *w = strstr(l, " wbytes=");
            if (v2) {
                if (r && sscanf(r, " rbytes=%llu", &v) == 1)
                    *rd = psutil__sat_add_u64(*rd, v);
                if (w && sscanf(w, " wbytes=%llu", &v) == 1)
                    *wr = psutil__sat_add_u64(*wr, v);
            } else {
                char dev[64], op[16];
                if (sscanf(l, "%63s %15s %llu", dev, op, &v) == 3 && strcmp(op, "Read") == 0)
                    *rd = psutil__sat_add_u64(*rd, v);
                else if (sscanf(l, "%63s %15s %llu", dev, op, &v) == 3 && strcmp(op, "Write") == 0)
                    *wr = psutil__sat_add_u64(*wr, v);
            }
        }
        line = end ? end + 1 : NULL;
    }
}

static void stat_one(const char *rel, const struct hier *const *hs, psutil__buf *b,
                     psutil_cgroup_stat_t *r)
{
    /* hs: cpu, memory, io, pids hierarchies (NULL when absent). */
    char dir[PATH_CAP];
    const struct hier *cpu = hs[0], *mem = hs[1], *io = hs[2];
    const struct hier *tasks[3] = {hs[3], mem, cpu};
    memset(r, 0, sizeof(*r));
    /* Tasks from the first hierarchy that has this cgroup: pids, memory, cpu. */
    for (int k = 0; k < 3 && !(r->have & PSUTIL_CGS_TASKS); k++)
        if (join(dir, tasks[k], rel) && read_file(dir, "cgroup.procs", b) == 0) {
            r->tasks = count_lines(b);
            r->have |= PSUTIL_CGS_TASKS;
        }
    if (join(dir, cpu, rel)) {
        uint64_t us;
        if (cpu->v2 && read_file(dir, "cpu.stat", b) == 0 && flat_key(b->data, "usage_usec", &us)) {
            r->cpu_usage = psutil__sat_mul_u64(us, 1000);
            r->have |= PSUTIL_CGS_CPU;
        } else if (!cpu->v2 && read_limit(dir, "cpuacct.usage", b, &r->cpu_usage) == 0) {
            r->have |= PSUTIL_CGS_CPU;
        }
    }
    if (join(dir, mem, rel) && read_limit(dir, mem->v2 ? "memory.current" : "memory.usage_in_bytes",
                                          b, &r->memory_current) == 0)
        r->have |= PSUTIL_CGS_MEMORY;
    if (join(dir, io, rel) &&
        read_file(dir, io->v2 ? "io.stat" : "blkio.throttle.io_service_bytes", b) == 0) {
        io_bytes(b->data, io->v2, &r->io_read_bytes, &r->io_write_bytes);
        r->have |= PSUTIL_CGS_IO;
    }
}

int psutil__os_cgroup_stats(psutil_cgroup_stat_t **out, size_t *out_n)
{
    static const char *const ctrls[4][2] = {
        {"cpu", "cpuacct"}, {"memory", "memory"}, {"io", "blkio"}, {"pids", "pids"}};
    psutil__buf b = {0};
    struct paths ps = {0};
    const struct hier *hs[4] = {NULL, NULL, NULL, NULL};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_cgroup_stat);
    struct where *w = psutil__calloc(1, sizeof(*w));
    int rc = w ? read_mounts(w) : psutil__error(PSUTIL_ENOMEM, 0, NULL, "cgroup mounts");
    for (int k = 0; rc == 0 && k < 4; k++) {
        /* v1 accounts CPU time in cpuacct (often mounted with cpu); v2 in cpu. */
        const struct hier *v2 = hier_of(w, ctrls[k][0], &b);
        hs[k] = v2 && v2->v2 ? v2 : hier_of(w, ctrls[k][1], &b);
        int seen = 0;
        for (int j = 0; j < k; j++)
            seen |= hs[j] == hs[k];
        if (hs[k] && !seen)
            rc = walk(hs[k], &ps);
    }
    if (rc == 0 && !hs[0] && !hs[1] && !hs[2] && !hs[3])
        rc = psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no cgroup hierarchy is mounted");
    if (rc == 0 && ps.n)
        qsort(ps.v, ps.n, sizeof(*ps.v), cmp_path);
    for (size_t i = 0; rc == 0 && i < ps.n; i++) {
        if (i > 0 && strcmp(ps.v[i], ps.v[i - 1]) == 0)
            continue;
        psutil_cgroup_stat_t r;
        stat_one(ps.v[i], hs, &b, &r);
        const char *path = ps.v[i][0] ? ps.v[i] : "/";
        if ((rc = psutil__pack_str(&pk, path, strlen(path), &r.path)) == 0)
            rc = psutil__pack_add(&pk, &r);
    }
    for (size_t i = 0; i < ps.n; i++)
        psutil__dealloc(ps.v[i]);
    psutil__dealloc(ps.v);
    psutil__dealloc(w);
    psutil__buf_release(&b);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

/* --- pressure ----------------------------------------------------------------------- */

/* One line of a pressure file: "some avg10=0.12 avg60=0.05 avg300=0.01 total=12345". */
static int parse_psi_line(const char *line, double *avg, uint64_t *total)
{
    static const char *const keys[] = {"avg10=", "avg60=", "avg300="};
    for (int i = 0; i < 3; i++) {
        const char *k = strstr(line, keys[i]);
        char *end;
        if (!k)
            return -1;
        avg[i] = strtod(k + strlen(keys[i]), &end);
        /* strtod takes "nan" and "inf", which no kernel writes: malformed, not 100 %. */
        if (end == k + strlen(keys[i]) || !isfinite(avg[i]) || avg[i] < 0)
            return -1;
        avg[i] = avg[i] > 100 ? 100 : avg[i];
    }
    const char *t = strstr(line, "total=");
    return t && psutil__parse_u64_field(t + 6, strcspn(t + 6, " \n"), total) == 0 ? 0 : -1;
}

int psutil__parse_pressure(const char *s, psutil_pressure_t *out)
{
    double avg[3];
    const char *some = strstr(s, "some "), *full = strstr(s, "full ");
    memset(out, 0, sizeof(*out));
    if (!some || parse_psi_line(some, avg, &out->some_total) != 0)
        return PSUTIL_EPARSE;
    out->some_avg10 = avg[0];
    out->some_avg60 = avg[1];
    out->some_avg300 = avg[2];
    if (full && parse_psi_line(full, avg, &out->full_total) == 0) {
        out->full_avg10 = avg[0];
        out->full_avg60 = avg[1];
        out->full_avg300 = avg[2];
        out->has_full = 1;
    }
    return 0;
}

int psutil__os_pressure(psutil_proc_t *p, int resource, psutil_pressure_t *out)
{
    static const char *const names[] = {"cpu", "memory", "io"};
    psutil__buf b = {0}, cg = {0};
    char file[64];
    int rc;
    snprintf(file, sizeof(file), "%s.pressure", names[resource]);
    if (!p) {
        char rel[64];
        snprintf(rel, sizeof(rel), "pressure/%s", names[resource]);
        rc = read_feature_file(rel, &b, "no pressure stall information (Linux 4.20+, psi=1)");
    } else {
        struct where *w;
        char *dir;
        rc = load_where(p, &cg, &w, &dir);
        if (rc == 0) {
            char path[PATH_CAP];
            const struct hier *h = NULL;
            for (size_t i = 0; i < w->n && !h; i++)
                if (w->h[i].v2 && cgroup_path(cg.data, 1, "", path) &&
                    cgroup_dir(&w->h[i], path, dir))
                    h = &w->h[i];
            if (!h || read_file(dir, file, &b) != 0)
                rc = psutil__error(PSUTIL_ENOTSUP, 0, NULL, "no %s in the process's unified cgroup",
                                   file);
        }
        release_where(&cg, w, dir);
    }
    if (rc == 0 && psutil__parse_pressure(b.data, out) != 0)
        rc = psutil__error(PSUTIL_EPARSE, 0, NULL, "%s: not a pressure file", file);
    psutil__buf_release(&b);
    return rc;
}
