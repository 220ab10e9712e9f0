/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc_table.c - the process table: rows equal what a handle and `ps -o` report,
 * zombies are kept, 200 snapshots under ~1,000 forks a second never fail or mix two
 * processes in a row, rates are computed as top does, and the tools built on it (ps,
 * top under tmux and in batch mode, iotop) behave, bad input included.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc_util.h"

static const psutil_proc_row_t *find_row(const psutil_proc_row_t *t, size_t n, psutil_pid_t pid)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].pid == pid)
            return &t[i];
    return NULL;
}

/* The handle's arguments joined by spaces, as the table stores them; NULL if unreadable. */
static char *handle_cmdline(psutil_proc_t *p)
{
    char **argv;
    size_t argc, len = 1;
    if (psutil_proc_cmdline(p, &argv, &argc) != 0)
        return NULL;
    for (size_t k = 0; k < argc; k++)
        len += strlen(argv[k]) + 1;
    char *joined = malloc(len);
    size_t off = 0;
    joined[0] = '\0';
    for (size_t k = 0; k < argc; k++)
        off += (size_t)snprintf(joined + off, len - off, "%s%s", k ? " " : "", argv[k]);
    psutil_free(argv);
    return joined;
}

/* What a handle reported for one row of the first snapshot. */
struct seen {
    psutil_pid_t pid, ppid;
    int status, nice;
    char *name, *tty, *cmdline;
    psutil_ids_t uids;
    int have_uids;
    double create_time;
    psutil_proc_cpu_times_t cpu;
    psutil_proc_memory_t mem;
    int have_mem;
    char *username;
    int64_t threads;
    psutil_proc_io_t io;
    int have_io;
    psutil_ctx_switches_t ctx;
    int have_ctx;
    int64_t fds;
    int have_fds;
};

/* A child whose command line is 20 KiB: "sh -c 'exec sleep 60' xxx...x". */
static int child_long_cmdline(void)
{
    static char arg[20 * 1024];
    memset(arg, 'x', sizeof(arg) - 1);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", "sleep 60", arg, (char *)NULL);
        _exit(127);
    }
    CHECK(pid > 0);
    return (int)pid;
}

/* Rows equal what handles report. A process may exec, retitle, renice or reparent between
 * the snapshot and the handle's reads (same pid, same start time), so a field is compared
 * only where a second snapshot, taken after every handle read, agrees with the first. */
/* A figure that may go up and down (fds, threads, rss) read again now through a handle:
 * when it differs from the earlier handle reading, the figure was moving and an A-B-A
 * between the snapshots explains a mismatch; when it does not, a mismatch is a bug.
 * -1 when the process is gone. */
static int64_t reread(psutil_pid_t pid, int what)
{
    psutil_proc_t *p;
    int64_t v = -1;
    psutil_proc_memory_t m;
    if (psutil_proc_open(pid, &p) != 0)
        return -1;
    if (what == 0 && psutil_proc_num_fds(p, &v) != 0)
        v = -1;
    if (what == 1 && psutil_proc_num_threads(p, &v) != 0)
        v = -1;
    if (what == 2)
        v = psutil_proc_memory_info(p, &m) == 0 ? (int64_t)m.rss : -1;
    psutil_proc_close(p);
    return v;
}

