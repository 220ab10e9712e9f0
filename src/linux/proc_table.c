/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_table.c - the process table on Linux: one pass over /proc that opens each
 * /proc/PID directory once, reads only the files the field mask needs through it
 * (stat always: it proves the row is one process and gives its start time; status,
 * statm, cmdline, io and fd/ only when asked), with one buffer for every read, the
 * owner uid from fstat of the directory (no status read for a user name), and user and
 * terminal names cached for the whole pass. procps-ng's libproc2 maps items to files the
 * same way. A process that ends mid-row is dropped whole. The row reader
 * (psutil__scan_row) is shared with the process monitor (proc_monitor.c), which keeps
 * the files open between refreshes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"
#include "proc_table.h"

#define STAT_FIELDS                                                                                \
    (PSUTIL_PF_PPID | PSUTIL_PF_NAME | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                    \
     PSUTIL_PF_CREATE_TIME | PSUTIL_PF_NUM_THREADS | PSUTIL_PF_NICE | PSUTIL_PF_TERMINAL |         \
     PSUTIL_PF_PAGE_FAULTS)

static int cache_same(void *ctx, size_t pos)
{
    const struct psutil__name_cache *c = ctx;
    return c->v[pos].key == c->want;
}

/* Finds key: 1 with *off set, or 0 after reserving its slot (fill it with cache_set),
 * or PSUTIL_ENOMEM. */
static int cache_find(struct psutil__name_cache *c, int64_t key, const char **off)
{
    size_t pos;
    int rc = psutil__grow(&c->v, &c->cap, c->n, sizeof(*c->v), 32, "name cache");
    if (rc != 0)
        return rc;
    c->want = key;
    int found = psutil__index_find_or_add(&c->index, psutil__hash_bytes(&key, sizeof(key)),
                                          cache_same, c, c->n, &pos);
    if (found == 1)
        *off = c->v[pos].off;
    else if (found == 0) {
        c->v[c->n].key = key;
        c->v[c->n].off = NULL;
        c->n++;
    }
    return found;
}

/* Fills the slot cache_find just reserved. */
static void cache_set(struct psutil__name_cache *c, const char *off)
{
    c->v[c->n - 1].off = off;
}

/* The outcome of reading one file of a row. */
enum { READ_OK, READ_SKIP_FIELD, READ_GONE };

static const char *const row_file_names[] = {"stat",   "status", "statm",   "io",
                                             "cgroup", "fd",     "cmdline", "limits"};

/* The row's kept fd of a file: opened now if there is none and the budget allows; -1
 * when there is none (the table's rows, or no fd left). */
static int kept_fd(struct psutil__row_files *rf, int file)
{
    if (!rf->kept || file >= PSUTIL__RF_KEPT)
        return -1;
    int *fd = &rf->kept[file];
    if (*fd < 0 && *rf->budget > 0) {
        int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (file == PSUTIL__RF_FD ? O_DIRECTORY : 0);
        *fd = psutil__openat(rf->dirfd, row_file_names[file], flags);
        if (*fd >= 0)
            (*rf->budget)--;
        else if (errno == EMFILE || errno == ENFILE)
            *rf->budget = 0; /* out of fds: read the rest as the table does */
    }
    return *fd;
}

/* Reads one file of the row into s->b: through its kept fd, else by opening it through
 * the directory. 0 or a code, *err the errno. */
static int row_read(struct psutil__scan *s, struct psutil__row_files *rf, int file, int *err)
{
    int fd = kept_fd(rf, file);
    if (fd >= 0)
        return psutil__pread_record(fd, &s->b, err);
    return psutil__read_record_at(rf->dirfd, row_file_names[file], &s->b, err);
}

/* dst = src (a command line kept in the monitor's cache): 0 or PSUTIL_ENOMEM. */
static int buf_copy(psutil__buf *dst, const psutil__buf *src)
{
    if (psutil__buf_reserve(dst, src->len + 1) != 0)
        return psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "process table");
    if (src->len)
        memcpy(dst->data, src->data, src->len);
    dst->data[src->len] = '\0';
    dst->len = src->len;
    return 0;
}

