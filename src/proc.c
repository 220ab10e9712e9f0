/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * proc.c - the portable side of processes: handle allocation, equality and hash,
 * iteration, oneshot nesting, the process tree (parent, parents, children from one
 * table of parents), argument checks for every getter and setter, and the arithmetic
 * of cpu_percent and memory_percent. The backend proves identity and reads the kernel.
 */
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "os.h"
#include "util/util.h"

#define NULL_ARGS() psutil__error(PSUTIL_EINVAL, 0, NULL, "NULL handle or output")

/* --- handles ---------------------------------------------------------------------- */

int psutil_proc_open(psutil_pid_t pid, psutil_proc_t **out)
{
    if (!out)
        return NULL_ARGS();
    psutil_proc_t *p = psutil__calloc(1, sizeof(*p));
    if (!p)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "process handle");
    int rc = psutil__os_proc_open(pid, p);
    if (rc != 0) {
        psutil__dealloc(p);
        return rc;
    }
    *out = p;
    return 0;
}

void psutil_proc_close(psutil_proc_t *p)
{
    if (!p)
        return;
    if (p->os_cache)
        psutil__os_proc_oneshot_end(p);
    psutil__dealloc(p);
}

psutil_pid_t psutil_proc_pid(const psutil_proc_t *p)
{
    return p ? p->pid : -1;
}

int psutil_proc_equal(const psutil_proc_t *a, const psutil_proc_t *b)
{
    return a && b && a->pid == b->pid && a->start == b->start;
}

uint64_t psutil_proc_hash(const psutil_proc_t *p)
{
    if (!p)
        return 0;
    /* 64-bit mix of both (splitmix64's finaliser). */
    uint64_t h = (uint64_t)p->pid * UINT64_C(0x9E3779B97F4A7C15) ^ p->start;
    h ^= h >> 30;
    h *= UINT64_C(0xBF58476D1CE4E5B9);
    h ^= h >> 27;
    h *= UINT64_C(0x94D049BB133111EB);
    return h ^ (h >> 31);
}

int psutil_proc_is_running(psutil_proc_t *p, int *out)
{
    int st;
    if (!p || !out)
        return NULL_ARGS();
    int rc = psutil__os_proc_status(p, &st);
    if (rc == PSUTIL_ENOSUCHPROC) {
        *out = 0;
        return 0;
    }
    if (rc == 0)
        *out = 1;
    return rc;
}

void psutil_proc_list_close(psutil_proc_t **list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        psutil_proc_close(list[i]);
    psutil__dealloc(list);
}

int psutil_proc_oneshot_begin(psutil_proc_t *p)
{
    if (!p)
        return NULL_ARGS();
    if (p->oneshot == 0) {
        int rc = psutil__os_proc_oneshot_begin(p);
        if (rc != 0)
            return rc;
    }
    p->oneshot++;
    return 0;
}

void psutil_proc_oneshot_end(psutil_proc_t *p)
{
    if (!p || p->oneshot == 0)
        return;
    if (--p->oneshot == 0)
        psutil__os_proc_oneshot_end(p);
}

/* --- module level --------------------------------------------------------------------- */

int psutil_pids(psutil_pid_t **out, size_t *out_n)
{
    if (!out || !out_n)
        return NULL_ARGS();
    return psutil__os_pids(out, out_n);
}

int psutil_pid_exists(psutil_pid_t pid, int *out)
{
    int v;
    if (!out)
        return NULL_ARGS();
    int rc = psutil__os_pid_exists(pid, &v);
    if (rc == 0)
        *out = v;
    return rc;
}

struct psutil_proc_iter_t {
    psutil_pid_t *pids;
    size_t n, next;
};

int psutil_proc_iter_open(psutil_proc_iter_t **out)
{
    if (!out)
        return NULL_ARGS();
    psutil_proc_iter_t *it = psutil__calloc(1, sizeof(*it));
    if (!it)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "iterator");
    int rc = psutil__os_pids(&it->pids, &it->n);
    if (rc != 0) {
        psutil__dealloc(it);
        return rc;
    }
    *out = it;
    return 0;
}