TEST(rows_equal_what_handles_report)
{
    psutil_proc_row_t *t, *t2;
    size_t n, n2, compared = 0, unsettled = 0, mem_compared = 0, io_compared = 0;
    int big = child_long_cmdline();
    wait_argv0(big, "sh"); /* until it has exec'd */
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t, &n));
    const psutil_proc_row_t *rb = find_row(t, n, big);
    CHECK(rb && strlen(rb->cmdline) == sizeof("sh -c sleep 60 ") - 1 + 20 * 1024 - 1);
    for (size_t i = 1; i < n; i++)
        CHECK(t[i].pid > t[i - 1].pid);
    struct seen *seen = calloc(n, sizeof(*seen));
    size_t ns = 0;
    for (size_t i = 0; i < n; i++) {
        psutil_proc_t *p;
        if (psutil_proc_open(t[i].pid, &p) != 0)
            continue;
        struct seen *h = &seen[ns];
        h->pid = t[i].pid;
        CHECK(t[i].have & PSUTIL_PF_PPID);
        int rc = psutil_proc_ppid(p, &h->ppid);
        if (rc == 0 && (rc = psutil_proc_name(p, &h->name)) == 0 &&
            (rc = psutil_proc_create_time(p, &h->create_time)) == 0 &&
            (rc = psutil_proc_nice(p, &h->nice)) == 0 &&
            (rc = psutil_proc_terminal(p, &h->tty)) == 0 &&
            (rc = psutil_proc_status(p, &h->status)) == 0 &&
            (rc = psutil_proc_cpu_times(p, &h->cpu)) == 0) {
            h->have_uids = psutil_proc_uids(p, &h->uids) == 0;
            h->have_mem = psutil_proc_memory_info(p, &h->mem) == 0;
            if (psutil_proc_username(p, &h->username) != 0)
                h->username = NULL;
            if (psutil_proc_num_threads(p, &h->threads) != 0)
                h->threads = -1;
            h->have_io = psutil_proc_io_counters(p, &h->io) == 0;
            h->have_ctx = psutil_proc_num_ctx_switches(p, &h->ctx) == 0;
            h->have_fds = psutil_proc_num_fds(p, &h->fds) == 0;
            h->cmdline = handle_cmdline(p);
            ns++;
        } else {
            /* Only a process that ended may fail a getter here. */
            CHECK_MSG(psutil_is_gone(rc), "%lld: %s", (long long)h->pid, psutil_err_name(rc));
            psutil_free(h->name);
            psutil_free(h->tty);
            memset(h, 0, sizeof(*h));
        }
        psutil_proc_close(p);
    }
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t2, &n2));
    for (size_t i = 0; i < ns; i++) {
        const struct seen *h = &seen[i];
        const psutil_proc_row_t *r = find_row(t, n, h->pid), *r2 = find_row(t2, n2, h->pid);
        long long pid = (long long)h->pid;
        CHECK(r != NULL);
        CHECK_MSG(h->create_time == r->create_time, "%lld create_time", pid);
        if (!r2 || r2->create_time != r->create_time)
            continue; /* ended since: nothing settled to compare against */
        /* Kernel workers rename themselves as they take work ("kworker/1:1-events"). */
        int kworker = r->ppid == 2, named = kworker || strcmp(r->name, r2->name) == 0;
        int stable = r->ppid == r2->ppid && r->nice == r2->nice && named &&
                     strcmp(r->cmdline, r2->cmdline) == 0 && r->euid == r2->euid &&
                     r->uids.real == r2->uids.real;
        if (!stable) {
            unsettled++;
            continue;
        }
        CHECK_MSG(h->ppid == r->ppid, "%lld ppid", pid);
        if (!kworker)
            CHECK_MSG(strcmp(h->name, r->name) == 0, "%lld: %s vs %s", pid, h->name, r->name);
        CHECK_MSG(h->nice == r->nice, "%lld nice", pid);
        CHECK_MSG(h->tty[0] ? strcmp(h->tty + 5, r->terminal) == 0 : r->terminal[0] == '\0',
                  "%lld tty", pid);
        /* Status where both snapshots agree on it (a process may sleep, wake or block on
         * I/O between them); a running process may be caught running by one reading only. */
        if (h->pid != getpid() && r->status == r2->status)
            CHECK_MSG(h->status == r->status || r->status == PSUTIL_STATUS_RUNNING ||
                          h->status == PSUTIL_STATUS_RUNNING,
                      "%lld status %d vs %d", pid, h->status, r->status);
        if ((r->have & PSUTIL_PF_UIDS) && h->have_uids)
            CHECK_MSG(h->uids.real == r->uids.real && h->uids.effective == r->euid, "%lld uids",
                      pid);
        if (h->cmdline)
            CHECK_MSG(strcmp(h->cmdline, r->cmdline) == 0, "%lld cmdline", pid);
        CHECK_MSG(h->cpu.user >= r->cpu.user && h->cpu.user <= r2->cpu.user, "%lld cpu", pid);
        CHECK_MSG(h->cpu.system >= r->cpu.system && h->cpu.system <= r2->cpu.system,
                  "%lld system cpu", pid);
        CHECK_MSG(h->cpu.children_user >= r->cpu.children_user &&
                      h->cpu.children_user <= r2->cpu.children_user,
                  "%lld children's cpu", pid);
        /* psutil's username (the real uid's) on both sides. */
        if (h->username && (r->have & PSUTIL_PF_USERNAME))
            CHECK_MSG(strcmp(h->username, r->username) == 0, "%lld username %s vs %s", pid,
                      h->username, r->username);
        if (h->threads >= 0 && r->num_threads == r2->num_threads) {
            if (h->threads != r->num_threads && reread(h->pid, 1) != h->threads)
                unsettled++;
            else
                CHECK_MSG(h->threads == r->num_threads, "%lld threads", pid);
        }
        /* Counters only grow: the handle's reading lies between the two snapshots'. */
        if (h->have_io && (r->have & r2->have & PSUTIL_PF_IO)) {
            const uint64_t hv[6] = {h->io.read_count,  h->io.write_count, h->io.read_bytes,
                                    h->io.write_bytes, h->io.read_chars,  h->io.write_chars};
            const uint64_t a[6] = {r->io.read_count,  r->io.write_count, r->io.read_bytes,
                                   r->io.write_bytes, r->io.read_chars,  r->io.write_chars};
            const uint64_t b[6] = {r2->io.read_count,  r2->io.write_count, r2->io.read_bytes,
                                   r2->io.write_bytes, r2->io.read_chars,  r2->io.write_chars};
            for (int k = 0; k < 6; k++)
                CHECK_MSG(hv[k] >= a[k] && hv[k] <= b[k], "%lld io field %d", pid, k);
            io_compared++;
        }
        if (h->have_ctx && (r->have & r2->have & PSUTIL_PF_CTX_SWITCHES))
            CHECK_MSG(h->ctx.voluntary >= r->ctx.voluntary &&
                          h->ctx.voluntary <= r2->ctx.voluntary &&
                          h->ctx.involuntary >= r->ctx.involuntary &&
                          h->ctx.involuntary <= r2->ctx.involuntary,
                      "%lld context switches", pid);
        if (h->have_fds && (r->have & r2->have & PSUTIL_PF_NUM_FDS) && r->num_fds == r2->num_fds &&
            h->pid != getpid()) {
            if (h->fds != r->num_fds && reread(h->pid, 0) != h->fds)
                unsettled++;
            else
                CHECK_MSG(h->fds == r->num_fds, "%lld fds %lld vs %lld", pid, (long long)h->fds,
                          (long long)r->num_fds);
        }
        /* Memory from statm on both sides: equal whenever it held still meanwhile. */
        if (h->have_mem && (r->have & PSUTIL_PF_MEMORY) && r->rss == r2->rss && r->vms == r2->vms &&
            (h->mem.rss == r->rss || reread(h->pid, 2) == (int64_t)h->mem.rss)) {
            CHECK_MSG(h->mem.rss == r->rss, "%lld rss %llu vs %llu", pid,
                      (unsigned long long)h->mem.rss, (unsigned long long)r->rss);
            CHECK_MSG(h->mem.vms == r->vms, "%lld vms", pid);
            if (r->shared == r2->shared)
                CHECK_MSG(h->mem.shared == r->shared, "%lld shared", pid);
            mem_compared++;
        }
        compared++;
    }
    CHECK_MSG(compared > 10 && unsettled < compared, "%zu compared, %zu unsettled", compared,
              unsettled);
    CHECK_MSG(mem_compared > 5, "only %zu memory figures compared", mem_compared);
    CHECK_MSG(io_compared > 5, "only %zu io figures compared", io_compared);
    for (size_t i = 0; i < ns; i++) {
        psutil_free(seen[i].name);
        psutil_free(seen[i].tty);
        psutil_free(seen[i].username);
        free(seen[i].cmdline);
    }
    free(seen);
    psutil_free(t);
    psutil_free(t2);
    kill(big, SIGKILL);
    waitpid(big, NULL, 0);
}

