/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc_monitor.c - the process monitor on Linux: the process table's row reader
 * (proc_table.c) over fds kept between refreshes. Per process identity it keeps the
 * /proc/PID directory fd and the fds of the files the mask reads every time, and
 * preads them at offset 0 (seq_file regenerates a file read from the start); a kept fd
 * of an ended process answers ESRCH, so a reused pid can only be read as a new entry.
 * The command line is cached per identity (psutil__cmdline_cache). Entries are kept in
 * pid order and merged with each refresh's listing of /proc. The rows are built in a
 * pack the monitor reuses refresh after refresh and handed out in place (no copy, no
 * fresh pages), with the rates beside them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../os.h"
#include "proc_table.h"

/* One process identity the monitor follows. */
struct entry {
    psutil_pid_t pid;
    int dirfd; /* /proc/PID kept open, or -1 (opened per refresh when fds ran out) */
    int kept[PSUTIL__RF_KEPT];
    struct psutil__cmdline_cache cmd;
    psutil_proc_row_t last; /* the previous refresh's figures, for rates (no strings) */
    int have_last;
};

struct psutil__os_monitor {
    uint32_t fields;
    int root;            /* the procfs root at creation */
    struct entry **ents; /* in pid order */
    size_t n, cap;
    struct entry **next; /* the next refresh's entries are merged here, then swapped */
    psutil_pid_t *pids;  /* the listing, reused */
    size_t pids_cap;
    size_t budget;         /* fds it may still open and keep */
    double last_refresh;   /* CLOCK_MONOTONIC seconds, 0 before the first refresh */
    struct psutil__scan s; /* its pack holds the rows handed out */
    psutil_proc_rate_t *rates;
    size_t rates_cap;
};

/* RLIMIT_NOFILE raised to its hard limit (at most this); the monitor keeps all but an
 * eighth of it (at least 256 fds) open, the rest is the caller's. */
#define NOFILE_CEILING 1048576

static long test_budget = -1;

void psutil__test_monitor_fd_budget(long n)
{
    test_budget = n;
}

static size_t fd_budget(void)
{
    if (test_budget >= 0)
        return (size_t)test_budget;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 0;
    rlim_t want =
        rl.rlim_max == RLIM_INFINITY || rl.rlim_max > NOFILE_CEILING ? NOFILE_CEILING : rl.rlim_max;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
        struct rlimit up = {.rlim_cur = want, .rlim_max = rl.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &up) == 0)
            rl.rlim_cur = want;
    }
    rlim_t cur = rl.rlim_cur == RLIM_INFINITY ? NOFILE_CEILING : rl.rlim_cur;
    rlim_t reserve = cur / 8 > 256 ? cur / 8 : 256;
    return cur > reserve ? (size_t)(cur - reserve) : 0;
}

static void entry_init(struct entry *e, psutil_pid_t pid)
{
    memset(e, 0, sizeof(*e));
    e->pid = pid;
    e->dirfd = -1;
    for (int f = 0; f < PSUTIL__RF_KEPT; f++)
        e->kept[f] = -1;
}

/* Closes what the entry keeps (its fds go back to the budget); the cache stays. */
static void entry_close(psutil__os_monitor *m, struct entry *e)
{
    if (e->dirfd >= 0) {
        close(e->dirfd);
        e->dirfd = -1;
        m->budget++;
    }
    for (int f = 0; f < PSUTIL__RF_KEPT; f++)
        if (e->kept[f] >= 0) {
            close(e->kept[f]);
            e->kept[f] = -1;
            m->budget++;
        }
}

static void entry_free(psutil__os_monitor *m, struct entry *e)
{
    entry_close(m, e);
    psutil__buf_release(&e->cmd.raw);
    psutil__buf_release(&e->cmd.text);
    psutil__buf_release(&e->cmd.args);
    psutil__dealloc(e);
}

/* Forgets the identity the entry followed: a new process under the same pid. */
static void entry_renew(psutil__os_monitor *m, struct entry *e)
{
    struct psutil__cmdline_cache keep = e->cmd; /* the buffers are reused, not their content */
    entry_close(m, e);
    entry_init(e, e->pid);
    e->cmd = keep;
    e->cmd.ok = 0;
}

int psutil__os_proc_monitor_new(uint32_t fields, psutil__os_monitor **out)
{
    double boot = 0;
    int rc = (fields & PSUTIL_PF_CREATE_TIME) ? psutil__os_boot_time(&boot) : 0;
    if (rc != 0)
        return rc;
    psutil__os_monitor *m = psutil__calloc(1, sizeof(*m));
    if (!m)
        return psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "process monitor");
    if ((m->root = psutil__root_open(PSUTIL__ROOT_PROC)) < 0) {
        rc = m->root;
        psutil__dealloc(m);
        return rc;
    }
    m->fields = fields;
    m->budget = fd_budget();
    psutil__scan_init(&m->s, fields, boot);
    m->s.procfs = psutil__linux_is_procfs(m->root);
    m->s.own = psutil__root_is_default(PSUTIL__ROOT_PROC);
    *out = m;
    return 0;
}

void psutil__os_proc_monitor_free(psutil__os_monitor *m)
{
    for (size_t i = 0; i < m->n; i++)
        entry_free(m, m->ents[i]);
    psutil__dealloc(m->ents);
    psutil__dealloc(m->next);
    psutil__dealloc(m->pids);
    psutil__scan_release(&m->s);
    psutil__dealloc(m->rates);
    close(m->root);
    psutil__dealloc(m);
}