/* Reads a file of the row; on ENOENT/ESRCH decides between "process gone" (drop the
 * row) and "not for this process" (a zombie or kernel thread: leave the field empty). */
static int read_row_file(struct psutil__scan *s, struct psutil__row_files *rf, int file, char state,
                         int *rc)
{
    int err;
    int r = row_read(s, rf, file, &err);
    *rc = 0;
    if (r == 0)
        return READ_OK;
    if (r == PSUTIL_ENOMEM) {
        *rc = psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "process table");
        return READ_GONE;
    }
    if (err == EACCES || err == EPERM)
        return READ_SKIP_FIELD;
    if (state == 'Z')
        return READ_SKIP_FIELD;
    /* Still there? stat through the same directory answers. */
    if (row_read(s, rf, PSUTIL__RF_STAT, &err) != 0)
        return READ_GONE;
    return READ_SKIP_FIELD;
}

/* Appends w and a NUL to the args buffer. */
static int nul_arg(void *arg, const char *w, size_t n)
{
    psutil__buf *t = arg;
    if (psutil__buf_reserve(t, t->len + n + 2) != 0)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "command line");
    memcpy(t->data + t->len, w, n);
    t->len += n;
    t->data[t->len++] = '\0';
    return 0;
}

static int join_arg(void *arg, const char *w, size_t n)
{
    psutil__buf *t = arg;
    if (psutil__buf_reserve(t, t->len + n + 2) != 0)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "command line");
    if (t->len)
        t->data[t->len++] = ' ';
    memcpy(t->data + t->len, w, n);
    t->len += n;
    t->data[t->len] = '\0';
    return 0;
}

static int username_of(struct psutil__scan *s, int64_t uid, const char **off)
{
    int found = cache_find(&s->users, uid, off);
    if (found != 0)
        return found < 0 ? found : 0;
    char buf[4096];
    const char *name = psutil__user_name(uid, buf, sizeof(buf));
    int rc = psutil__pack_str(&s->pk, name, strlen(name), off);
    if (rc == 0)
        cache_set(&s->users, *off);
    return rc;
}

static int terminal_of(struct psutil__scan *s, int64_t tty_nr, const char **off)
{
    char path[300];
    if (tty_nr == 0) {
        *off = s->empty;
        return 0;
    }
    int found = cache_find(&s->ttys, tty_nr, off);
    if (found != 0)
        return found < 0 ? found : 0;
    const char *name = "";
    if (psutil__tty_path(tty_nr, path, sizeof(path)))
        name = strncmp(path, "/dev/", 5) == 0 ? path + 5 : path;
    int rc = psutil__pack_str(&s->pk, name, strlen(name), off);
    if (rc == 0)
        cache_set(&s->ttys, *off);
    return rc;
}

/* ps's CGROUP text and the container id, from /proc/PID/cgroup. A file that cannot be
 * read leaves the bit clear; a process gone meanwhile drops the row (rc set). */
static int cgroup_of(struct psutil__scan *s, struct psutil__row_files *rf, char state,
                     psutil_proc_row_t *r, int *gone)
{
    int rc;
    char id[65];
    int how = read_row_file(s, rf, PSUTIL__RF_CGROUP, state, &rc);
    *gone = how == READ_GONE;
    if (how != READ_OK)
        return rc;
    if (psutil__pf_cgroup_text(s->b.data, s->b.len, &s->cg) != 0)
        return psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "process table");
    psutil__pf_container_id(s->b.data, s->b.len, id);
    if ((rc = psutil__pack_str(&s->pk, s->cg.data, s->cg.len, &r->cgroup)) != 0 ||
        (rc = psutil__pack_str(&s->pk, id, strlen(id), &r->container_id)) != 0)
        return rc;
    r->have |= PSUTIL_PF_CGROUP;
    return 0;
}

/* Swap (VmSwap), locked memory (VmLck) and, unless statm is read for shared, rss and vms
 * (VmRSS, VmSize) from the status in s->b. Kernel threads and zombies have no Vm lines:
 * 0, as statm shows them. A line that is there without a number leaves its field unset. */
