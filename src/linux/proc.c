/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc.c - process handles and getters on Linux. Every call opens /proc/PID as a
 * directory, reads stat through it and checks the start time recorded when the handle
 * was opened; everything else is read through that directory, which the kernel ties to
 * the process (after it exits, reads through it fail instead of reaching a new process
 * on the same pid). Errors follow SPEC.md: EPERM/EACCES are access denied; ENOENT or
 * ESRCH on a file is no such process once stat is gone too, zombie when stat says Z.
 * Sources: proc(5) and proc.rst for stat, status, statm, io, fd/, fdinfo/, task/,
 * smaps, smaps_rollup, cmdline, environ, exe, cwd, root.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "../os.h"
#include "linux.h"
#include "proc.h"

/* --- the per-call context ---------------------------------------------------------- */

int psutil__proc_errno(int err, const char *what)
{
    if (err == EACCES || err == EPERM)
        return psutil__error(PSUTIL_EACCES, err, NULL, "%s: access denied", what);
    if (err == ENOMEM)
        return psutil__error(PSUTIL_ENOMEM, err, NULL, "%s", what);
    if (err == ENOENT || err == ESRCH)
        return psutil__error(PSUTIL_ENOSUCHPROC, err, NULL, "%s: process gone", what);
    if (err == EINVAL) /* only setters get it: the kernel refused the value */
        return psutil__error(PSUTIL_EINVAL, err, NULL, "%s: rejected by the kernel", what);
    return psutil__error(PSUTIL_EOS, err, NULL, "%s: %s", what, strerror(err));
}

/* Opens /proc/PID as a directory fd. */
static int open_pid_dir(psutil_pid_t pid, int *out)
{
    char name[32];
    int root = psutil__root_open(PSUTIL__ROOT_PROC);
    if (root < 0)
        return root;
    snprintf(name, sizeof(name), "%lld", (long long)pid);
    int fd = psutil__openat(root, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int err = errno;
    close(root);
    if (fd < 0) {
        /* The error names the pid and the directory, as the header promises. */
        char what[48], path[PSUTIL__ROOT_MAX + 32];
        snprintf(what, sizeof(what), "pid %lld", (long long)pid);
        psutil__proc_errno(err, what);
        psutil__root_path(PSUTIL__ROOT_PROC, path);
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "/%s", name);
        return psutil__error_context(path, NULL);
    }
    *out = fd;
    return 0;
}

/* Reads and parses stat through the directory. */
static int read_stat(int dirfd, psutil__buf *b, psutil__pstat *st)
{
    int err;
    if (psutil__read_record_at(dirfd, "stat", b, &err) != 0)
        return psutil__proc_errno(err, "stat");
    return psutil__parse_pid_stat(b->data, b->len, st);
}

int psutil__proc_begin(psutil_proc_t *p, struct psutil__pctx *c)
{
    psutil__buf b = {0};
    memset(c, 0, sizeof(*c));
    c->p = p;
    struct psutil__pcache *cache = p->os_cache;
    if (cache && cache->dirfd >= 0) {
        c->dirfd = cache->dirfd;
        c->st = cache->st;
        c->cache = cache;
        return 0;
    }
    int rc = open_pid_dir(p->pid, &c->dirfd);
    if (rc != 0)
        return rc;
    c->owned = 1;
    rc = read_stat(c->dirfd, &b, &c->st);
    psutil__buf_release(&b);
    if (rc == 0 && c->st.starttime != p->start)
        rc = psutil__error(PSUTIL_ENOSUCHPROC, ESRCH, NULL, "pid %lld was reused",
                           (long long)p->pid);
    if (rc != 0) {
        close(c->dirfd);
        c->dirfd = -1;
        c->owned = 0;
        return rc;
    }
    if (cache) { /* the first call of a oneshot window fills the cache */
        cache->dirfd = c->dirfd;
        cache->st = c->st;
        c->owned = 0;
        c->cache = cache;
    }
    return 0;
}

void psutil__proc_end(struct psutil__pctx *c)
{
    if (c->owned && c->dirfd >= 0)
        close(c->dirfd);
    c->dirfd = -1;
    c->owned = 0;
}

/* After ENOENT/ESRCH on a process file: gone, zombie, or a file this kernel lacks. */
static int gone_or_zombie(struct psutil__pctx *c, int err, const char *file)
{
    psutil__buf b = {0};
    psutil__pstat st;
    int rc = read_stat(c->dirfd, &b, &st);
    psutil__buf_release(&b);
    if (rc != 0 && rc != PSUTIL_ENOSUCHPROC)
        return rc; /* no memory, denied, malformed: not a verdict on the process */
    if (rc != 0 || st.starttime != c->p->start)
        return psutil__error(PSUTIL_ENOSUCHPROC, err, file, "process gone");
    if (st.state == 'Z')
        return psutil__error(PSUTIL_EZOMBIE, err, file, "process is a zombie");
    return psutil__error(PSUTIL_EOS, err, file, "%s missing in a live process", file);
}

/* Names the process file in the failure just recorded (rc): "<procfs root>/PID/file",
 * as the header promises (the path that failed). Returns rc. */
static int with_proc_path(const struct psutil__pctx *c, const char *file, int rc)
{
    char root[PSUTIL__ROOT_MAX], path[PSUTIL__ROOT_MAX + 320];
    psutil__root_path(PSUTIL__ROOT_PROC, root);
    snprintf(path, sizeof(path), "%s/%lld/%.256s", root, (long long)c->p->pid, file);
    psutil__error_context(path, NULL);
    return rc;
}