/* One line of `ps -eo pid=,ppid=,euser:40=,nlwp=,ni=,vsz=,tty=` (a user name wider than
 * euser's 8 columns, systemd-network's or messagebus's, would be cut to 7 and a +). */
struct ps_line {
    long long pid, ppid, nlwp, vsz;
    char user[64], ni[16], tty[64];
};

static size_t ps_lines(struct ps_line **out)
{
    char *text;
    size_t n = 0, cap = 256;
    struct ps_line *v = malloc(cap * sizeof(*v));
    CHECK(run("ps -eo pid=,ppid=,euser:40=,nlwp=,ni=,vsz=,tty= 2>/dev/null", &text) == 0);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        struct ps_line *l = &v[n];
        if (sscanf(line, "%lld %lld %63s %lld %15s %lld %63s", &l->pid, &l->ppid, l->user, &l->nlwp,
                   l->ni, &l->vsz, l->tty) != 7)
            continue;
        if (++n == cap)
            v = realloc(v, (cap *= 2) * sizeof(*v));
    }
    free(text);
    *out = v;
    return n;
}

/* Rows agree with `ps` run just before and just after the snapshot: a process whose ps
 * columns changed between the two runs (threads started, reniced, reparented) is not
 * compared; vsz, where both runs agree on it, must match give or take 1 MiB. */