static void status_memory(struct psutil__scan *s, uint32_t f, psutil_proc_row_t *r, int *mem_done)
{
    uint64_t v = 0;
    int absent;
    if ((f & PSUTIL_PF_SWAP) &&
        (psutil__kv_u64(s->b.data, s->b.len, "VmSwap", &v, &absent) == 0 || absent)) {
        r->swap = v; /* 0 when absent */
        r->have |= PSUTIL_PF_SWAP;
    }
    v = 0;
    if ((f & PSUTIL_PF_LOCKED) &&
        (psutil__kv_u64(s->b.data, s->b.len, "VmLck", &v, &absent) == 0 || absent)) {
        r->locked = v; /* 0 when absent */
        r->have |= PSUTIL_PF_LOCKED;
    }
    if (!(f & PSUTIL_PF_MEMORY) || (f & PSUTIL_PF_SHARED))
        return;
    uint64_t rss = 0, vms = 0;
    int no_rss, no_vms;
    int a = psutil__kv_u64(s->b.data, s->b.len, "VmRSS", &rss, &no_rss);
    int b = psutil__kv_u64(s->b.data, s->b.len, "VmSize", &vms, &no_vms);
    if ((a == 0 && b == 0) || (no_rss && no_vms)) {
        r->rss = a == 0 ? rss : 0;
        r->vms = b == 0 ? vms : 0;
        r->have |= PSUTIL_PF_MEMORY;
        *mem_done = 1;
    }
}

/* 1 when the row's process still exists: a lookup through its directory (a pid is reused
 * only once its process is reaped, and a reaped process's directory answers nothing). */
static int still_there(struct psutil__row_files *rf)
{
    struct stat sb;
    return fstatat(rf->dirfd, "limits", &sb, 0) == 0;
}

/* The open-files limit: prlimit(2) when the root is the default /proc (a pid there is
 * this process's to ask); the answer is the row's process's once a later read through
 * its directory succeeds (*unproven set: the caller's next read, or still_there()).
 * Else, or when prlimit is refused (another user's process), the limits file. */
static int nofile_of(struct psutil__scan *s, struct psutil__row_files *rf, char state,
                     psutil_proc_row_t *r, int *gone, int *unproven)
{
    int rc;
    struct rlimit rl;
    *gone = 0;
    if (s->own && prlimit((pid_t)r->pid, RLIMIT_NOFILE, NULL, &rl) == 0) {
        *unproven = 1;
        r->nofile.soft = rl.rlim_cur == RLIM_INFINITY ? PSUTIL_RLIM_INFINITY : rl.rlim_cur;
        r->nofile.hard = rl.rlim_max == RLIM_INFINITY ? PSUTIL_RLIM_INFINITY : rl.rlim_max;
        r->have |= PSUTIL_PF_NOFILE;
        return 0;
    }
    int how = read_row_file(s, rf, PSUTIL__RF_LIMITS, state, &rc);
    *gone = how == READ_GONE;
    if (how == READ_OK && psutil__parse_limits_nofile(s->b.data, s->b.len, &r->nofile) == 0)
        r->have |= PSUTIL_PF_NOFILE;
    return rc;
}