/* Reads the entry's row: through its kept fds, or (a new identity, or fds ran out)
 * through a directory opened now. 0 with *keep 0 when the process is gone. */
static int read_entry(psutil__os_monitor *m, struct psutil__scan *s, struct entry *e, int *keep)
{
    for (int attempt = 0;; attempt++) {
        int kept_dir = e->dirfd >= 0;
        if (!kept_dir) {
            char name[24];
            snprintf(name, sizeof(name), "%lld", (long long)e->pid);
            int fd = psutil__openat(m->root, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                *keep = 0;
                return 0; /* gone since the listing */
            }
            if (m->budget > 0) {
                e->dirfd = fd;
                m->budget--;
            } else {
                struct psutil__row_files rf = {.dirfd = fd, .cmdline = &e->cmd};
                int rc = psutil__scan_row(s, &rf, e->pid, keep);
                close(fd);
                return rc;
            }
        }
        struct psutil__row_files rf = {
            .dirfd = e->dirfd, .kept = e->kept, .budget = &m->budget, .cmdline = &e->cmd};
        int rc = psutil__scan_row(s, &rf, e->pid, keep);
        if (rc != 0 || *keep || !kept_dir || attempt > 0)
            return rc;
        /* The kept fds answer for a process that has ended, and the pid is listed
         * again: another process has it. Read it as new. */
        entry_renew(m, e);
    }
}

/* MemTotal in bytes from the monitor's root (0 when unreadable: mem_percent stays 0). */
static uint64_t mem_total(psutil__os_monitor *m, psutil__buf *b)
{
    uint64_t kb = 0;
    if (psutil__read_at(m->root, "meminfo", b, NULL) != 0 ||
        psutil__kv_u64(b->data, b->len, "MemTotal", &kb, NULL) != 0)
        return 0;
    return kb; /* psutil__kv_u64 converts "kB" */
}

int psutil__os_proc_monitor_refresh(psutil__os_monitor *m, psutil_proc_row_t **rows,
                                    psutil_proc_rate_t **rates, size_t *n, void **copy)
{
    size_t np = 0, k = 0;
    struct psutil__scan *s = &m->s;
    int rc = psutil__linux_pids_at(m->root, &m->pids, &m->pids_cap, &np);
    if (rc != 0)
        return rc;
    psutil_pid_t *pids = m->pids;
    /* The merge puts at most every listed pid and every entry in next (all of both
     * when an error keeps the entries not reached); the rates hold one per listed pid. */
    size_t need = np + m->n;
    if (need > m->cap) {
        if ((rc = psutil__resize(&m->ents, need, sizeof(*m->ents), "process monitor")) != 0 ||
            (rc = psutil__resize(&m->next, need, sizeof(*m->next), "process monitor")) != 0)
            return rc;
        m->cap = need;
    }
    if (rates && np > m->rates_cap) {
        if ((rc = psutil__resize(&m->rates, np, sizeof(*m->rates), "process monitor")) != 0)
            return rc;
        m->rates_cap = np;
    }
    struct entry **next = m->next;
    psutil__scan_reset(s);
    if ((rc = psutil__scan_begin(s, np ? np : 1)) != 0)
        return rc;
    /* Merge the listing with the entries (both in pid order): an entry whose pid is not
     * listed has ended; a listed pid without one is new. On an error the entries read so
     * far and those not reached stay (their fds are valid for the next refresh). */
    size_t j = 0;
    for (size_t i = 0; rc == 0 && i < np; i++) {
        while (j < m->n && m->ents[j]->pid < pids[i])
            entry_free(m, m->ents[j++]);
        struct entry *e;
        if (j < m->n && m->ents[j]->pid == pids[i])
            e = m->ents[j++];
        else if ((e = psutil__malloc(sizeof(*e))) != NULL)
            entry_init(e, pids[i]);
        else {
            rc = psutil__error(PSUTIL_ENOMEM, ENOMEM, NULL, "process monitor");
            break;
        }
        int keep;
        rc = read_entry(m, s, e, &keep);
        if (rc == 0 && !keep)
            entry_free(m, e);
        else
            next[k++] = e;
    }
    while (j < m->n) /* kept on error, ended otherwise */
        if (rc != 0)
            next[k++] = m->ents[j++];
        else
            entry_free(m, m->ents[j++]);
    m->next = m->ents;
    m->ents = next;
    m->n = k;
    /* On an error the entries keep the figures of the last refresh that succeeded, whose
     * time last_refresh still is: the next rates span both intervals, rightly. */
    if (rc == 0 && copy)
        rc = psutil__pack_copy(&s->pk, copy);
    if (rc != 0)
        return rc;
    psutil_proc_row_t *out = psutil__pack_view(&s->pk);
    double now = psutil__monotonic();
    uint64_t total = (m->fields & PSUTIL_PF_MEMORY) ? mem_total(m, &s->b) : 0;
    double interval = m->last_refresh > 0 && now > m->last_refresh ? now - m->last_refresh : 0;
    for (size_t i = 0; i < k; i++) {
        struct entry *e = m->ents[i];
        if (rates)
            psutil__proc_rate(e->have_last && interval > 0 ? &e->last : NULL, &out[i],
                              sizeof(out[i]), interval, total, &m->rates[i]);
        e->last = out[i]; /* its strings are never read */
        e->have_last = 1;
    }
    m->last_refresh = now;
    *rows = out;
    if (rates)
        *rates = m->rates;
    *n = k;
    return 0;
}