TEST(rows_agree_with_ps)
{
    psutil_proc_row_t *t;
    struct ps_line *before, *after;
    size_t n, compared = 0, unsettled = 0;
    size_t nb = ps_lines(&before);
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t, &n));
    size_t na = ps_lines(&after);
    for (size_t i = 0; i < na; i++) {
        const struct ps_line *l = &after[i], *e = NULL;
        for (size_t k = 0; k < nb && !e; k++)
            if (before[k].pid == l->pid)
                e = &before[k];
        const psutil_proc_row_t *r = find_row(t, n, (psutil_pid_t)l->pid);
        if (!r || !e || l->pid == getpid())
            continue; /* born after the snapshot, or busy being this test */
        long long pid = l->pid;
        if (e->ppid != l->ppid || strcmp(e->user, l->user) != 0 || e->nlwp != l->nlwp ||
            strcmp(e->ni, l->ni) != 0 || strcmp(e->tty, l->tty) != 0) {
            unsettled++;
            continue;
        }
        CHECK_MSG(r->ppid == l->ppid, "%lld ppid", pid);
        CHECK_MSG(strcmp(r->username, l->user) == 0, "%lld user %s vs %s", pid, r->username,
                  l->user);
        CHECK_MSG(r->num_threads == l->nlwp, "%lld threads", pid);
        if (strcmp(l->ni, "-") != 0) /* ps shows "-" for real-time tasks */
            CHECK_MSG(r->nice == atoi(l->ni), "%lld nice", pid);
        /* VSZ only where it held still: a process that execs between the two ps runs
         * (184 -> 428 KiB) passes through other sizes, not a range between them. */
        long long vsz = (long long)(r->vms / 1024);
        if (e->vsz == l->vsz)
            CHECK_MSG(vsz >= l->vsz - 1024 && vsz <= l->vsz + 1024, "%lld vsz %lld, ps %lld", pid,
                      vsz, l->vsz);
        CHECK_MSG(strcmp(l->tty, "?") == 0 ? r->terminal[0] == '\0'
                                           : strcmp(l->tty, r->terminal) == 0,
                  "%lld tty %s vs %s", pid, l->tty, r->terminal);
        compared++;
    }
    CHECK_MSG(compared > 10 && unsettled < compared, "%zu compared, %zu unsettled", compared,
              unsettled);
    free(before);
    free(after);
    psutil_free(t);
}

TEST(zombies_are_kept_and_vanished_processes_are_not)
{
    int z = child_zombie(0), live = child_sleeping();
    psutil_proc_row_t *t;
    size_t n;
    kill(live, SIGKILL);
    waitpid(live, NULL, 0);
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t, &n));
    const psutil_proc_row_t *r = find_row(t, n, z);
    CHECK(r && r->status == PSUTIL_STATUS_ZOMBIE && r->cmdline[0] == '\0');
    CHECK(find_row(t, n, live) == NULL);
    psutil_free(t);
    waitpid(z, NULL, 0);
    /* Only unknown bits: every process, nothing but identity in any row. */
    CHECK_OK(psutil_proc_table(1u << 30, &t, &n));
    CHECK(n > 0 && t[0].have == 0);
    psutil_free(t);
    CHECK_RC(psutil_proc_table(PSUTIL_PF_NAME, NULL, &n), PSUTIL_EINVAL);
}

TEST(two_hundred_snapshots_under_churn_never_mix_rows)
{
    int churner = start_churner();
    size_t marked = 0;
    for (int k = 0; k < 200; k++) {
        psutil_proc_row_t *t;
        size_t n;
        CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t, &n));
        for (size_t i = 0; i < n; i++) {
            const psutil_proc_row_t *r = &t[i];
            CHECK(i == 0 || r->pid > t[i - 1].pid);
            /* A row whose name is a churn mark: the same process wrote its cmdline
             * first, so cmdline and pid must carry the same mark. */
            if (r->name[0] == 'c' && atoll(r->name + 1) > 0) {
                marked++;
                CHECK_MSG(atoll(r->name + 1) == r->pid, "row %lld named %s", (long long)r->pid,
                          r->name);
                /* Empty while it exits (the kernel drops its memory before the task
                 * turns zombie); another process's cmdline would be a mixed row. */
                CHECK_MSG(r->cmdline[0] == '\0' ||
                              strncmp(r->cmdline, r->name, strlen(r->name)) == 0,
                          "row %lld: name %s, cmdline %s", (long long)r->pid, r->name, r->cmdline);
            }
        }
        psutil_free(t);
    }
    kill(churner, SIGKILL);
    waitpid(churner, NULL, 0);
    CHECK_MSG(marked > 0, "no churn child was ever caught: the test proved nothing");
}

/* Every rate from rows with distinct figures: user and system both count, so do read
 * and write bytes; rows match by pid and start time through a merge, so a pid new in cur
 * (13) is never matched with its neighbour in prev (14), a reused pid (11) is new, a
 * counter that went backwards (12) gives 0, and a row without io in prev gives no io
 * rate. */