int psutil__scan_row(struct psutil__scan *s, struct psutil__row_files *rf, psutil_pid_t pid,
                     int *keep)
{
    int dirfd = rf->dirfd, err;
    psutil_proc_row_t r;
    psutil__pstat st;
    uint32_t f = s->fields;
    int rc = 0, how;
    *keep = 0;
    memset(&r, 0, sizeof(r));
    r.pid = pid;
    r.name = r.username = r.euser = r.terminal = r.cmdline = r.args = s->empty;
    r.cgroup = r.container_id = s->empty;
    /* stat: always, for the start time that identifies the row. */
    if (row_read(s, rf, PSUTIL__RF_STAT, &err) != 0)
        return 0; /* gone */
    if (psutil__parse_pid_stat(s->b.data, s->b.len, &st) != 0)
        return 0; /* a torn read of a dying process: leave it out */
    r.start = st.starttime;
    r.ppid = st.ppid;
    r.pgrp = st.pgrp;
    r.session = st.session;
    r.tpgid = st.tpgid;
    r.have = f & STAT_FIELDS;
    if (f & PSUTIL_PF_STATUS)
        r.status = psutil__status_of(st.state);
    if (f & PSUTIL_PF_CPU_TIMES)
        psutil__pf_cpu_times(&st, s->hz, &r.cpu);
    if (f & PSUTIL_PF_CREATE_TIME)
        r.create_time = psutil__pf_create_time(st.starttime, s->boot, s->hz);
    r.num_threads = st.num_threads;
    r.nice = (int)st.nice;
    r.min_flt = st.minflt;
    r.maj_flt = st.majflt;
    struct psutil__cmdline_cache *cc = rf->cmdline;
    if (cc && cc->ok && (cc->start != st.starttime || st.state == 'Z' || strcmp(cc->comm, st.comm)))
        cc->ok = 0; /* another identity, an execve, or a zombie: read it again */
    if (cc && !cc->ok) {
        cc->start = st.starttime;
        memcpy(cc->comm, st.comm, sizeof(cc->comm));
    }
    if (f & PSUTIL_PF_EUSER) {
        /* The owner of /proc/PID, as ps's USER: one fstat, no file read. */
        struct stat ds;
        if (fstat(dirfd, &ds) == 0) {
            r.euid = ds.st_uid;
            if ((rc = username_of(s, ds.st_uid, &r.euser)) != 0)
                return rc;
            r.have |= PSUTIL_PF_EUSER;
        }
    }
    if ((f & PSUTIL_PF_TERMINAL) && (rc = terminal_of(s, st.tty_nr, &r.terminal)) != 0)
        return rc;
    /* Memory from status when status is read anyway: VmRSS and VmSize are statm's resident
     * and size (task_mem and task_statm sum the same counters), one file fewer. */
    int mem_done = 0, gone = 0, unproven = 0;
    uint32_t status_fields = PSUTIL_PF_UIDS | PSUTIL_PF_USERNAME | PSUTIL_PF_CTX_SWITCHES |
                             PSUTIL_PF_SWAP | PSUTIL_PF_LOCKED;
    /* The limit before status, whose read then proves prlimit asked the row's process. */
    if ((f & PSUTIL_PF_NOFILE) &&
        ((rc = nofile_of(s, rf, st.state, &r, &gone, &unproven)) != 0 || gone))
        return rc;
    if (f & status_fields) {
        how = read_row_file(s, rf, PSUTIL__RF_STATUS, st.state, &rc);
        if (how == READ_GONE)
            return rc;
        unproven &= how != READ_OK;
        psutil_ids_t ids;
        if (how == READ_OK && (f & (PSUTIL_PF_UIDS | PSUTIL_PF_USERNAME)) &&
            psutil__parse_ids(s->b.data, s->b.len, "Uid", &ids) == 0) {
            if (f & PSUTIL_PF_UIDS) {
                r.uids = ids;
                r.have |= PSUTIL_PF_UIDS;
            }
            if (f & PSUTIL_PF_USERNAME) {
                if ((rc = username_of(s, ids.real, &r.username)) != 0)
                    return rc;
                r.have |= PSUTIL_PF_USERNAME;
            }
        }
        const char *missing;
        if (how == READ_OK && (f & PSUTIL_PF_CTX_SWITCHES) &&
            psutil__pf_ctx_switches(s->b.data, s->b.len, &r.ctx, &missing) == 0)
            r.have |= PSUTIL_PF_CTX_SWITCHES;
        if (how == READ_OK)
            status_memory(s, f, &r, &mem_done);
    }
    if ((f & PSUTIL_PF_SHARED) || ((f & PSUTIL_PF_MEMORY) && !mem_done)) {
        /* statm, as psutil_proc_memory_info(), procps and psutil read it: stat's rss is
         * the per-CPU approximation of current kernels and can be off by ~250 KiB. */
        psutil_proc_memory_t m;
        how = read_row_file(s, rf, PSUTIL__RF_STATM, st.state, &rc);
        if (how == READ_GONE)
            return rc;
        if (how == READ_OK && psutil__pf_memory(s->b.data, s->b.len, s->page, &m) == 0) {
            r.vms = m.vms;
            r.rss = m.rss;
            r.shared = m.shared;
            r.have |= f & (PSUTIL_PF_MEMORY | PSUTIL_PF_SHARED);
        }
    }
    const char *name = st.comm;
    size_t nlen = strlen(st.comm);
    int long_name = (f & PSUTIL_PF_NAME) && nlen >= 15;
    if ((f & PSUTIL_PF_CMDLINE) || long_name) {
        /* The monitor's copy while valid; else read and split (and kept in the copy). */
        const psutil__buf *raw = &s->b, *text = &s->text, *args = &s->args;
        if (cc && cc->ok) {
            raw = &cc->raw;
            text = &cc->text;
            args = &cc->args;
            how = READ_OK;
        } else {
            how = read_row_file(s, rf, PSUTIL__RF_CMDLINE, st.state, &rc);
            if (how == READ_GONE)
                return rc;
            s->text.len = 0;
            s->args.len = 0;
            if (how == READ_OK && ((f & PSUTIL_PF_CMDLINE) || cc) &&
                ((rc = psutil__split_cmdline(s->b.data, s->b.len, join_arg, &s->text)) != 0 ||
                 (rc = psutil__split_cmdline(s->b.data, s->b.len, nul_arg, &s->args)) != 0))
                return rc;
            if (how == READ_OK && cc) {
                if ((rc = buf_copy(&cc->raw, &s->b)) != 0 ||
                    (rc = buf_copy(&cc->text, &s->text)) != 0 ||
                    (rc = buf_copy(&cc->args, &s->args)) != 0)
                    return rc;
                cc->ok = 1;
            }
        }
        if (how == READ_OK) {
            if (long_name)
                psutil__full_name(st.comm, raw->data, raw->len, &name, &nlen);
            if (f & PSUTIL_PF_CMDLINE) {
                if ((rc = psutil__pack_str(&s->pk, text->data ? text->data : "", text->len,
                                           &r.cmdline)) != 0 ||
                    (rc = psutil__pack_str(&s->pk, args->data ? args->data : "", args->len,
                                           &r.args)) != 0)
                    return rc;
                r.args_len = args->len;
                r.have |= PSUTIL_PF_CMDLINE;
            }
        }
    }
    /* The name may point into the cmdline buffer: store it before the next read. */
    if ((f & PSUTIL_PF_NAME) && (rc = psutil__pack_str(&s->pk, name, nlen, &r.name)) != 0)
        return rc;
    if (f & PSUTIL_PF_IO) {
        how = read_row_file(s, rf, PSUTIL__RF_IO, st.state, &rc);
        if (how == READ_GONE)
            return rc;
        const char *missing;
        if (how == READ_OK && psutil__pf_io(s->b.data, s->b.len, &r.io, &missing) == 0)
            r.have |= PSUTIL_PF_IO;
    }
    if (unproven && !still_there(rf))
        return 0; /* ended since prlimit: its pid may be another's now */
    if (f & PSUTIL_PF_NUM_FDS) {
        int fd_dir = kept_fd(rf, PSUTIL__RF_FD);
        if ((fd_dir >= 0 ? psutil__pf_count_fds(fd_dir, s->procfs, &r.num_fds, &err)
                         : psutil__pf_num_fds(dirfd, s->procfs, &r.num_fds, &err)) == 0)
            r.have |= PSUTIL_PF_NUM_FDS;
    }
    if ((f & PSUTIL_PF_CGROUP) && ((rc = cgroup_of(s, rf, st.state, &r, &gone)) != 0 || gone))
        return rc;
    int denied;
    if ((f & PSUTIL_PF_NAMESPACES) && psutil__pf_namespaces(dirfd, &r.ns, &denied) > 0)
        r.have |= PSUTIL_PF_NAMESPACES;
    *keep = 1;
    return psutil__pack_add(&s->pk, &r);
}