int psutil_proc_iter_next(psutil_proc_iter_t *it, psutil_proc_t **out)
{
    if (!it || !out)
        return NULL_ARGS();
    while (it->next < it->n) {
        psutil_proc_t *p;
        int rc = psutil_proc_open(it->pids[it->next], &p);
        if (rc == PSUTIL_ENOSUCHPROC) { /* ended before its turn */
            it->next++;
            continue;
        }
        if (rc != 0)
            return rc; /* the same pid is tried again on the next call */
        it->next++;
        *out = p;
        return 0;
    }
    *out = NULL;
    return 0;
}

void psutil_proc_iter_close(psutil_proc_iter_t *it)
{
    if (!it)
        return;
    psutil__dealloc(it->pids);
    psutil__dealloc(it);
}

/* --- tree ------------------------------------------------------------------------------ */

/* A handle on pid if it started no later than start (else it reused a parent's pid). */
static int open_if_older(psutil_pid_t pid, uint64_t start, psutil_proc_t **out)
{
    psutil_proc_t *q = NULL;
    *out = NULL;
    if (pid <= 0)
        return 0;
    int rc = psutil_proc_open(pid, &q);
    if (rc == PSUTIL_ENOSUCHPROC || rc == PSUTIL_EINVAL)
        return 0;
    if (rc != 0)
        return rc;
    if (q->start <= start)
        *out = q;
    else
        psutil_proc_close(q);
    return 0;
}

int psutil_proc_parent(psutil_proc_t *p, psutil_proc_t **out)
{
    psutil_pid_t ppid;
    psutil_proc_t *q;
    if (!p || !out)
        return NULL_ARGS();
    int rc = psutil__os_proc_ppid(p, &ppid);
    if (rc == 0)
        rc = open_if_older(ppid, p->start, &q);
    if (rc == 0)
        *out = q;
    return rc;
}

/* A growable list of handles. */
struct plist {
    psutil_proc_t **v;
    size_t n, cap;
};

static int plist_add(struct plist *l, psutil_proc_t *p)
{
    int rc = psutil__grow(&l->v, &l->cap, l->n, sizeof(*l->v), 16, "process list");
    if (rc != 0)
        return rc;
    l->v[l->n++] = p;
    return 0;
}

static int plist_finish(struct plist *l, int rc, psutil_proc_t ***out, size_t *out_n)
{
    if (rc == 0 && !l->v && !(l->v = psutil__malloc(sizeof(*l->v))))
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "process list");
    if (rc != 0) {
        psutil_proc_list_close(l->v, l->n);
        return rc;
    }
    *out = l->v;
    *out_n = l->n;
    return 0;
}

/* The pids seen on a walk up the tree, hashed (psutil__index) over the list of handles. */
struct seen_pids {
    const struct plist *l;
    psutil_pid_t want;
    psutil__index index;
};

static int same_pid(void *ctx, size_t pos)
{
    const struct seen_pids *s = ctx;
    return s->l->v[pos]->pid == s->want;
}

/* 1 when pid was already seen, 0 when it is recorded now at position pos, or ENOMEM. */
static int seen_add(struct seen_pids *s, psutil_pid_t pid, size_t pos)
{
    size_t at;
    s->want = pid;
    return psutil__index_find_or_add(&s->index, psutil__hash_bytes(&pid, sizeof(pid)), same_pid, s,
                                     pos, &at);
}