TEST(rates_as_top_computes_them)
{
    psutil_proc_row_t prev[4], cur[4];
    psutil_proc_rate_t r[4];
    memset(prev, 0, sizeof(prev));
    memset(cur, 0, sizeof(cur));
    const psutil_pid_t prev_pids[4] = {10, 11, 12, 14}, cur_pids[4] = {10, 11, 12, 13};
    for (int i = 0; i < 4; i++) {
        prev[i].pid = prev_pids[i];
        cur[i].pid = cur_pids[i];
        prev[i].start = cur[i].start = 1000;
        prev[i].have = cur[i].have = PSUTIL_PF_CPU_TIMES | PSUTIL_PF_MEMORY | PSUTIL_PF_IO;
    }
    prev[0].cpu.user = 1.0;
    prev[0].cpu.system = 0.25;
    cur[0].cpu.user = 1.5;
    cur[0].cpu.system = 0.5; /* 0.75 s of CPU in 2 s: 37.5 % */
    cur[0].rss = 512;        /* of 4096: 12.5 % */
    prev[0].io.read_bytes = 1000;
    cur[0].io.read_bytes = 5000; /* 2000 B/s */
    prev[0].io.write_bytes = 300;
    cur[0].io.write_bytes = 1100; /* 400 B/s */
    prev[0].have = cur[0].have |= PSUTIL_PF_PAGE_FAULTS;
    prev[0].min_flt = 100;
    cur[0].min_flt = 800; /* 350 faults/s */
    prev[0].maj_flt = 7;
    cur[0].maj_flt = 20; /* 6.5 faults/s */
    cur[1].start = 2000; /* pid reused: new, no rate */
    cur[1].cpu.user = 9.0;
    cur[1].io.read_bytes = 7000;
    cur[1].rss = 1024;      /* memory needs no previous row: 25 % */
    prev[2].cpu.user = 5.0; /* went backwards: 0, never negative */
    cur[2].cpu.user = 4.0;
    prev[2].io.write_bytes = 900;
    cur[2].io.write_bytes = 800;
    prev[2].have &= ~(uint32_t)PSUTIL_PF_IO; /* and io was not read before */
    cur[2].io.read_bytes = 600;
    prev[3].cpu.user = 1.0; /* pid 14, gone; 13 is new and has nothing to compare with */
    prev[3].io.read_bytes = 10;
    cur[3].cpu.user = 8.0;
    cur[3].io.read_bytes = 90;
    CHECK_OK(psutil_proc_table_rates(prev, 4, cur, 4, 2.0, 4096, r));
    CHECK_NEAR(r[0].cpu_percent, 37.5, 1e-9);
    CHECK_NEAR(r[0].mem_percent, 12.5, 1e-9);
    CHECK_NEAR(r[0].read_bps, 2000.0, 1e-9);
    CHECK_NEAR(r[0].write_bps, 400.0, 1e-9);
    CHECK_NEAR(r[0].min_flt_ps, 350.0, 1e-9);
    CHECK_NEAR(r[0].maj_flt_ps, 6.5, 1e-9);
    CHECK(r[1].cpu_percent == 0.0 && r[1].read_bps == 0.0);
    CHECK_NEAR(r[1].mem_percent, 25.0, 1e-9);
    CHECK(r[2].cpu_percent == 0.0 && r[2].read_bps == 0.0 && r[2].write_bps == 0.0);
    CHECK(r[1].min_flt_ps == 0.0 && r[2].min_flt_ps == 0.0);
    CHECK(r[3].cpu_percent == 0.0 && r[3].read_bps == 0.0);
    CHECK_OK(psutil_proc_table_rates(NULL, 0, cur, 4, 1.0, 0, r));
    CHECK(r[0].cpu_percent == 0.0 && r[0].mem_percent == 0.0);
    CHECK_RC(psutil_proc_table_rates(prev, 4, cur, 4, 0.0, 0, r), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_table_rates(prev, 4, cur, 4, NAN, 0, r), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_table_rates(prev, 4, cur, 4, 1.0, 0, NULL), PSUTIL_EINVAL);
}

TEST(ps_matches_ps_o_and_sorts)
{
    int st, kid = child_sleeping(); /* one process ps and we must both show */
    char *js = tool("ps --json", &st), *theirs, cmd[160];
    CHECK(st == 0);
    snprintf(cmd, sizeof(cmd),
             "{ ps -eo pid=,euser:40=,args= | head -n 40; ps -o pid=,euser:40=,args= -p %d; } "
             "2>/dev/null",
             kid);
    CHECK(run(cmd, &theirs) == 0);
    int checked = 0, seen_kid = 0;
    for (char *line = strtok(theirs, "\n"); line; line = strtok(NULL, "\n")) {
        long long pid;
        char user[64];
        int off = 0;
        if (sscanf(line, "%lld %63s %n", &pid, user, &off) != 2 || pid == getpid())
            continue;
        char expr[4096];
        /* Our COMMAND column equals ps's args (kernel threads as [name] on both). */
        snprintf(expr, sizeof(expr),
                 "next((2 if x['username'] == %s%s%s else 0 for x in d if x['pid'] == %lld), 1)",
                 "'", user, "'", pid);
        double verdict = json_eval(js, expr); /* 2 same user, 1 ended before we looked */
        CHECK_MSG(verdict >= 1, "user of %lld", pid);
        checked += verdict == 2;
        seen_kid |= pid == kid && verdict == 2;
    }
    CHECK(seen_kid && checked >= 1);
    kill(kid, SIGKILL);
    waitpid(kid, NULL, 0);
    free(theirs);
    CHECK(json_eval(js, "1 if [x['pid'] for x in d] == sorted(x['pid'] for x in d) else 0") == 1);
    free(js);
    js = tool("ps --sort -rss --json", &st);
    CHECK(st == 0);
    CHECK(json_eval(js, "1 if [x['memory_info']['rss'] for x in d] == "
                        "sorted((x['memory_info']['rss'] for x in d), "
                        "reverse=True) else 0") == 1);
    free(js);
    char args[64];
    snprintf(args, sizeof(args), "ps -p 1,%d --json", (int)getpid());
    js = tool(args, &st);
    CHECK(st == 0 && json_eval(js, "len(d)") == 2);
    free(js);
    js = tool("ps -u root --json", &st);
    CHECK(st == 0 && json_eval(js, "1 if all(x['username'] == 'root' for x in d) else 0") == 1);
    free(js);
    /* A number selects by uid as procps does: this test process is among its own uid's. */
    char expr[96];
    snprintf(args, sizeof(args), "ps -u %u --json", (unsigned)geteuid());
    snprintf(expr, sizeof(expr), "1 if any(x['pid'] == %d for x in d) else 0", (int)getpid());
    js = tool(args, &st);
    CHECK(st == 0 && json_eval(js, expr) == 1);
    free(js);
    /* The header is procps's ps aux's, whose PID column is as wide as pid_max's digits. */
    char *text = tool("ps", &st);
    CHECK(st == 0 && run("ps aux", &theirs) == 0 && theirs);
    size_t hl = strcspn(theirs, "\n");
    CHECK_MSG(strncmp(text, theirs, hl + 1) == 0, "ours:\n%.*s\nprocps:\n%.*s",
              (int)strcspn(text, "\n"), text, (int)hl, theirs);
    free(theirs);
    free(text);
}