/* Large tables are scanned by one thread per online CPU (up to 8), each over a
 * contiguous slice of the pid list (psutil__run_slices); measured in docs/BENCHMARKS.md.
 * Below this many processes a thread costs more than it saves. */
#define THREADED_MIN_ROWS 1024
#ifndef PSUTIL_TABLE_MAX_THREADS /* the benchmark builds a 1-thread variant to compare */
#define PSUTIL_TABLE_MAX_THREADS 8
#endif
#define MAX_THREADS PSUTIL_TABLE_MAX_THREADS

/* The scan state of each slice, and what all slices share. */
struct table_job {
    struct psutil__scan s[MAX_THREADS];
    const psutil_pid_t *pids;
    int root;
};

void psutil__scan_init(struct psutil__scan *s, uint32_t fields, double boot)
{
    memset(s, 0, sizeof(*s));
    s->fields = fields;
    s->boot = boot;
    s->hz = (double)psutil__clock_ticks();
    s->page = (uint64_t)psutil__page_size();
    PSUTIL__PACK_INIT(&s->pk, psutil__layout_proc_row);
}

/* The name caches hold offsets into the pack: they go with its strings. */
static void caches_release(struct psutil__scan *s)
{
    psutil__dealloc(s->users.v);
    psutil__dealloc(s->ttys.v);
    psutil__index_release(&s->users.index);
    psutil__index_release(&s->ttys.index);
    memset(&s->users, 0, sizeof(s->users));
    memset(&s->ttys, 0, sizeof(s->ttys));
}