int psutil_proc_parents(psutil_proc_t *p, psutil_proc_t ***out, size_t *out_n)
{
    struct plist l = {0};
    psutil_proc_t *cur = p, *next = NULL;
    if (!p || !out || !out_n)
        return NULL_ARGS();
    struct seen_pids seen = {&l, 0, {0}};
    int rc = 0;
    /* Up the chain. On a live system each parent started no later than its child, so
     * the walk ends; a corrupt or foreign tree (a fixture, a capture, two processes of
     * one start tick naming each other) can hold a cycle: a pid met twice ends it. */
    while (rc == 0) {
        rc = psutil_proc_parent(cur, &next);
        if (rc != 0 || !next)
            break;
        int again = next->pid == p->pid ? 1 : seen_add(&seen, next->pid, l.n);
        if (again != 0) {
            psutil_proc_close(next);
            rc = again < 0 ? again : 0;
            break;
        }
        rc = plist_add(&l, next);
        if (rc != 0) {
            psutil_proc_close(next);
            break;
        }
        cur = next;
    }
    psutil__index_release(&seen.index);
    return plist_finish(&l, rc, out, out_n);
}

static int cmp_by_ppid(const void *a, const void *b)
{
    const psutil__ppid_entry *x = a, *y = b;
    if (x->ppid != y->ppid)
        return x->ppid < y->ppid ? -1 : 1;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

/* The first entry of map (sorted by ppid) whose ppid is ppid, or n. */
static size_t first_child(const psutil__ppid_entry *map, size_t n, psutil_pid_t ppid)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map[mid].ppid < ppid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int psutil_proc_children(psutil_proc_t *p, int recursive, psutil_proc_t ***out, size_t *out_n)
{
    psutil__ppid_entry *map = NULL;
    size_t n = 0;
    struct plist l = {0};
    psutil_pid_t *queue = NULL;
    uint64_t *qstart = NULL;
    unsigned char *taken = NULL;
    if (!p || !out || !out_n)
        return NULL_ARGS();
    /* Prove the parent still exists before trusting a table that names its pid. */
    int st, rc = psutil__os_proc_status(p, &st);
    if (rc == 0)
        rc = psutil__os_ppid_map(&map, &n);
    if (rc == 0 && (!(queue = psutil__malloc((n + 1) * sizeof(*queue))) ||
                    !(qstart = psutil__malloc((n + 1) * sizeof(*qstart))) ||
                    !(taken = psutil__calloc(n + 1, 1))))
        rc = psutil__error(PSUTIL_ENOMEM, 0, NULL, "children");
    size_t head = 0, tail = 0;
    if (rc == 0) {
        /* Sorted by parent, each parent's children are one binary search away: the walk
         * is O(n log n), not O(n) per parent. */
        qsort(map, n, sizeof(*map), cmp_by_ppid);
        queue[tail] = p->pid;
        qstart[tail++] = p->start;
    }
    /* Breadth first over the table: children started after their parent (an older
     * "child" is a reused pid). Each entry is taken once, so a cycle ends. */
    while (rc == 0 && head < tail) {
        psutil_pid_t parent = queue[head];
        uint64_t pstart = qstart[head++];
        for (size_t i = first_child(map, n, parent); i < n && map[i].ppid == parent && rc == 0;
             i++) {
            if (taken[i] || map[i].start < pstart || map[i].pid == parent || map[i].pid == p->pid)
                continue;
            psutil_proc_t *c = NULL;
            int orc = psutil_proc_open(map[i].pid, &c);
            if (orc == PSUTIL_ENOSUCHPROC)
                continue;
            if (orc != 0) {
                rc = orc;
                break;
            }
            if (c->start != map[i].start) { /* reused since the table was read */
                psutil_proc_close(c);
                continue;
            }
            if ((rc = plist_add(&l, c)) != 0) {
                psutil_proc_close(c);
                break;
            }
            taken[i] = 1; /* never again */
            if (recursive) {
                queue[tail] = map[i].pid;
                qstart[tail++] = map[i].start;
            }
        }
        if (!recursive)
            break;
    }
    psutil__dealloc(map);
    psutil__dealloc(queue);
    psutil__dealloc(qstart);
    psutil__dealloc(taken);
    return plist_finish(&l, rc, out, out_n);
}

/* --- getters --------------------------------------------------------------------------- */

/* A getter whose result is a fixed-size value: checks, then writes only on success. */
#define GETTER(name, type)                                                                         \
    int psutil_proc_##name(psutil_proc_t *p, type *out)                                            \
    {                                                                                              \
        type v;                                                                                    \
        if (!p || !out)                                                                            \
            return NULL_ARGS();                                                                    \
        int rc = psutil__os_proc_##name(p, &v);                                                    \
        if (rc == 0)                                                                               \
            *out = v;                                                                              \
        return rc;                                                                                 \
    }

/* A getter returning one allocated block (and a count). */
#define LIST_GETTER(name, type)                                                                    \
    int psutil_proc_##name(psutil_proc_t *p, type **out, size_t *out_n)                            \
    {                                                                                              \
        if (!p || !out || !out_n)                                                                  \
            return NULL_ARGS();                                                                    \
        return psutil__os_proc_##name(p, out, out_n);                                              \
    }

/* A getter filling a struct at the caller's size (psutil.h, "ABI"). */
#define SIZED_GETTER(name, type)                                                                   \
    static int proc_##name(psutil_proc_t *p, type *out)                                            \
    {                                                                                              \
        return p ? psutil__os_proc_##name(p, out) : NULL_ARGS();                                   \
    }                                                                                              \
    int(psutil_proc_##name)(psutil_proc_t * p, type * out, size_t size)                            \
    {                                                                                              \
        PSUTIL__FILL_OUT(type, out, size, proc_##name(p, &tmp_));                                  \
    }

/* A getter returning a list at the caller's stride. */
#define SIZED_LIST_GETTER(name, type, layout)                                                      \
    static int proc_##name(psutil_proc_t *p, type **out, size_t *out_n)                            \
    {                                                                                              \
        return p ? psutil__os_proc_##name(p, out, out_n) : NULL_ARGS();                            \
    }                                                                                              \
    int(psutil_proc_##name)(psutil_proc_t * p, type * *out, size_t * out_n, size_t stride)         \
    {                                                                                              \
        PSUTIL__LIST_OUT(type, layout, out, out_n, stride, proc_##name(p, &blk_, &n_));            \
    }

#define STRING_GETTER(name)                                                                        \
    int psutil_proc_##name(psutil_proc_t *p, char **out)                                           \
    {                                                                                              \
        if (!p || !out)                                                                            \
            return NULL_ARGS();                                                                    \
        return psutil__os_proc_##name(p, out);                                                     \
    }

GETTER(ppid, psutil_pid_t)
GETTER(status, int)
GETTER(nice, int)
GETTER(num_threads, int64_t)
GETTER(cpu_num, int)
GETTER(create_time, double)
GETTER(num_fds, int64_t)
SIZED_GETTER(page_faults, psutil_page_faults_t)
SIZED_GETTER(cpu_times, psutil_proc_cpu_times_t)
SIZED_GETTER(uids, psutil_ids_t)
SIZED_GETTER(gids, psutil_ids_t)
SIZED_GETTER(ionice, psutil_ionice_t)
SIZED_GETTER(io_counters, psutil_proc_io_t)
SIZED_GETTER(num_ctx_switches, psutil_ctx_switches_t)
SIZED_GETTER(memory_info, psutil_proc_memory_t)
SIZED_GETTER(memory_info_ex, psutil_proc_memory_ex_t)
SIZED_GETTER(memory_full_info, psutil_proc_memory_full_t)
SIZED_GETTER(memory_footprint, psutil_proc_memory_footprint_t)
SIZED_GETTER(namespaces, psutil_namespaces_t)

STRING_GETTER(name)
STRING_GETTER(exe)
STRING_GETTER(cwd)
STRING_GETTER(root)
STRING_GETTER(terminal)
STRING_GETTER(username)
STRING_GETTER(container_id)

LIST_GETTER(cmdline, char *)
SIZED_LIST_GETTER(environ, psutil_env_var_t, psutil__layout_env_var)
SIZED_LIST_GETTER(threads, psutil_thread_t, psutil__layout_thread)
SIZED_LIST_GETTER(open_files, psutil_open_file_t, psutil__layout_open_file)
SIZED_LIST_GETTER(cgroups, psutil_cgroup_t, psutil__layout_cgroup)
LIST_GETTER(cpu_affinity, int)

static int memory_maps(psutil_proc_t *p, int grouped, psutil_memory_map_t **out, size_t *out_n)
{
    return p ? psutil__os_proc_memory_maps(p, grouped, out, out_n) : NULL_ARGS();
}

int(psutil_proc_memory_maps)(psutil_proc_t *p, int grouped, psutil_memory_map_t **out,
                             size_t *out_n, size_t stride)
{
    PSUTIL__LIST_OUT(psutil_memory_map_t, psutil__layout_memory_map, out, out_n, stride,
                     memory_maps(p, grouped, &blk_, &n_));
}

const char *psutil_proc_status_name(int status)
{
    static const char *const names[] = {
        [PSUTIL_STATUS_RUNNING] = "running",
        [PSUTIL_STATUS_SLEEPING] = "sleeping",
        [PSUTIL_STATUS_DISK_SLEEP] = "disk-sleep",
        [PSUTIL_STATUS_STOPPED] = "stopped",
        [PSUTIL_STATUS_TRACING_STOP] = "tracing-stop",
        [PSUTIL_STATUS_ZOMBIE] = "zombie",
        [PSUTIL_STATUS_DEAD] = "dead",
        [PSUTIL_STATUS_WAKE_KILL] = "wake-kill",
        [PSUTIL_STATUS_WAKING] = "waking",
        [PSUTIL_STATUS_IDLE] = "idle",
        [PSUTIL_STATUS_PARKED] = "parked",
    };
    if (status <= 0 || status > PSUTIL_STATUS_PARKED)
        return "?";
    return names[status];
}

/* --- setters ------------------------------------------------------------------------- */

int psutil_proc_set_nice(psutil_proc_t *p, int value)
{
    if (!p)
        return NULL_ARGS();
    /* The range is the OS's (Linux: -20..19; Windows: a priority class), checked there. */
    return psutil__os_proc_set_nice(p, value);
}

int psutil_proc_set_ionice(psutil_proc_t *p, int ioclass, int value)
{
    if (!p)
        return NULL_ARGS();
    if (ioclass < PSUTIL_IOPRIO_CLASS_NONE || ioclass > PSUTIL_IOPRIO_CLASS_IDLE)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown I/O class %d", ioclass);
    if (value < 0 || value > 7)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "I/O priority %d outside 0..7", value);
    if ((ioclass == PSUTIL_IOPRIO_CLASS_NONE || ioclass == PSUTIL_IOPRIO_CLASS_IDLE) && value)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "this I/O class takes no value");
    return psutil__os_proc_set_ionice(p, ioclass, value);
}

static int valid_resource(int r)
{
    return r >= PSUTIL_RLIMIT_AS && r <= PSUTIL_RLIMIT_STACK;
}

static int rlimit(psutil_proc_t *p, int resource, psutil_rlimit_t *out)
{
    if (!p)
        return NULL_ARGS();
    if (!valid_resource(resource))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown resource %d", resource);
    return psutil__os_proc_rlimit(p, resource, NULL, out);
}

int(psutil_proc_rlimit)(psutil_proc_t *p, int resource, psutil_rlimit_t *out, size_t size)
{
    PSUTIL__FILL_OUT(psutil_rlimit_t, out, size, rlimit(p, resource, &tmp_));
}

int psutil_proc_set_rlimit(psutil_proc_t *p, int resource, psutil_rlimit_t limits)
{
    if (!p)
        return NULL_ARGS();
    if (!valid_resource(resource))
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown resource %d", resource);
    if (limits.soft > limits.hard)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "soft limit above hard limit");
    return psutil__os_proc_rlimit(p, resource, &limits, NULL);
}

int psutil_proc_set_cpu_affinity(psutil_proc_t *p, const int *cpus, size_t n)
{
    if (!p || (!cpus && n))
        return NULL_ARGS();
    if (n == 0)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "empty CPU list");
    for (size_t i = 0; i < n; i++)
        if (cpus[i] < 0)
            return psutil__error(PSUTIL_EINVAL, 0, NULL, "negative CPU %d", cpus[i]);
    return psutil__os_proc_set_cpu_affinity(p, cpus, n);
}

int psutil_proc_send_signal(psutil_proc_t *p, int sig)
{
    if (!p)
        return NULL_ARGS();
    if (sig < 0 || sig > 64)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "signal %d out of range", sig);
    return psutil__os_proc_send_signal(p, sig);
}