TEST(top_batch_reports_parse)
{
    int st;
    char *out = tool("top -b -n 2 -d 0.2", &st);
    CHECK(st == 0);
    int headers = 0, rows = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "psutil top - ", 13) == 0)
            headers++;
        long long pid;
        char user[64];
        if (sscanf(line, "%lld %63s", &pid, user) == 2 && pid > 0)
            rows++;
    }
    CHECK(headers == 2);
    psutil_pid_t *pids;
    size_t n;
    CHECK_OK(psutil_pids(&pids, &n));
    psutil_free(pids);
    CHECK_MSG(rows >= (int)n && rows <= 3 * (int)n, "%d rows for %zu processes", rows, n);
    free(out);
}

/* tmux helpers for the interactive top: a session running cmd, keys sent, the screen.
 * Nothing waits a fixed time: the start waits for top's header, a key for the screen to
 * change and then hold still (two captures alike), each within a limit. */
static char *tmux_screen(const char *sess)
{
    char buf[256], *out;
    snprintf(buf, sizeof(buf), "tmux capture-pane -p -t %s", sess);
    CHECK(run(buf, &out) == 0 && out);
    return out;
}

/* The screen once it shows every one of the needles (NULL-terminated); fails after 20 s. */
static char *tmux_wait_for(const char *sess, const char *const *needles)
{
    char *s = NULL;
    for (double t0 = now(); now() - t0 < 20; usleep(20000)) {
        free(s);
        s = tmux_screen(sess);
        size_t i = 0;
        while (needles[i] && strstr(s, needles[i]))
            i++;
        if (!needles[i])
            return s;
    }
    harness_fail(__FILE__, __LINE__, "the screen never showed what was awaited:\n%s", s);
}

static void tmux_start(const char *sess, const char *cmd)
{
    char buf[2048];
    snprintf(buf, sizeof(buf),
             "tmux new-session -d -s %s -x 140 -y 45 \"%s; echo EXIT=\\$?; sleep 30\"", sess, cmd);
    CHECK(run(buf, NULL) == 0);
    static const char *const header[] = {"PID USER", NULL};
    free(tmux_wait_for(sess, header));
}

/* Sends keys and returns once the screen has changed and holds still, or after 10 s (a
 * key may leave the screen as it was: then the checks that follow judge it). */
static void tmux_keys(const char *sess, const char *keys)
{
    char buf[512];
    char *before = tmux_screen(sess), *last = NULL;
    snprintf(buf, sizeof(buf), "tmux send-keys -t %s %s", sess, keys);
    CHECK(run(buf, NULL) == 0);
    for (double t0 = now(); now() - t0 < 10;) {
        usleep(20000);
        char *s = tmux_screen(sess);
        int settled = strcmp(s, before) != 0 && last && strcmp(s, last) == 0;
        free(last);
        last = s;
        if (settled)
            break;
    }
    free(last);
    free(before);
}

TEST(top_under_tmux_shows_the_screen_and_quits_cleanly)
{
    NEED(run("command -v tmux >/dev/null", NULL) == 0, "tmux is not installed");
    char cmd[2048], sess[32];
    snprintf(sess, sizeof(sess), "psutil%d", (int)getpid());
    snprintf(cmd, sizeof(cmd), "%s/psutil top -d 0.3", build_dir());
    tmux_start(sess, cmd);
    static const char *const screen[] = {"psutil top - ", "Tasks:", "PID USER", "cpu0", NULL};
    free(tmux_wait_for(sess, screen));
    snprintf(cmd, sizeof(cmd), "tmux send-keys -t %s q", sess);
    CHECK(run(cmd, NULL) == 0);
    static const char *const ended[] = {"EXIT=", NULL};
    char *out = tmux_wait_for(sess, ended);
    /* Quit with status 0 and the terminal back as it was: the top screen is gone. */
    CHECK_MSG(strstr(out, "EXIT=0") && !strstr(out, "Tasks:"), "after q:\n%s", out);
    free(out);
    snprintf(cmd, sizeof(cmd), "tmux kill-session -t %s", sess);
    run(cmd, NULL);
}