void psutil__scan_reset(struct psutil__scan *s)
{
    psutil__pack_reset(&s->pk);
    caches_release(s);
}

void psutil__scan_release(struct psutil__scan *s)
{
    psutil__pack_release(&s->pk);
    caches_release(s);
    psutil__buf_release(&s->b);
    psutil__buf_release(&s->text);
    psutil__buf_release(&s->args);
    psutil__buf_release(&s->cg);
}

int psutil__scan_begin(struct psutil__scan *s, size_t n)
{
    /* Rows and their strings (name, cmdline: ~100 bytes) sized once, not regrown. */
    int rc = psutil__pack_str(&s->pk, "", 0, &s->empty);
    if (rc == 0)
        rc = psutil__pack_reserve(&s->pk, n, n * 128);
    return rc;
}

static int scan_slice(void *arg, size_t slice, size_t begin, size_t end)
{
    struct table_job *job = arg;
    struct psutil__scan *s = &job->s[slice];
    int rc = psutil__scan_begin(s, end - begin);
    for (size_t i = begin; rc == 0 && i < end; i++) {
        char name[24];
        int keep;
        snprintf(name, sizeof(name), "%lld", (long long)job->pids[i]);
        struct psutil__row_files rf = {
            .dirfd = psutil__openat(job->root, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
        if (rf.dirfd < 0)
            continue; /* gone since the listing */
        rc = psutil__scan_row(s, &rf, job->pids[i], &keep);
        close(rf.dirfd);
    }
    return rc;
}

int psutil__os_proc_table(uint32_t fields, psutil_proc_row_t **out, size_t *out_n)
{
    psutil_pid_t *pids = NULL;
    size_t n = 0, nslices = 0;
    double boot = 0;
    struct table_job job;
    int rc = 0;
    if (fields & PSUTIL_PF_CREATE_TIME)
        rc = psutil__os_boot_time(&boot);
    if (rc == 0)
        rc = psutil__os_pids(&pids, &n);
    if (rc == 0 && (job.root = psutil__root_open(PSUTIL__ROOT_PROC)) < 0)
        rc = job.root;
    if (rc != 0) {
        psutil__dealloc(pids);
        return rc;
    }
    job.pids = pids;
    int procfs = psutil__linux_is_procfs(job.root),
        own = psutil__root_is_default(PSUTIL__ROOT_PROC);
    for (size_t t = 0; t < MAX_THREADS; t++) {
        psutil__scan_init(&job.s[t], fields, boot);
        job.s[t].procfs = procfs;
        job.s[t].own = own;
    }
    rc = psutil__run_slices(n, THREADED_MIN_ROWS, MAX_THREADS, scan_slice, &job, &nslices);
    /* Slices are in pid order: append them to the first. */
    for (size_t t = 1; t < nslices && rc == 0; t++)
        rc = psutil__pack_append(&job.s[0].pk, &job.s[t].pk);
    if (rc == 0)
        rc = psutil__pack_finish(&job.s[0].pk, (void **)out, out_n);
    for (size_t t = 0; t < MAX_THREADS; t++)
        psutil__scan_release(&job.s[t]);
    close(job.root);
    psutil__dealloc(pids);
    return rc;
}