int psutil_proc_suspend(psutil_proc_t *p)
{
    return p ? psutil__os_proc_action(p, PSUTIL__ACT_SUSPEND) : NULL_ARGS();
}

int psutil_proc_resume(psutil_proc_t *p)
{
    return p ? psutil__os_proc_action(p, PSUTIL__ACT_RESUME) : NULL_ARGS();
}

int psutil_proc_terminate(psutil_proc_t *p)
{
    return p ? psutil__os_proc_action(p, PSUTIL__ACT_TERMINATE) : NULL_ARGS();
}

int psutil_proc_kill(psutil_proc_t *p)
{
    return p ? psutil__os_proc_action(p, PSUTIL__ACT_KILL) : NULL_ARGS();
}

/* --- arithmetic ------------------------------------------------------------------------- */

int psutil_proc_cpu_percent(psutil_proc_t *p, double *out)
{
    psutil_proc_cpu_times_t t;
    if (!p || !out)
        return NULL_ARGS();
    int rc = psutil__os_proc_cpu_times(p, &t);
    if (rc != 0)
        return rc;
    double wall = psutil__monotonic(), cpu = t.user + t.system;
    double pct = 0.0;
    if (p->have_cpu && wall > p->wall_last)
        pct = fmax(0.0, (cpu - p->cpu_last) / (wall - p->wall_last) * 100.0);
    p->have_cpu = 1;
    p->cpu_last = cpu;
    p->wall_last = wall;
    *out = pct;
    return 0;
}