int psutil__proc_read_opt(struct psutil__pctx *c, const char *file, psutil__buf *b, int *missing)
{
    int err;
    if (psutil__read_at(c->dirfd, file, b, &err) == 0)
        return 0;
    if (err == ENOENT || err == ESRCH) {
        int rc = gone_or_zombie(c, err, file);
        if (rc == PSUTIL_EOS && err == ENOENT && missing) {
            *missing = 1; /* absent in a live process: the caller has another way */
            return 0;
        }
        /* A kernel thread has no address space: environ, smaps, smaps_rollup answer
         * ESRCH although it lives. Read them as empty (psutil 5.9.4 says
         * NoSuchProcess or ZombieProcess here, which it is not). */
        if (rc == PSUTIL_EOS && err == ESRCH && c->st.vsize == 0) {
            b->len = 0;
            b->data[0] = '\0';
            return 0;
        }
        return with_proc_path(c, file, rc);
    }
    return with_proc_path(c, file, psutil__proc_errno(err, file));
}

int psutil__proc_read(struct psutil__pctx *c, const char *file, psutil__buf *b)
{
    return psutil__proc_read_opt(c, file, b, NULL);
}

/* A cached file inside a oneshot window, else a plain read into b. *out points at the
 * buffer holding the content. */
static int read_cached(struct psutil__pctx *c, const char *file, psutil__buf *b, psutil__buf **out)
{
    psutil__buf *slot = NULL;
    int *have = NULL;
    if (c->cache && strcmp(file, "status") == 0) {
        slot = &c->cache->status;
        have = &c->cache->have_status;
    } else if (c->cache && strcmp(file, "statm") == 0) {
        slot = &c->cache->statm;
        have = &c->cache->have_statm;
    }
    if (slot && *have) {
        *out = slot;
        return 0;
    }
    psutil__buf *dst = slot ? slot : b;
    int rc = psutil__proc_read(c, file, dst);
    if (rc == 0) {
        if (have)
            *have = 1;
        *out = dst;
    }
    return rc;
}

/* readlinkat through the process directory, growing the buffer. With `missing`, a link
 * absent from a live process (a kernel thread's exe, an fd closed meanwhile) is 0 with
 * *missing set and *out untouched, not an error. */
static int read_link(struct psutil__pctx *c, int dirfd, const char *name, char **out, int *missing)
{
    size_t cap = 256;
    for (;;) {
        char *buf = psutil__malloc(cap);
        if (!buf)
            return psutil__error(PSUTIL_ENOMEM, 0, NULL, "link");
        ssize_t n = readlinkat(dirfd, name, buf, cap);
        if (n < 0) {
            int err = errno;
            psutil__dealloc(buf);
            if (err != ENOENT && err != ESRCH)
                return psutil__proc_errno(err, name);
            int rc = gone_or_zombie(c, err, name);
            if (rc == PSUTIL_EOS && err == ENOENT && missing) {
                *missing = 1;
                return 0;
            }
            return rc;
        }
        if ((size_t)n < cap) {
            buf[n] = '\0';
            *out = buf;
            return 0;
        }
        psutil__dealloc(buf);
        if (cap > 1 << 20)
            return psutil__error(PSUTIL_EOS, ENAMETOOLONG, NULL, "%s: link too long", name);
        cap *= 4;
    }
}

/* psutil's readlink clean-up: drop what follows a NUL, and " (deleted)" when the path
 * does not exist. */
static void clean_link(char *path)
{
    size_t n = strlen(path);
    const char *del = " (deleted)";
    size_t dl = strlen(del);
    struct stat st;
    if (n > dl && strcmp(path + n - dl, del) == 0 && stat(path, &st) != 0)
        path[n - dl] = '\0';
}

/* --- open, pids, pid_exists ---------------------------------------------------------- */

/* kernel.pid_max, or PID_MAX_LIMIT (64-bit) when it cannot be read. Records nothing: it
 * runs after the open failed, whose error is the one the caller must see. */
static int64_t pid_max(void)
{
    psutil__buf b = {0};
    uint64_t v = 0;
    char root[PSUTIL__ROOT_MAX];
    int err;
    psutil__root_path(PSUTIL__ROOT_PROC, root);
    int procfd = psutil__openat(AT_FDCWD, root, O_RDONLY | O_DIRECTORY);
    if (procfd < 0 || psutil__read_at(procfd, "sys/kernel/pid_max", &b, &err) != 0 ||
        psutil__parse_u64_field(b.data, b.len, &v) != 0)
        v = 4194304;
    if (procfd >= 0)
        close(procfd);
    psutil__buf_release(&b);
    return (int64_t)v;
}

/* 1 when pid is a process (thread-group leader): status Tgid equals the pid. */
static int is_group_leader(int dirfd, psutil_pid_t pid, psutil__buf *b, int *out)
{
    uint64_t tgid;
    int err;
    if (psutil__read_at(dirfd, "status", b, &err) != 0)
        return psutil__proc_errno(err, "status");
    if (psutil__kv_u64(b->data, b->len, "Tgid", &tgid, NULL) != 0)
        return psutil__error(PSUTIL_EPARSE, 0, NULL, "status: no Tgid, or not a number");
    *out = tgid == (uint64_t)pid;
    return 0;
}

int psutil__os_proc_open(psutil_pid_t pid, psutil_proc_t *p)
{
    psutil__buf b = {0};
    psutil__pstat st;
    int dirfd, leader = 0;
    if (pid <= 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "pid %lld out of range", (long long)pid);
    int rc = open_pid_dir(pid, &dirfd);
    /* A pid above kernel.pid_max cannot exist, so the limit is read only when the open
     * fails, not on every open (iteration and children open every process). */
    if (rc == PSUTIL_ENOSUCHPROC && pid > pid_max())
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "pid %lld out of range", (long long)pid);
    if (rc != 0)
        return rc;
    rc = read_stat(dirfd, &b, &st);
    if (rc == 0)
        rc = is_group_leader(dirfd, pid, &b, &leader);
    if (rc == 0 && !leader)
        rc = psutil__error(PSUTIL_ENOSUCHPROC, ESRCH, NULL, "%lld is a thread, not a process",
                           (long long)pid);
    close(dirfd);
    psutil__buf_release(&b);
    if (rc == 0) {
        p->pid = pid;
        p->start = st.starttime;
    }
    return rc;
}