TEST(iotop_sees_a_writer)
{
    fflush(NULL);
    pid_t w = fork();
    if (w == 0) {
        int fd = open("/tmp/psutil-iotop-test", O_WRONLY | O_CREAT | O_TRUNC | O_SYNC, 0600);
        static char block[1 << 16];
        for (int i = 0; i < 4000 && fd >= 0; i++)
            if (write(fd, block, sizeof(block)) < 0)
                break;
        _exit(0);
    }
    int st;
    char *js = tool("iotop --json -n 1 -d 0.5", &st), expr[256];
    CHECK(st == 0);
    snprintf(expr, sizeof(expr),
             "next((x['write_bytes_per_second'] for x in d['processes'] if x['pid'] == %d), 0)",
             (int)w);
    CHECK_MSG(json_eval(js, expr) > 0, "%s", js);
    free(js);
    kill(w, SIGKILL);
    waitpid(w, NULL, 0);
    unlink("/tmp/psutil-iotop-test");
}

TEST(table_tools_reject_bad_input_with_usage)
{
    static const char *const bad[] = {"ps --sort bogus", "ps -u no-such-user-here",
                                      "ps -p 1,x",       "ps -p ''",
                                      "ps -p -3",        "ps extra",
                                      "top -d x",        "top -n 0",
                                      "top -z",          "iotop -d 0",
                                      "iotop -n x",      "iotop --what"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char cmd[256], *err;
        int st;
        snprintf(cmd, sizeof(cmd), "%s 2>&1 >/dev/null", bad[i]);
        err = tool(cmd, &st);
        CHECK_MSG(st == 2 && strstr(err, "Usage: psutil"), "'%s': exit %d, '%s'", bad[i], st, err);
        free(err);
    }
}

/* The pid of the first process row on a top screen, -1 when none. */
static long first_row_pid(const char *screen)
{
    const char *h = strstr(screen, "PID USER");
    const char *row = h ? strchr(h, '\n') : NULL;
    long pid;
    return row && sscanf(row + 1, "%ld", &pid) == 1 ? pid : -1;
}

/* top's keys under tmux with a long delay, so every change comes from the key alone: N
 * sorts by pid and Down scrolls a row, h shows help, 1 swaps the CPU bars for one line,
 * u and / filter (= clears), k sends a signal and r renices through prompts. */