int psutil_proc_memory_percent(psutil_proc_t *p, int memtype, double *out)
{
    psutil_proc_memory_full_t m;
    psutil_virtual_memory_t vm;
    uint64_t v;
    int rc;
    if (!p || !out)
        return NULL_ARGS();
    if (memtype < PSUTIL_MEM_RSS || memtype > PSUTIL_MEM_SWAP)
        return psutil__error(PSUTIL_EINVAL, 0, NULL, "unknown memory type %d", memtype);
    if (memtype >= PSUTIL_MEM_USS)
        rc = psutil__os_proc_memory_full_info(p, &m);
    else
        rc = psutil__os_proc_memory_info(p, &m.base);
    if (rc == 0)
        rc = psutil_virtual_memory(&vm);
    if (rc != 0)
        return rc;
    const uint64_t vals[] = {m.base.rss,
                             m.base.vms,
                             m.base.shared,
                             m.base.text,
                             m.base.data,
                             memtype >= PSUTIL_MEM_USS ? m.uss : 0,
                             memtype >= PSUTIL_MEM_USS ? m.pss : 0,
                             memtype >= PSUTIL_MEM_USS ? m.swap : 0};
    v = vals[memtype];
    *out = vm.total ? (double)v / (double)vm.total * 100.0 : 0.0;
    return 0;
}