static int cmp_pid(const void *a, const void *b)
{
    psutil_pid_t x = *(const psutil_pid_t *)a, y = *(const psutil_pid_t *)b;
    return x < y ? -1 : x > y;
}

int psutil__os_pids(psutil_pid_t **out, size_t *out_n)
{
    int root = psutil__root_open(PSUTIL__ROOT_PROC);
    if (root < 0)
        return root;
    psutil_pid_t *v = NULL;
    size_t cap = 0;
    int rc = psutil__linux_pids_at(root, &v, &cap, out_n);
    close(root);
    if (rc != 0)
        psutil__dealloc(v);
    else
        *out = v;
    return rc;
}

int psutil__linux_pids_at(int root, psutil_pid_t **pids, size_t *cap, size_t *out_n)
{
    /* A directory stream of its own: root stays open, at its own offset. */
    DIR *d = psutil__opendirat(root, ".");
    if (!d)
        return psutil__proc_errno(errno, "list /proc");
    size_t n = 0;
    int sorted = 1, err;
    struct dirent *e;
    int rc = 0;
    while ((e = psutil__readdir(d, &err)) != NULL) {
        uint64_t pid;
        if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
            psutil__parse_u64_field(e->d_name, strlen(e->d_name), &pid) != 0 || pid > INT64_MAX)
            continue;
        if ((rc = psutil__grow(pids, cap, n, sizeof(**pids), 512, "pid list")) != 0)
            break;
        (*pids)[n] = (psutil_pid_t)pid;
        sorted &= n == 0 || (*pids)[n - 1] < (*pids)[n];
        n++;
    }
    closedir(d);
    if (rc == 0 && err != 0)
        rc = psutil__error(err == ENOMEM ? PSUTIL_ENOMEM : PSUTIL_EOS, err, NULL, "list /proc: %s",
                           strerror(err));
    if (rc != 0)
        return rc;
    /* procfs lists pids in order; a fixture tree's directory need not. */
    if (!sorted)
        qsort(*pids, n, sizeof(**pids), cmp_pid);
    if (!*pids && (rc = psutil__grow(pids, cap, 0, sizeof(**pids), 1, "pid list")) != 0)
        return rc;
    *out_n = n;
    return 0;
}

int psutil__os_pid_exists(psutil_pid_t pid, int *out)
{
    psutil__buf b = {0};
    int dirfd, leader = 0;
    if (pid <= 0) {
        *out = 0;
        return 0;
    }
    int rc = open_pid_dir(pid, &dirfd);
    if (rc == PSUTIL_ENOSUCHPROC) {
        *out = 0;
        return 0;
    }
    if (rc != 0)
        return rc;
    rc = is_group_leader(dirfd, pid, &b, &leader);
    close(dirfd);
    psutil__buf_release(&b);
    if (rc == PSUTIL_ENOSUCHPROC) {
        *out = 0;
        return 0;
    }
    if (rc == 0)
        *out = leader;
    return rc;
}

/* --- oneshot ----------------------------------------------------------------------- */

int psutil__os_proc_oneshot_begin(psutil_proc_t *p)
{
    struct psutil__pcache *c = psutil__calloc(1, sizeof(*c));
    if (!c)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "oneshot cache");
    c->dirfd = -1;
    p->os_cache = c;
    return 0;
}

void psutil__os_proc_oneshot_end(psutil_proc_t *p)
{
    struct psutil__pcache *c = p->os_cache;
    if (!c)
        return;
    if (c->dirfd >= 0)
        close(c->dirfd);
    psutil__buf_release(&c->status);
    psutil__buf_release(&c->statm);
    psutil__dealloc(c);
    p->os_cache = NULL;
}

/* --- getters from stat --------------------------------------------------------------- */

#define WITH_CTX(p, c)                                                                             \
    struct psutil__pctx c;                                                                         \
    int rc = psutil__proc_begin(p, &c);                                                            \
    if (rc != 0)                                                                                   \
    return rc

/* Getters answered by stat alone. */
#define STAT_GETTER(name, type, expr)                                                              \
    int psutil__os_proc_##name(psutil_proc_t *p, type *out)                                        \
    {                                                                                              \
        WITH_CTX(p, c);                                                                            \
        psutil__proc_end(&c);                                                                      \
        const psutil__pstat *st = &c.st;                                                           \
        *out = (expr);                                                                             \
        return 0;                                                                                  \
    }

int psutil__status_of(char state)
{
    switch (state) {
    case 'R':
        return PSUTIL_STATUS_RUNNING;
    case 'S':
        return PSUTIL_STATUS_SLEEPING;
    case 'D':
        return PSUTIL_STATUS_DISK_SLEEP;
    case 'T':
        return PSUTIL_STATUS_STOPPED;
    case 't':
        return PSUTIL_STATUS_TRACING_STOP;
    case 'Z':
        return PSUTIL_STATUS_ZOMBIE;
    case 'X':
    case 'x':
        return PSUTIL_STATUS_DEAD;
    case 'K':
        return PSUTIL_STATUS_WAKE_KILL;
    case 'W':
        return PSUTIL_STATUS_WAKING;
    case 'I':
        return PSUTIL_STATUS_IDLE;
    case 'P':
        return PSUTIL_STATUS_PARKED;
    default:
        return 0;
    }
}

