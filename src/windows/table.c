/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * table.c - the process table and the process monitor on Windows: one system snapshot
 * (NtQuerySystemInformation SystemProcessInformation) gives every row's pid, creation
 * time, parent, image name, status, times, memory, thread and handle counts, I/O and
 * context switches, as psutil's Windows backend reads them; the user name and command
 * line need the process opened, and are read only when asked for (a process that
 * cannot be opened keeps them unset in `have`). The monitor keeps the previous
 * snapshot's CPU and I/O figures to give top's rates.
 */
#include <stdlib.h>
#include <string.h>

#include "win.h"

/* What the snapshot alone fills. */
#define SNAPSHOT_FIELDS                                                                            \
    (PSUTIL_PF_PPID | PSUTIL_PF_NAME | PSUTIL_PF_STATUS | PSUTIL_PF_CPU_TIMES |                    \
     PSUTIL_PF_CREATE_TIME | PSUTIL_PF_MEMORY | PSUTIL_PF_NUM_THREADS | PSUTIL_PF_IO |             \
     PSUTIL_PF_CTX_SWITCHES | PSUTIL_PF_NUM_FDS)

static int by_pid(const void *a, const void *b)
{
    const psutil_proc_row_t *x = a, *y = b;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* A copy of one string (by pointer, then copied into the pack). */
static int pack_utf8(psutil__pack *pk, const char *s, const char **off)
{
    return psutil__pack_str(pk, s, strlen(s), off);
}

/* cmdline joined by spaces, and args: each argument followed by a NUL. */
static int pack_cmdline(psutil__pack *pk, psutil_proc_t *h, psutil_proc_row_t *r)
{
    char **argv;
    size_t argc;
    if (psutil__os_proc_cmdline(h, &argv, &argc) != 0)
        return 1;
    size_t len = 0;
    for (size_t i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *joined = psutil__malloc(len + 1), *args = psutil__malloc(len + 1);
    int rc = (!joined || !args) ? psutil__error(PSUTIL_ENOMEM, 0, NULL, "command line") : 0;
    if (rc == 0) {
        size_t o = 0;
        for (size_t i = 0; i < argc; i++) {
            size_t l = strlen(argv[i]);
            memcpy(joined + o, argv[i], l);
            memcpy(args + o, argv[i], l + 1);
            joined[o + l] = i + 1 < argc ? ' ' : '\0';
            o += l + 1;
        }
        joined[len ? len - 1 : 0] = '\0';
        rc = psutil__pack_str(pk, joined, strlen(joined), &r->cmdline);
        if (rc == 0)
            rc = psutil__pack_str(pk, args, len ? len - 1 : 0, &r->args);
        r->args_len = len;
    }
    psutil__dealloc(joined);
    psutil__dealloc(args);
    psutil_free(argv);
    return rc < 0 ? rc : 0;
}

/* Rows of every process in the snapshot, into pk (reset by the caller). */
static int fill(uint32_t fields, psutil__pack *pk)
{
    SYSTEM_PROCESS_INFORMATION *all;
    int rc = psutil__win_processes(&all);
    if (rc != 0)
        return rc;
    const char *empty;
    rc = psutil__pack_str(pk, "", 0, &empty);
    for (SYSTEM_PROCESS_INFORMATION *e = all; e && rc == 0; e = psutil__win_next(e)) {
        psutil_proc_row_t r;
        memset(&r, 0, sizeof(r));
        r.name = r.username = r.euser = r.terminal = r.cmdline = r.args = r.cgroup =
            r.container_id = empty;
        r.pid = (psutil_pid_t)(uintptr_t)e->UniqueProcessId;
        r.start = (uint64_t)e->CreateTime.QuadPart;
        r.have = fields & SNAPSHOT_FIELDS;
        r.ppid = (psutil_pid_t)(uintptr_t)e->InheritedFromUniqueProcessId;
        if (fields & PSUTIL_PF_NAME) {
            char *name;
            if ((rc = psutil__win_utf8(e->ImageName.Buffer ? e->ImageName.Buffer
                                       : r.pid == 0        ? L"System Idle Process"
                                                           : L"System",
                                       e->ImageName.Buffer ? e->ImageName.Length / 2 : -1,
                                       &name)) != 0)
                break;
            rc = pack_utf8(pk, name, &r.name);
            psutil__dealloc(name);
            if (rc != 0)
                break;
        }
        int stopped = e->NumberOfThreads > 0;
        SYSTEM_THREAD_INFORMATION *t = (SYSTEM_THREAD_INFORMATION *)(e + 1);
        for (ULONG i = 0; i < e->NumberOfThreads; i++) {
            if (!(t[i].ThreadState == 5 && t[i].WaitReason == 5))
                stopped = 0;
            r.ctx.voluntary += t[i].Reserved3;
        }
        r.status = stopped ? PSUTIL_STATUS_STOPPED : PSUTIL_STATUS_RUNNING;
        r.cpu.user = psutil__win_secs((uint64_t)e->UserTime.QuadPart);
        r.cpu.system = psutil__win_secs((uint64_t)e->KernelTime.QuadPart);
        r.create_time = psutil__win_epoch(r.start);
        r.rss = e->VirtualMemoryCounters.WorkingSetSize;
        r.vms = e->VirtualMemoryCounters.PagefileUsage;
        r.num_threads = e->NumberOfThreads;
        r.io.read_count = e->IoCounters.ReadOperationCount;
        r.io.write_count = e->IoCounters.WriteOperationCount;
        r.io.read_bytes = e->IoCounters.ReadTransferCount;
        r.io.write_bytes = e->IoCounters.WriteTransferCount;
        r.num_fds = e->HandleCount;
        psutil_proc_t h = {.pid = r.pid, .start = r.start};
        /* nice is the priority class, as psutil_proc_nice: the snapshot has only the
         * base priority. */
        if ((fields & PSUTIL_PF_NICE) && psutil__os_proc_nice(&h, &r.nice) == 0)
            r.have |= PSUTIL_PF_NICE;
        if (fields & (PSUTIL_PF_USERNAME | PSUTIL_PF_EUSER | PSUTIL_PF_CMDLINE)) {
            char *user;
            if ((fields & (PSUTIL_PF_USERNAME | PSUTIL_PF_EUSER)) &&
                psutil__os_proc_username(&h, &user) == 0) {
                rc = pack_utf8(pk, user, &r.username);
                r.euser = r.username;
                psutil__dealloc(user);
                r.have |= fields & (PSUTIL_PF_USERNAME | PSUTIL_PF_EUSER);
                r.euid = -1;
            }
            if (rc == 0 && (fields & PSUTIL_PF_CMDLINE)) {
                int got = pack_cmdline(pk, &h, &r);
                if (got < 0)
                    rc = got;
                else if (got == 0)
                    r.have |= PSUTIL_PF_CMDLINE;
            }
        }
        if (rc == 0) {
            psutil_clear_error(); /* what could not be opened is left out of `have` */
            rc = psutil__pack_add(pk, &r);
        }
    }
    psutil__dealloc(all);
    return rc;
}

int psutil__os_proc_table(uint32_t fields, psutil_proc_row_t **out, size_t *out_n)
{
    psutil__pack pk;
    PSUTIL__PACK_INIT(&pk, psutil__layout_proc_row);
    int rc = fill(fields, &pk);
    if (rc != 0) {
        psutil__pack_release(&pk);
        return rc;
    }
    /* Sorted while the string fields still hold offsets: records move whole. */
    if (pk.n > 1)
        qsort(pk.recs, pk.n, sizeof(psutil_proc_row_t), by_pid);
    return psutil__pack_finish(&pk, (void **)out, out_n);
}

/* --- the monitor ------------------------------------------------------------------------ */

typedef struct {
    psutil_pid_t pid;
    uint64_t start;
    double cpu, read, write;
} prev_t;

struct psutil__os_monitor {
    uint32_t fields;
    psutil__pack pk;
    psutil_proc_rate_t *rates;
    prev_t *prev;
    size_t nprev;
    double when;
};

int psutil__os_proc_monitor_new(uint32_t fields, psutil__os_monitor **out)
{
    psutil__os_monitor *m = psutil__calloc(1, sizeof(*m));
    if (!m)
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "process monitor");
    m->fields = fields | PSUTIL_PF_CPU_TIMES | PSUTIL_PF_MEMORY | PSUTIL_PF_IO;
    PSUTIL__PACK_INIT(&m->pk, psutil__layout_proc_row);
    *out = m;
    return 0;
}

static int by_prev(const void *a, const void *b)
{
    const prev_t *x = a, *y = b;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

int psutil__os_proc_monitor_refresh(psutil__os_monitor *m, psutil_proc_row_t **rows,
                                    psutil_proc_rate_t **rates, size_t *n, void **copy)
{
    psutil__pack_reset(&m->pk);
    int rc = fill(m->fields, &m->pk);
    if (rc != 0)
        return rc;
    double now = psutil__monotonic();
    size_t k = m->pk.n;
    if (k > 1)
        qsort(m->pk.recs, k, sizeof(psutil_proc_row_t), by_pid);
    if (copy && (rc = psutil__pack_copy(&m->pk, copy)) != 0)
        return rc;
    psutil_proc_row_t *r = psutil__pack_view(&m->pk);
    MEMORYSTATUSEX ms = {.dwLength = sizeof(ms)};
    double total = GlobalMemoryStatusEx(&ms) ? (double)ms.ullTotalPhys : 0.0;
    psutil_proc_rate_t *t = psutil__realloc(m->rates, (k ? k : 1) * sizeof(*t));
    prev_t *np = psutil__malloc((k ? k : 1) * sizeof(*np));
    if (!t || !np) {
        if (t)
            m->rates = t;
        psutil__dealloc(np);
        return psutil__error(PSUTIL_ENOMEM, 0, NULL, "process monitor rates");
    }
    m->rates = t;
    double dt = m->prev ? now - m->when : 0.0;
    for (size_t i = 0; i < k; i++) {
        memset(&t[i], 0, sizeof(t[i]));
        double cpu = r[i].cpu.user + r[i].cpu.system;
        np[i] = (prev_t){r[i].pid, r[i].start, cpu, (double)r[i].io.read_bytes,
                         (double)r[i].io.write_bytes};
        if (total > 0)
            t[i].mem_percent = (double)r[i].rss / total * 100.0;
        prev_t key = {.pid = r[i].pid};
        prev_t *o = m->prev ? bsearch(&key, m->prev, m->nprev, sizeof(key), by_prev) : NULL;
        if (o && o->start == r[i].start && dt > 0) {
            t[i].cpu_percent = cpu > o->cpu ? (cpu - o->cpu) / dt * 100.0 : 0.0;
            t[i].read_bps = np[i].read > o->read ? (np[i].read - o->read) / dt : 0.0;
            t[i].write_bps = np[i].write > o->write ? (np[i].write - o->write) / dt : 0.0;
        }
    }
    psutil__dealloc(m->prev);
    m->prev = np;
    m->nprev = k;
    m->when = now;
    *rows = r;
    if (rates)
        *rates = t;
    *n = k;
    return 0;
}

void psutil__os_proc_monitor_free(psutil__os_monitor *m)
{
    if (!m)
        return;
    psutil__pack_release(&m->pk);
    psutil__dealloc(m->rates);
    psutil__dealloc(m->prev);
    psutil__dealloc(m);
}