TEST(top_keys_sort_scroll_filter_kill_and_renice)
{
    NEED(run("command -v tmux >/dev/null", NULL) == 0, "tmux is not installed");
    int victim = child_sleeping(), target = child_sleeping();
    char sess[32], cmd[1024], keys[128];
    snprintf(sess, sizeof(sess), "psutilk%d", (int)getpid());
    snprintf(cmd, sizeof(cmd), "%s/psutil top -d 30", build_dir());
    tmux_start(sess, cmd);
    tmux_keys(sess, "N");
    char *s = tmux_screen(sess);
    long first = first_row_pid(s);
    CHECK_MSG(first == 1, "sorted by pid, first row %ld:\n%s", first, s);
    free(s);
    tmux_keys(sess, "Down");
    s = tmux_screen(sess);
    CHECK_MSG(first_row_pid(s) > 1, "after Down:\n%s", s);
    free(s);
    tmux_keys(sess, "Home h");
    s = tmux_screen(sess);
    CHECK_MSG(strstr(s, "keys (procps top's)"), "help:\n%s", s);
    free(s);
    tmux_keys(sess, "x 1");
    s = tmux_screen(sess);
    CHECK_MSG(strstr(s, "%Cpu(s):") && !strstr(s, "cpu0 "), "after 1:\n%s", s);
    free(s);
    tmux_keys(sess, "/ zzz-no-such-command Enter");
    s = tmux_screen(sess);
    CHECK_MSG(first_row_pid(s) == -1, "filtered:\n%s", s);
    free(s);
    tmux_keys(sess, "= u root Enter");
    s = tmux_screen(sess);
    CHECK_MSG(first_row_pid(s) == 1 && strstr(s, " root "), "user root:\n%s", s);
    free(s);
    snprintf(keys, sizeof(keys), "k %d Enter 9 Enter", victim);
    tmux_keys(sess, keys);
    int st;
    CHECK(waitpid(victim, &st, 0) == victim && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
    snprintf(keys, sizeof(keys), "r %d Enter 7 Enter", target);
    tmux_keys(sess, keys);
    psutil_proc_t *p;
    int nice = 0;
    CHECK_OK(psutil_proc_open(target, &p));
    CHECK_OK(psutil_proc_nice(p, &nice));
    CHECK(nice == 7);
    psutil_proc_close(p);
    tmux_keys(sess, "q");
    s = tmux_screen(sess);
    CHECK_MSG(strstr(s, "EXIT=0"), "after q:\n%s", s);
    free(s);
    snprintf(cmd, sizeof(cmd), "tmux kill-session -t %s", sess);
    run(cmd, NULL);
    kill(target, SIGKILL);
    waitpid(target, NULL, 0);
}

/* -p and -u select as top's, -o sorts; a terminal ncurses cannot drive gets one clear
 * line and exit 1 instead of a broken screen. */
TEST(top_options_select_and_a_dumb_terminal_is_refused)
{
    int a = child_sleeping(), st;
    char args[128];
    snprintf(args, sizeof(args), "top -b -n 1 -p %d,1 -o PID", a);
    char *out = tool(args, &st);
    CHECK(st == 0);
    const char *h = strstr(out, "PID USER");
    CHECK(h != NULL);
    long p1 = -1, p2 = -1, p3 = -1;
    const char *r1 = strchr(h, '\n') + 1, *r2 = strchr(r1, '\n') + 1;
    sscanf(r1, "%ld", &p1);
    sscanf(r2, "%ld", &p2);
    CHECK_MSG(p1 == 1 && p2 == a && sscanf(strchr(r2, '\n') + 1, "%ld", &p3) != 1, "%s", out);
    CHECK(strstr(out, " PR ") && strstr(out, " SHR "));
    free(out);
    out = tool("top -b -n 1 -u 0", &st);
    CHECK(st == 0 && strstr(out, " root "));
    free(out);
    /* Wide values (ASan's 20 TiB VIRT, long user names) never shift the columns: on every
     * row COMMAND starts where its header does, right after TIME+'s last digit. */
    out = tool("top -b -n 1", &st);
    h = strstr(out, "PID USER");
    CHECK(st == 0 && h);
    const char *hl = h;
    while (hl > out && hl[-1] != '\n')
        hl--;
    size_t col = (size_t)(strstr(hl, "COMMAND") - hl), rows = 0;
    for (const char *line = strchr(h, '\n') + 1; *line; line = strchr(line, '\n') + 1, rows++) {
        CHECK_MSG(strlen(line) > col && line[col - 1] == ' ' &&
                      isdigit((unsigned char)line[col - 2]),
                  "row shifted: %.*s", (int)strcspn(line, "\n"), line);
        if (!strchr(line, '\n'))
            break;
    }
    CHECK(rows >= 3); /* at least this test, its sleeper and the tool: any pid namespace */
    free(out);
    char cmd[512];
    snprintf(cmd, sizeof(cmd),
             "TERM=dumb script -qc '%s/psutil top; echo STATUS=$?' /dev/null </dev/null 2>&1 | "
             "tr -d '\\r'",
             build_dir());
    run(cmd, &out);
    CHECK_MSG(out && strstr(out, "cannot be driven by ncurses") && strstr(out, "STATUS=1"), "%s",
              out ? out : "");
    free(out);
    kill(a, SIGKILL);
    waitpid(a, NULL, 0);
}

/* The %CPU shown for a spinning process, from a top screen; -1 when it is not there. */
static double cpu_of(const char *screen, int pid)
{
    char want[32];
    snprintf(want, sizeof(want), "\n%7d ", pid);
    const char *row = strstr(screen, want);
    double pct = -1;
    if (row)
        sscanf(row + strlen(want), "%*s %*s %*s %*s %*s %*s %*s %lf", &pct);
    return pct;
}

/* A key redraws the last sample; only the delay takes a new one: a spinning child's %CPU,
 * which any new sample would change, reads the same before and after P and M. */
TEST(top_keys_redraw_without_taking_a_new_sample)
{
    NEED(run("command -v tmux >/dev/null", NULL) == 0, "tmux is not installed");
    int spin = spawn_spinner();
    char sess[32], cmd[1024];
    snprintf(sess, sizeof(sess), "psutilr%d", (int)getpid());
    snprintf(cmd, sizeof(cmd), "%s/psutil top -d 30 -p %d", build_dir(), spin);
    tmux_start(sess, cmd);
    char *a = tmux_screen(sess);
    double before = cpu_of(a, spin);
    tmux_keys(sess, "M P");
    char *b = tmux_screen(sess);
    double after = cpu_of(b, spin);
    CHECK_MSG(before > 1.0 && before == after, "%%CPU %.1f then %.1f:\n%s\n%s", before, after, a,
              b);
    free(a);
    free(b);
    tmux_keys(sess, "q");
    snprintf(cmd, sizeof(cmd), "tmux kill-session -t %s", sess);
    run(cmd, NULL);
    kill_child(spin);
}