STAT_GETTER(ppid, psutil_pid_t, st->ppid)
STAT_GETTER(status, int, psutil__status_of(st->state))
STAT_GETTER(nice, int, (int)st->nice)
STAT_GETTER(num_threads, int64_t, st->num_threads)
STAT_GETTER(cpu_num, int, (int)st->processor)
STAT_GETTER(page_faults, psutil_page_faults_t,
            ((psutil_page_faults_t){.minor = st->minflt, .major = st->majflt}))

int psutil__os_proc_create_time(psutil_proc_t *p, double *out)
{
    double bt;
    WITH_CTX(p, c); /* the start time is known, but the answer must be this process's */
    psutil__proc_end(&c);
    rc = psutil__os_boot_time(&bt);
    if (rc == 0)
        *out = psutil__pf_create_time(p->start, bt, (double)psutil__clock_ticks());
    return rc;
}

/* --- strings ------------------------------------------------------------------------- */

static int copy_str(const char *s, size_t n, char **out)
{
    char *r = psutil__malloc(n + 1);
    if (!r)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "string result");
    memcpy(r, s, n);
    r[n] = '\0';
    *out = r;
    return 0;
}

struct argv_collect {
    size_t n, bytes;
    char **v;   /* second pass: pointer slots */
    char *text; /* second pass: string area */
};

static int argv_count(void *arg, const char *s, size_t n)
{
    struct argv_collect *a = arg;
    (void)s;
    a->n++;
    a->bytes += n + 1;
    return 0;
}

static int argv_fill(void *arg, const char *s, size_t n)
{
    struct argv_collect *a = arg;
    memcpy(a->text, s, n);
    a->text[n] = '\0';
    a->v[a->n++] = a->text;
    a->text += n + 1;
    return 0;
}

/* Splits a cmdline image into one block: n pointers, then the strings. */
static int argv_block(const char *buf, size_t len, char ***out, size_t *out_n)
{
    struct argv_collect a = {0, 0, NULL, NULL};
    psutil__split_cmdline(buf, len, argv_count, &a);
    char **block = psutil__malloc(a.n * sizeof(char *) + a.bytes + 1);
    if (!block)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "cmdline");
    size_t n = a.n;
    a.n = 0;
    a.v = block;
    a.text = (char *)(block + n);
    psutil__split_cmdline(buf, len, argv_fill, &a);
    *out = block;
    *out_n = n;
    return 0;
}

int psutil__os_proc_cmdline(psutil_proc_t *p, char ***out, size_t *out_n)
{
    psutil__buf b = {0};
    WITH_CTX(p, c);
    rc = psutil__proc_read(&c, "cmdline", &b);
    if (rc == 0)
        rc = argv_block(b.data, b.len, out, out_n);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

struct first_arg {
    const char *s;
    size_t n;
};

static int take_first(void *arg, const char *s, size_t n)
{
    struct first_arg *a = arg;
    a->s = s;
    a->n = n;
    return 1; /* stop: only argv[0] is wanted */
}

void psutil__full_name(const char *comm, const char *cmdline, size_t len, const char **name,
                       size_t *nlen)
{
    size_t clen = strlen(comm);
    struct first_arg a = {NULL, 0};
    *name = comm;
    *nlen = clen;
    /* comm holds 15 characters; when it is a prefix of the basename of argv[0], that
     * basename is the full name (psutil). argv[0] is the first argument as cmdline()
     * splits it: a title rewritten with spaces ("myworker: busy processing") splits on
     * them, so its argv[0] is "myworker:", which does not start with the comm. */
    if (clen < 15 || len == 0)
        return;
    psutil__split_cmdline(cmdline, len, take_first, &a);
    if (!a.s)
        return;
    const char *base = a.s;
    for (size_t i = 0; i < a.n; i++)
        if (a.s[i] == '/')
            base = a.s + i + 1;
    size_t blen = (size_t)(a.s + a.n - base);
    if (blen >= clen && memcmp(base, comm, clen) == 0) {
        *name = base;
        *nlen = blen;
    }
}

int psutil__os_proc_name(psutil_proc_t *p, char **out)
{
    psutil__buf b = {0};
    const char *name;
    size_t nlen;
    WITH_CTX(p, c);
    /* An unreadable cmdline keeps comm. */
    if (strlen(c.st.comm) < 15 || psutil__proc_read(&c, "cmdline", &b) != 0)
        b.len = 0;
    psutil__full_name(c.st.comm, b.data, b.len, &name, &nlen);
    rc = copy_str(name, nlen, out);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

static int link_getter(psutil_proc_t *p, const char *which, int empty_when_missing, char **out)
{
    char *path = NULL;
    int missing = 0;
    WITH_CTX(p, c);
    rc = read_link(&c, c.dirfd, which, &path, empty_when_missing ? &missing : NULL);
    /* exe of a kernel thread (absent in a live process) or of a zombie: "", as psutil,
     * not an error. */
    if (empty_when_missing && (missing || rc == PSUTIL_EZOMBIE))
        rc = copy_str("", 0, &path);
    if (rc == 0) {
        clean_link(path);
        *out = path;
    }
    psutil__proc_end(&c);
    return rc;
}

int psutil__os_proc_exe(psutil_proc_t *p, char **out)
{
    int rc = link_getter(p, "exe", 1, out);
    if (rc != PSUTIL_EACCES)
        return rc;
    /* Another user's exe link is closed to us: psutil then takes argv[0] when it is an
     * absolute path to an executable file (psutil.Process.exe's guess), and so do we. */
    char **argv;
    size_t argc;
    struct stat st;
    if (psutil__os_proc_cmdline(p, &argv, &argc) != 0)
        return rc;
    if (argc > 0 && argv[0][0] == '/' && stat(argv[0], &st) == 0 && S_ISREG(st.st_mode) &&
        access(argv[0], X_OK) == 0) {
        size_t len = strlen(argv[0]);
        char *copy = psutil__malloc(len + 1);
        if (copy) {
            memcpy(copy, argv[0], len + 1);
            *out = copy;
            rc = 0;
        } else {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "exe");
        }
    }
    psutil__dealloc(argv);
    return rc;
}

int psutil__os_proc_cwd(psutil_proc_t *p, char **out)
{
    return link_getter(p, "cwd", 0, out);
}

int psutil__os_proc_root(psutil_proc_t *p, char **out)
{
    return link_getter(p, "root", 0, out);
}

struct env_collect {
    psutil__pack pk;
    psutil__index keys; /* key -> record position, so repeated keys cost O(1) */
    const char *k;      /* the key being looked up */
    size_t kl;
};

static int env_same_key(void *ctx, size_t pos)
{
    struct env_collect *e = ctx;
    const psutil_env_var_t *old = (const psutil_env_var_t *)(e->pk.recs + pos * e->pk.recsize);
    const char *ok = e->pk.strs + (uintptr_t)old->key;
    return strlen(ok) == e->kl && memcmp(ok, e->k, e->kl) == 0;
}

static int env_add(void *arg, const char *k, size_t kl, const char *v, size_t vl)
{
    struct env_collect *e = arg;
    psutil_env_var_t var;
    size_t pos;
    e->k = k;
    e->kl = kl;
    /* A repeated key keeps its first place and takes the last value (a dict in psutil). */
    int found = psutil__index_find_or_add(&e->keys, psutil__hash_bytes(k, kl), env_same_key, e,
                                          e->pk.n, &pos);
    if (found < 0)
        return found;
    if (found) {
        psutil_env_var_t *old = (psutil_env_var_t *)(e->pk.recs + pos * e->pk.recsize);
        return psutil__pack_str(&e->pk, v, vl, &old->value);
    }
    int rc = psutil__pack_str(&e->pk, k, kl, &var.key);
    if (rc == 0)
        rc = psutil__pack_str(&e->pk, v, vl, &var.value);
    return rc ? rc : psutil__pack_add(&e->pk, &var);
}

int psutil__os_proc_environ(psutil_proc_t *p, psutil_env_var_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    struct env_collect e;
    WITH_CTX(p, c);
    memset(&e, 0, sizeof(e));
    PSUTIL__PACK_INIT(&e.pk, psutil__layout_env_var);
    rc = psutil__proc_read(&c, "environ", &b);
    if (rc == 0)
        rc = psutil__split_environ(b.data, b.len, env_add, &e);
    if (rc == 0)
        rc = psutil__pack_finish(&e.pk, (void **)out, out_n);
    psutil__pack_release(&e.pk);
    psutil__index_release(&e.keys);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

int psutil__tty_path(int64_t tty_nr, char *buf, size_t size)
{
    unsigned maj = (unsigned)((tty_nr >> 8) & 0xfff);
    unsigned min = (unsigned)((tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00));
    dev_t want = makedev(maj, min);
    struct stat st;
    if (maj >= 136 && maj <= 143)
        snprintf(buf, size, "/dev/pts/%u", (maj - 136) * 256 + min);
    else if (maj == 4 && min < 64)
        snprintf(buf, size, "/dev/tty%u", min);
    else if (maj == 4)
        snprintf(buf, size, "/dev/ttyS%u", min - 64);
    else
        buf[0] = '\0';
    if (buf[0] && stat(buf, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == want)
        return 1;
    static const char *const dirs[] = {"/dev", "/dev/pts"};
    for (size_t i = 0; i < 2; i++) {
        /* Best effort: a /dev that cannot be listed leaves the terminal unknown. */
        DIR *d = psutil__opendirat(AT_FDCWD, dirs[i]);
        struct dirent *e;
        int err;
        while (d && (e = psutil__readdir(d, &err)) != NULL) {
            if (e->d_name[0] == '.' || (i == 0 && strncmp(e->d_name, "tty", 3) != 0))
                continue;
            snprintf(buf, size, "%s/%s", dirs[i], e->d_name);
            if (stat(buf, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == want) {
                closedir(d);
                return 1;
            }
        }
        if (d)
            closedir(d);
    }
    return 0;
}

int psutil__os_proc_terminal(psutil_proc_t *p, char **out)
{
    char path[300] = "";
    WITH_CTX(p, c);
    psutil__proc_end(&c);
    if (c.st.tty_nr != 0 && !psutil__tty_path(c.st.tty_nr, path, sizeof(path)))
        path[0] = '\0';
    return copy_str(path, strlen(path), out);
}

/* --- status-file getters ------------------------------------------------------------- */

static int status_ids(psutil_proc_t *p, const char *key, psutil_ids_t *ids)
{
    psutil__buf b = {0}, *s;
    WITH_CTX(p, c);
    rc = read_cached(&c, "status", &b, &s);
    if (rc == 0)
        rc = psutil__parse_ids(s->data, s->len, key, ids);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

int psutil__os_proc_uids(psutil_proc_t *p, psutil_ids_t *out)
{
    return status_ids(p, "Uid", out);
}

int psutil__os_proc_gids(psutil_proc_t *p, psutil_ids_t *out)
{
    return status_ids(p, "Gid", out);
}

int psutil__os_proc_num_ctx_switches(psutil_proc_t *p, psutil_ctx_switches_t *out)
{
    psutil__buf b = {0}, *s;
    WITH_CTX(p, c);
    const char *missing = "";
    rc = read_cached(&c, "status", &b, &s);
    if (rc == 0 && psutil__pf_ctx_switches(s->data, s->len, out, &missing) != 0)
        rc = psutil__error(PSUTIL_EPARSE, 0, NULL, "status: no %s", missing);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

const char *psutil__user_name(int64_t uid, char *buf, size_t size)
{
    struct passwd pw, *res = NULL;
    if (getpwuid_r((uid_t)uid, &pw, buf, size, &res) == 0 && res)
        return res->pw_name;
    snprintf(buf, size, "%lld", (long long)uid);
    return buf;
}

int psutil__os_proc_username(psutil_proc_t *p, char **out)
{
    psutil_ids_t uids;
    int rc = psutil__os_proc_uids(p, &uids);
    if (rc != 0)
        return rc;
    char buf[4096];
    const char *name = psutil__user_name(uids.real, buf, sizeof(buf));
    return copy_str(name, strlen(name), out);
}

/* --- CPU, I/O, threads ------------------------------------------------------------------ */

int psutil__os_proc_cpu_times(psutil_proc_t *p, psutil_proc_cpu_times_t *out)
{
    WITH_CTX(p, c);
    psutil__proc_end(&c);
    psutil__pf_cpu_times(&c.st, (double)psutil__clock_ticks(), out);
    return 0;
}

int psutil__os_proc_io_counters(psutil_proc_t *p, psutil_proc_io_t *out)
{
    psutil__buf b = {0};
    WITH_CTX(p, c);
    const char *missing = "";
    rc = psutil__proc_read(&c, "io", &b);
    if (rc == 0 && psutil__pf_io(b.data, b.len, out, &missing) != 0)
        rc = psutil__error(PSUTIL_EPARSE, 0, NULL, "io: no %s", missing);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

/* Lists the numeric entries of dirfd/sub ("fd", "task") in ascending order. */
static int list_numeric(struct psutil__pctx *c, const char *sub, int64_t **out, size_t *n,
                        int *subfd_out)
{
    int fd = psutil__openat(c->dirfd, sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT || err == ESRCH)
            return gone_or_zombie(c, err, sub);
        return psutil__proc_errno(err, sub);
    }
    int dupfd = subfd_out ? dup(fd) : -1;
    DIR *d = fdopendir(fd);
    int64_t *v = NULL;
    size_t cap = 0, cnt = 0;
    struct dirent *e;
    int rc = 0, err = errno;
    if (!d) {
        close(fd);
        if (dupfd >= 0)
            close(dupfd);
        return psutil__proc_errno(err, sub);
    }
    while ((e = psutil__readdir(d, &err)) != NULL) {
        uint64_t x;
        if (e->d_name[0] < '0' || e->d_name[0] > '9' ||
            psutil__parse_u64_field(e->d_name, strlen(e->d_name), &x) != 0 || x > INT64_MAX)
            continue;
        if ((rc = psutil__grow(&v, &cap, cnt, sizeof(*v), 64, sub)) != 0)
            break;
        v[cnt++] = (int64_t)x;
    }
    closedir(d);
    if (rc == 0 && err != 0)
        rc = err == ENOENT || err == ESRCH ? gone_or_zombie(c, err, sub)
                                           : psutil__proc_errno(err, sub);
    if (rc != 0) {
        psutil__dealloc(v);
        if (dupfd >= 0)
            close(dupfd);
        return rc;
    }
    if (cnt > 1)
        qsort(v, cnt, sizeof(*v), cmp_pid);
    *out = v;
    *n = cnt;
    if (subfd_out)
        *subfd_out = dupfd;
    return 0;
}

int psutil__os_proc_num_fds(psutil_proc_t *p, int64_t *out)
{
    int err = 0;
    WITH_CTX(p, c);
    if (psutil__pf_num_fds(c.dirfd, psutil__linux_is_procfs(c.dirfd), out, &err) != 0)
        rc = err == ENOENT || err == ESRCH ? gone_or_zombie(&c, err, "fd")
                                           : psutil__proc_errno(err, "fd");
    psutil__proc_end(&c);
    return rc;
}

int psutil__os_proc_threads(psutil_proc_t *p, psutil_thread_t **out, size_t *out_n)
{
    int64_t *tids = NULL;
    size_t n = 0, k = 0;
    int taskfd = -1;
    psutil__buf b = {0};
    psutil_thread_t *res = NULL;
    double hz = (double)psutil__clock_ticks();
    WITH_CTX(p, c);
    rc = list_numeric(&c, "task", &tids, &n, &taskfd);
    if (rc == 0 && !(res = psutil__malloc((n ? n : 1) * sizeof(*res))))
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "threads");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char rel[48];
        psutil__pstat st;
        snprintf(rel, sizeof(rel), "%lld/stat", (long long)tids[i]);
        int err;
        if (psutil__read_at(taskfd, rel, &b, &err) != 0) {
            if (err == ENOENT || err == ESRCH)
                continue; /* the thread ended meanwhile */
            rc = psutil__proc_errno(err, "task stat");
            break;
        }
        if ((rc = psutil__parse_pid_stat(b.data, b.len, &st)) != 0)
            break;
        res[k].id = tids[i];
        res[k].user = (double)st.utime / hz;
        res[k].system = (double)st.stime / hz;
        k++;
    }
    if (rc == 0) {
        *out = res;
        *out_n = k;
        res = NULL;
    }
    psutil__dealloc(res);
    psutil__dealloc(tids);
    psutil__buf_release(&b);
    if (taskfd >= 0)
        close(taskfd);
    psutil__proc_end(&c);
    return rc;
}

static const char *mode_of(int flags)
{
    int acc = flags & O_ACCMODE;
    if (acc == O_RDONLY)
        return "r";
    if (acc == O_WRONLY)
        return flags & O_APPEND ? "a" : "w";
    return flags & O_APPEND ? "a+" : "r+";
}

int psutil__os_proc_open_files(psutil_proc_t *p, psutil_open_file_t **out, size_t *out_n)
{
    int64_t *fds = NULL;
    size_t n = 0;
    int fdfd = -1;
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_open_file);
    WITH_CTX(p, c);
    rc = list_numeric(&c, "fd", &fds, &n, &fdfd);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char name[32], info[48], *path = NULL;
        struct stat st;
        uint64_t pos;
        int flags;
        snprintf(name, sizeof(name), "%lld", (long long)fds[i]);
        int closed = 0;
        rc = read_link(&c, fdfd, name, &path, &closed);
        if (rc == 0 && closed)
            continue; /* the fd was closed meanwhile */
        if (rc != 0)
            break;
        /* Regular files only, checked on the path as psutil does (a deleted file is
         * no longer one). */
        if (path[0] != '/' || stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
            psutil__dealloc(path);
            continue;
        }
        snprintf(info, sizeof(info), "fdinfo/%lld", (long long)fds[i]);
        int err;
        if (psutil__read_at(c.dirfd, info, &b, &err) != 0) {
            psutil__dealloc(path);
            if (err == ENOENT)
                continue;
            rc = psutil__proc_errno(err, "fdinfo");
            break;
        }
        if ((rc = psutil__parse_fdinfo(b.data, b.len, &pos, &flags)) == 0) {
            psutil_open_file_t f = {.fd = (int)fds[i], .position = pos, .flags = flags};
            const char *m = mode_of(flags);
            if ((rc = psutil__pack_str(&pk, path, strlen(path), &f.path)) == 0 &&
                (rc = psutil__pack_str(&pk, m, strlen(m), &f.mode)) == 0)
                rc = psutil__pack_add(&pk, &f);
        }
        psutil__dealloc(path);
    }
    if (rc == 0)
        rc = psutil__pack_finish(&pk, (void **)out, out_n);
    psutil__pack_release(&pk);
    psutil__dealloc(fds);
    psutil__buf_release(&b);
    if (fdfd >= 0)
        close(fdfd);
    psutil__proc_end(&c);
    return rc;
}

/* --- memory -------------------------------------------------------------------------- */

static int read_statm(struct psutil__pctx *c, psutil_proc_memory_t *m)
{
    psutil__buf b = {0}, *s;
    int rc = read_cached(c, "statm", &b, &s);
    if (rc == 0)
        rc = psutil__pf_memory(s->data, s->len, (uint64_t)psutil__page_size(), m);
    psutil__buf_release(&b);
    return rc;
}

int psutil__os_proc_memory_info(psutil_proc_t *p, psutil_proc_memory_t *out)
{
    WITH_CTX(p, c);
    rc = read_statm(&c, out);
    psutil__proc_end(&c);
    return rc;
}

int psutil__os_proc_memory_info_ex(psutil_proc_t *p, psutil_proc_memory_ex_t *out)
{
    static const char *const keys[7] = {"VmHWM",    "VmPeak", "RssAnon",     "RssFile",
                                        "RssShmem", "VmSwap", "HugetlbPages"};
    uint64_t v[7] = {0};
    psutil__buf b = {0}, *s;
    WITH_CTX(p, c);
    rc = read_statm(&c, &out->base);
    if (rc == 0)
        rc = read_cached(&c, "status", &b, &s);
    /* Kernel threads and zombies have none of these lines: 0, as psutil. Lines that
     * older kernels lack (RssAnon before 4.5) are 0 too. */
    for (int i = 0; rc == 0 && i < 7; i++) {
        int absent;
        if (psutil__kv_u64(s->data, s->len, keys[i], &v[i], &absent) != 0 && !absent)
            rc = psutil__error(PSUTIL_EPARSE, 0, NULL, "status: %s is not a number", keys[i]);
    }
    if (rc == 0) {
        out->peak_rss = v[0];
        out->peak_vms = v[1];
        out->rss_anon = v[2];
        out->rss_file = v[3];
        out->rss_shmem = v[4];
        out->swap = v[5];
        out->hugetlb = v[6];
    }
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

/* smaps_rollup (Linux 4.14+), else smaps summed: USS, PSS and swap. */
static int read_footprint(struct psutil__pctx *c, psutil_proc_memory_footprint_t *f)
{
    psutil__buf b = {0};
    int missing = 0;
    int rc = psutil__proc_read_opt(c, "smaps_rollup", &b, &missing);
    if (rc == 0 && missing) /* before Linux 4.14 */
        rc = psutil__proc_read(c, "smaps", &b);
    if (rc == 0)
        rc = psutil__parse_smaps_totals(b.data, b.len, &f->uss, &f->pss, &f->swap);
    psutil__buf_release(&b);
    return rc;
}

int psutil__os_proc_memory_full_info(psutil_proc_t *p, psutil_proc_memory_full_t *out)
{
    psutil_proc_memory_footprint_t f;
    WITH_CTX(p, c);
    rc = read_statm(&c, &out->base);
    if (rc == 0)
        rc = read_footprint(&c, &f);
    if (rc == 0) {
        out->uss = f.uss;
        out->pss = f.pss;
        out->swap = f.swap;
    }
    psutil__proc_end(&c);
    return rc;
}

int psutil__os_proc_memory_footprint(psutil_proc_t *p, psutil_proc_memory_footprint_t *out)
{
    WITH_CTX(p, c);
    rc = read_footprint(&c, out);
    psutil__proc_end(&c);
    return rc;
}

/* One smaps entry: psutil drops " (deleted)" from a path that no longer exists, and an
 * entry without a path is "[anon]". */
static int add_map(void *arg, const psutil__smap *m)
{
    psutil__maps *maps = arg;
    const char *path = m->path;
    size_t plen = m->path_len;
    char clean[4096];
    if (plen == 0) {
        path = "[anon]";
        plen = 6;
    } else if (plen < sizeof(clean)) {
        memcpy(clean, path, plen);
        clean[plen] = '\0';
        clean_link(clean);
        path = clean;
        plen = strlen(clean);
    }
    psutil_memory_map_t r = {.rss = m->v[0],
                             .size = m->v[1],
                             .pss = m->v[2],
                             .shared_clean = m->v[3],
                             .shared_dirty = m->v[4],
                             .private_clean = m->v[5],
                             .private_dirty = m->v[6],
                             .referenced = m->v[7],
                             .anonymous = m->v[8],
                             .swap = m->v[9]};
    return psutil__maps_add(maps, path, plen, m->addr, m->addr_len, m->perms, m->perms_len, &r);
}

int psutil__os_proc_memory_maps(psutil_proc_t *p, int grouped, psutil_memory_map_t **out,
                                size_t *out_n)
{
    psutil__maps maps;
    psutil__maps_init(&maps, grouped);
    psutil__buf b = {0};
    WITH_CTX(p, c);
    /* A zombie's smaps is empty: no mappings, as psutil 5.9.4 answers. */
    rc = psutil__proc_read(&c, "smaps", &b);
    if (rc == 0)
        rc = psutil__parse_smaps(b.data, b.len, add_map, &maps);
    if (rc == 0)
        rc = psutil__maps_finish(&maps, out, out_n);
    psutil__maps_release(&maps);
    psutil__buf_release(&b);
    psutil__proc_end(&c);
    return rc;
}

/* --- tree -------------------------------------------------------------------------------- */

int psutil__os_ppid_map(psutil__ppid_entry **out, size_t *out_n)
{
    psutil_pid_t *pids = NULL;
    size_t n = 0, k = 0;
    psutil__buf b = {0};
    int rc = psutil__os_pids(&pids, &n);
    if (rc != 0)
        return rc;
    int root = psutil__root_open(PSUTIL__ROOT_PROC);
    psutil__ppid_entry *v = psutil__malloc((n ? n : 1) * sizeof(*v));
    if (root < 0 || !v) {
        rc = root < 0 ? root : psutil__error(PSUTIL_ENOMEM, 0, NULL, "ppid map");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char rel[48];
        psutil__pstat st;
        snprintf(rel, sizeof(rel), "%lld/stat", (long long)pids[i]);
        int r = psutil__read_at(root, rel, &b, NULL);
        if (r == PSUTIL_ENOMEM) {
            rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "ppid map");
            goto out;
        }
        if (r != 0 || psutil__parse_pid_stat(b.data, b.len, &st) != 0)
            continue; /* gone meanwhile */
        v[k].pid = pids[i];
        v[k].ppid = st.ppid;
        v[k].start = st.starttime;
        k++;
    }
    *out = v;
    *out_n = k;
    v = NULL;
out:
    if (root >= 0)
        close(root);
    psutil__dealloc(v);
    psutil__dealloc(pids);
    psutil__buf_release(&b);
    return rc;
}

/* --- cgroups, container, namespaces ---------------------------------------------------- */

static int add_cgroup(void *arg, const char *id, size_t idl, const char *ctl, size_t cl,
                      const char *path, size_t pl)
{
    psutil__pack *pk = arg;
    uint64_t h;
    if (psutil__parse_u64_field(id, idl, &h) != 0 || h > INT32_MAX)
        return 0; /* not a hierarchy id: skipped like any malformed line */
    psutil_cgroup_t r = {.hierarchy = (int)h};
    int rc = psutil__pack_str(pk, ctl, cl, &r.controllers);
    if (rc == 0 && (rc = psutil__pack_str(pk, path, pl, &r.path)) == 0)
        rc = psutil__pack_add(pk, &r);
    return rc;
}

int psutil__os_proc_cgroups(psutil_proc_t *p, psutil_cgroup_t **out, size_t *out_n)
{
    psutil__buf b = {0};
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_cgroup);
    int rc = psutil__linux_read_cgroup(p, &b);
    if (rc == 0)
        rc = psutil__pf_each_cgroup_line(b.data, b.len, add_cgroup, &pk);
    psutil__buf_release(&b);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc == PSUTIL_ENOMEM ? psutil__error(rc, ENOMEM, NULL, "cgroup list") : rc;
    }
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

int psutil__os_proc_container_id(psutil_proc_t *p, char **out)
{
    psutil__buf b = {0};
    char id[65];
    int rc = psutil__linux_read_cgroup(p, &b);
    if (rc == 0) {
        psutil__pf_container_id(b.data, b.len, id);
        rc = copy_str(id, strlen(id), out);
    }
    psutil__buf_release(&b);
    return rc;
}

int psutil__os_proc_namespaces(psutil_proc_t *p, psutil_namespaces_t *out)
{
    int denied;
    psutil_namespaces_t ns;
    WITH_CTX(p, c);
    /* Read through the directory fd of the proven process: once it is gone the links
     * fail, they never show a process that reused the pid. */
    int read = psutil__pf_namespaces(c.dirfd, &ns, &denied);
    psutil__proc_end(&c);
    if (read == 0 && denied)
        return psutil__error(PSUTIL_EACCES, EACCES, NULL, "pid %lld: ns/", (long long)p->pid);
    if (read == 0)
        return psutil__error(PSUTIL_ENOSUCHPROC, ESRCH, NULL, "pid %lld: ns/", (long long)p->pid);
    *out = ns;
    return 0;
}
