/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * test_proc_monitor.c - the process monitor: its rows are the process table's and the
 * kernel files' figures, its rates bracket the kernel counters read directly around two
 * refreshes, 200 refreshes under ~1,000 forks a second never mix two processes and keep
 * the fd count bounded (seven per row at most), a reused pid is a new row with its own command
 * line, and a low RLIMIT_NOFILE (down to three free fds) still gives the whole table.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "proc_util.h"

/* What /proc/PID/stat says, read here (proc(5) numbering). */
struct kstat {
    char state;
    unsigned long long minflt, majflt, utime, stime, start;
};

static int read_kstat(int pid, struct kstat *k)
{
    char path[64], buf[4096];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    /* fields 3.. : state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
     * utime stime cutime cstime priority nice threads itrealvalue starttime */
    int got = p ? sscanf(p + 2,
                         "%c %*d %*d %*d %*d %*d %*u %llu %*u %llu %*u %llu %llu %*d %*d %*d %*d "
                         "%*d %*d %llu",
                         &k->state, &k->minflt, &k->majflt, &k->utime, &k->stime, &k->start)
                : 0;
    return got == 6 ? 0 : -1;
}

static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n - 1; /* the directory's own fd */
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const psutil_proc_row_t *find(const psutil_proc_row_t *t, size_t n, psutil_pid_t pid)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].pid == pid)
            return &t[i];
    return NULL;
}

/* A child that touches `pages` pages of fresh memory, then sleeps (its counters stay). */
static int child_touching(size_t pages)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        size_t page = (size_t)sysconf(_SC_PAGESIZE);
        char *m =
            mmap(NULL, pages * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (size_t i = 0; m != MAP_FAILED && i < pages; i++)
            m[i * page] = 1;
        prctl(PR_SET_NAME, "touched", 0, 0, 0);
        for (;;)
            pause();
    }
    CHECK(pid > 0);
    return (int)pid;
}

/* The rows of a stopped or sleeping process agree field by field with the table's. */
static void same_row(const psutil_proc_row_t *a, const psutil_proc_row_t *b)
{
    CHECK_MSG(a->have == b->have, "pid %lld: have %#x vs %#x", (long long)a->pid, a->have, b->have);
    CHECK(a->start == b->start && a->ppid == b->ppid && a->status == b->status);
    CHECK_MSG(strcmp(a->name, b->name) == 0, "%s vs %s", a->name, b->name);
    CHECK_MSG(strcmp(a->cmdline, b->cmdline) == 0, "%s vs %s", a->cmdline, b->cmdline);
    CHECK(a->args_len == b->args_len && memcmp(a->args, b->args, a->args_len) == 0);
    CHECK(strcmp(a->username, b->username) == 0 && strcmp(a->euser, b->euser) == 0);
    CHECK(strcmp(a->terminal, b->terminal) == 0 && strcmp(a->cgroup, b->cgroup) == 0);
    CHECK(a->uids.real == b->uids.real && a->uids.effective == b->uids.effective);
    CHECK(a->rss == b->rss && a->vms == b->vms && a->shared == b->shared);
    CHECK(a->cpu.user == b->cpu.user && a->cpu.system == b->cpu.system);
    CHECK(a->create_time == b->create_time && a->num_threads == b->num_threads);
    CHECK(a->nice == b->nice && a->num_fds == b->num_fds);
    CHECK(a->min_flt == b->min_flt && a->maj_flt == b->maj_flt);
    CHECK(a->swap == b->swap && a->nofile.soft == b->nofile.soft &&
          a->nofile.hard == b->nofile.hard);
    CHECK(a->io.read_chars == b->io.read_chars && a->ctx.voluntary == b->ctx.voluntary);
    CHECK(a->ns.pid == b->ns.pid && a->ns.net == b->ns.net);
}

/* A child whose open-files limit is soft 777, hard 888, with 5 pages locked in memory
 * (status VmLck), sleeping. */
static int child_limited(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        struct rlimit rl = {.rlim_cur = 777, .rlim_max = 888};
        if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || lock_pages(5) != 0)
            _exit(1);
        prctl(PR_SET_NAME, "limited", 0, 0, 0);
        for (;;)
            pause();
    }
    CHECK(pid > 0);
    return (int)pid;
}

/* "Max open files" soft and hard as /proc/PID/limits shows them, read here. */
static void read_limits(int pid, unsigned long long *soft, unsigned long long *hard)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/limits", pid);
    char *text = slurp(path, NULL);
    CHECK(text != NULL);
    const char *l = strstr(text, "\nMax open files");
    CHECK(l && sscanf(l, "\nMax open files %llu %llu", soft, hard) == 2);
    free(text);
}

/* A kB figure of /proc/PID/status, read here, in bytes (0 when the line is absent). */
static unsigned long long status_kb(int pid, const char *key)
{
    char path[64];
    unsigned long long v = 0;
    snprintf(path, sizeof(path), "/proc/%d/status", pid);
    char *text = slurp(path, NULL);
    CHECK(text != NULL);
    field_u64(text, key, 1, &v);
    free(text);
    return v * 1024;
}

TEST(nofile_swap_locked_and_memory_rows_are_the_kernels_files)
{
    int child = child_limited();
    wait_state(child, 'S');
    unsigned long long soft, hard;
    read_limits(child, &soft, &hard);
    CHECK_EQ_U64(soft, 777);
    CHECK_EQ_U64(hard, 888);
    /* The table and the monitor, with status read (swap) and without it: memory then
     * comes from status's VmRSS/VmSize, else from statm; both equal what statm says. */
    const uint32_t masks[] = {PSUTIL_PF_NOFILE | PSUTIL_PF_SWAP | PSUTIL_PF_LOCKED |
                                  PSUTIL_PF_MEMORY,
                              PSUTIL_PF_NOFILE | PSUTIL_PF_MEMORY | PSUTIL_PF_SHARED};
    for (size_t k = 0; k < 2; k++) {
        psutil_proc_row_t *t;
        size_t n, mn;
        const psutil_proc_row_t *mr;
        psutil_proc_monitor_t *m;
        CHECK_OK(psutil_proc_table(masks[k], &t, &n));
        CHECK_OK(psutil_proc_monitor_new(masks[k], &m));
        CHECK_OK(psutil_proc_monitor_refresh(m, &mr, NULL, &mn));
        const psutil_proc_row_t *rows[2] = {find(t, n, child), find(mr, mn, child)};
        psutil_proc_memory_t mem;
        psutil_proc_t *p;
        CHECK_OK(psutil_proc_open(child, &p));
        CHECK_OK(psutil_proc_memory_info(p, &mem)); /* statm */
        psutil_proc_close(p);
        for (int i = 0; i < 2; i++) {
            const psutil_proc_row_t *r = rows[i];
            CHECK(r && (r->have & PSUTIL_PF_NOFILE) && (r->have & PSUTIL_PF_MEMORY));
            CHECK_EQ_U64(r->nofile.soft, 777);
            CHECK_EQ_U64(r->nofile.hard, 888);
            CHECK_EQ_U64(r->rss, mem.rss);
            CHECK_EQ_U64(r->vms, mem.vms);
            CHECK_EQ_U64(r->rss, status_kb(child, "VmRSS:"));
            if (k == 0) {
                CHECK(r->have & PSUTIL_PF_SWAP);
                CHECK_EQ_U64(r->swap, status_kb(child, "VmSwap:"));
                CHECK(r->have & PSUTIL_PF_LOCKED);
                CHECK_EQ_U64(r->locked, status_kb(child, "VmLck:"));
                CHECK_EQ_U64(r->locked, 5 * (unsigned long long)sysconf(_SC_PAGESIZE));
            } else {
                CHECK(!(r->have & PSUTIL_PF_LOCKED) && r->locked == 0);
            }
        }
        /* Every row with the bit has the kernel's limits (pid 1's too). */
        const psutil_proc_row_t *init = find(t, n, 1);
        if (init && (init->have & PSUTIL_PF_NOFILE)) {
            read_limits(1, &soft, &hard);
            CHECK_EQ_U64(init->nofile.soft, soft);
        }
        psutil_proc_monitor_free(m);
        psutil_free(t);
    }
    /* As nobody, prlimit on another user's process is refused: the limits file answers. */
    if (geteuid() == 0) {
        fflush(NULL);
        pid_t pid = fork();
        if (pid == 0) {
            psutil_proc_row_t *t;
            size_t n;
            if (setgid(65534) != 0 || setuid(65534) != 0 ||
                psutil_proc_table(PSUTIL_PF_NOFILE, &t, &n) != 0)
                _exit(2);
            const psutil_proc_row_t *r = find(t, n, child);
            _exit(r && (r->have & PSUTIL_PF_NOFILE) && r->nofile.soft == 777 &&
                          r->nofile.hard == 888
                      ? 0
                      : 3);
        }
        int st;
        CHECK(waitpid(pid, &st, 0) == pid);
        CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as nobody: status %d", st);
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
}

/* A moved root (a fixture tree) is read from its files: its pid 1 is not this machine's
 * pid 1, so prlimit must not answer for it. */
TEST(nofile_and_swap_on_a_moved_root_come_from_its_files)
{
    char dir[] = "/tmp/psutil-nofile-XXXXXX", cmd[1024];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(cmd, sizeof(cmd),
             "mkdir -p %s/1 && cd %s/1 && cp %s stat && sed -i 's/^[0-9]* /1 /' stat && "
             "printf 'Name:\\tinit\\nVmSize:\\t  91011 kB\\nVmRSS:\\t    5678 kB\\n"
             "VmSwap:\\t    1234 kB\\n' > status && "
             "printf '1 2 3 4 0 5 0\\n' > statm && "
             "printf '%%-25s %%-20s %%-20s %%-10s\\n' Limit 'Soft Limit' 'Hard Limit' Units "
             "'Max cpu time' unlimited unlimited seconds "
             "'Max open files' 4321 8765 files > limits",
             dir, dir, fixture("proc-pid/sleep-stat"));
    CHECK(run(cmd, NULL) == 0);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, dir));
    psutil_proc_row_t *t;
    size_t n;
    CHECK_OK(psutil_proc_table(PSUTIL_PF_NOFILE | PSUTIL_PF_SWAP | PSUTIL_PF_MEMORY, &t, &n));
    CHECK(n == 1 && t[0].pid == 1);
    CHECK(t[0].have & PSUTIL_PF_NOFILE);
    CHECK_EQ_U64(t[0].nofile.soft, 4321);
    CHECK_EQ_U64(t[0].nofile.hard, 8765);
    CHECK_EQ_U64(t[0].swap, 1234 * 1024);
    CHECK_EQ_U64(t[0].rss, 5678 * 1024); /* status's, not statm's 2 pages */
    CHECK_EQ_U64(t[0].vms, 91011 * 1024);
    psutil_free(t);
    /* With shared asked, statm is read: 1 and 2 pages. */
    CHECK_OK(psutil_proc_table(PSUTIL_PF_SWAP | PSUTIL_PF_MEMORY | PSUTIL_PF_SHARED, &t, &n));
    long page = sysconf(_SC_PAGESIZE);
    CHECK(n == 1);
    CHECK_EQ_U64(t[0].vms, 1 * (unsigned long long)page);
    CHECK_EQ_U64(t[0].rss, 2 * (unsigned long long)page);
    CHECK_EQ_U64(t[0].shared, 3 * (unsigned long long)page);
    psutil_free(t);
    /* unlimited is PSUTIL_RLIM_INFINITY; a limits file without the line leaves the bit. */
    snprintf(cmd, sizeof(cmd), "sed -i 's/4321 /unlimited/' %s/1/limits", dir);
    CHECK(run(cmd, NULL) == 0);
    CHECK_OK(psutil_proc_table(PSUTIL_PF_NOFILE, &t, &n));
    CHECK(n == 1 && t[0].nofile.soft == PSUTIL_RLIM_INFINITY && t[0].nofile.hard == 8765);
    psutil_free(t);
    snprintf(cmd, sizeof(cmd), "sed -i '/open files/d' %s/1/limits", dir);
    CHECK(run(cmd, NULL) == 0);
    CHECK_OK(psutil_proc_table(PSUTIL_PF_NOFILE, &t, &n));
    CHECK(n == 1 && !(t[0].have & PSUTIL_PF_NOFILE) && t[0].nofile.soft == 0);
    psutil_free(t);
    CHECK_OK(psutil_set_root(PSUTIL_ROOT_PROC, NULL));
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    run(cmd, NULL);
}

TEST(monitor_rows_are_the_tables_and_the_kernels)
{
    int touched = child_touching(2560); /* 10 MiB of 4 KiB pages */
    int sleeper = child_sleeping();
    wait_state(touched, 'S');
    usleep(50000);
    kill(touched, SIGSTOP);
    kill(sleeper, SIGSTOP);
    wait_state(touched, 'T');
    wait_state(sleeper, 'T');
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *r;
    psutil_proc_row_t *t;
    const psutil_proc_rate_t *rt;
    size_t n, tn;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_ALL, &m));
    /* The second refresh reads through the fds the first one kept. */
    for (int k = 0; k < 2; k++)
        CHECK_OK(psutil_proc_monitor_refresh(m, &r, &rt, &n));
    CHECK_OK(psutil_proc_table(PSUTIL_PF_ALL, &t, &tn));
    for (size_t i = 1; i < n; i++)
        CHECK(r[i].pid > r[i - 1].pid);
    const int stable[2] = {touched, sleeper};
    for (int k = 0; k < 2; k++) {
        const psutil_proc_row_t *a = find(r, n, stable[k]), *b = find(t, tn, stable[k]);
        CHECK_MSG(a && b, "pid %d missing", stable[k]);
        same_row(a, b);
        struct kstat ks;
        CHECK(read_kstat(stable[k], &ks) == 0);
        CHECK_EQ_U64(a->min_flt, ks.minflt);
        CHECK_EQ_U64(a->maj_flt, ks.majflt);
        CHECK(a->have & PSUTIL_PF_PAGE_FAULTS);
    }
    const psutil_proc_row_t *a = find(r, n, touched);
    CHECK_MSG(a->min_flt >= 2560, "only %llu minor faults", (unsigned long long)a->min_flt);
    CHECK(strcmp(a->name, "touched") == 0);
    /* Every pid both saw with the same start time has the same name and parent (a
     * process may exec between the two snapshots: two such at most). */
    size_t common = 0, differ = 0;
    for (size_t i = 0; i < n; i++) {
        const psutil_proc_row_t *b = find(t, tn, r[i].pid);
        if (!b || b->start != r[i].start)
            continue;
        common++;
        if (strcmp(r[i].name, b->name) != 0 || r[i].ppid != b->ppid) {
            fprintf(stderr, "    pid %lld: %s, the table %s\n", (long long)r[i].pid, r[i].name,
                    b->name);
            differ++;
        }
    }
    CHECK_MSG(differ <= 2, "%zu of %zu rows differ", differ, common);
    CHECK_MSG(common + 5 >= tn, "%zu of %zu rows in common", common, tn);
    psutil_free(t);
    psutil_proc_monitor_free(m);
    kill(touched, SIGKILL);
    kill(sleeper, SIGKILL);
    waitpid(touched, NULL, 0);
    waitpid(sleeper, NULL, 0);
}

/* Spins and faults: a 4 MiB region dropped and touched again, over and over. */
static int child_spinning(void)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        size_t page = (size_t)sysconf(_SC_PAGESIZE), len = 1024 * page;
        char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        for (;;) {
            for (size_t i = 0; m != MAP_FAILED && i < len; i += page)
                m[i] = 1;
            if (m != MAP_FAILED)
                madvise(m, len, MADV_DONTNEED);
        }
    }
    CHECK(pid > 0);
    return (int)pid;
}

/* The monitor's rates between two refreshes against the kernel's counters read right
 * before and after each: the counters at its first refresh lie between a0 and a1, at
 * its second they are b (the process is stopped), and its interval lies between the
 * inner and the outer times measured here. */
TEST(monitor_rates_bracket_the_kernel_counters)
{
    int spin = child_spinning();
    long hz = sysconf(_SC_CLK_TCK);
    usleep(100000);
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *r;
    const psutil_proc_rate_t *rt;
    size_t n;
    struct kstat a0, a1, b;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_CPU_TIMES | PSUTIL_PF_PAGE_FAULTS | PSUTIL_PF_MEMORY,
                                     &m));
    double t0 = now_s();
    CHECK(read_kstat(spin, &a0) == 0);
    CHECK_OK(psutil_proc_monitor_refresh(m, &r, &rt, &n));
    CHECK(read_kstat(spin, &a1) == 0);
    double t1 = now_s();
    const psutil_proc_rate_t *first = &rt[find(r, n, spin) - r];
    CHECK(first->cpu_percent == 0.0 && first->min_flt_ps == 0.0); /* no previous refresh */
    usleep(400000);
    kill(spin, SIGSTOP);
    wait_state(spin, 'T');
    CHECK(read_kstat(spin, &b) == 0);
    double t2 = now_s();
    CHECK_OK(psutil_proc_monitor_refresh(m, &r, &rt, &n));
    double t3 = now_s();
    const psutil_proc_row_t *row = find(r, n, spin);
    CHECK(row != NULL);
    const psutil_proc_rate_t *rate = &rt[row - r];
    double outer = t3 - t0, inner = t2 - t1;
    double cpu_lo = (double)(b.utime + b.stime - a1.utime - a1.stime) / (double)hz / outer * 100;
    double cpu_hi = (double)(b.utime + b.stime - a0.utime - a0.stime) / (double)hz / inner * 100;
    CHECK_MSG(cpu_lo > 20, "the spinner ran only %.1f%%: the test proves nothing", cpu_lo);
    CHECK_MSG(rate->cpu_percent >= cpu_lo - 1e-9 && rate->cpu_percent <= cpu_hi + 1e-9,
              "cpu %.2f%% outside [%.2f, %.2f]", rate->cpu_percent, cpu_lo, cpu_hi);
    double flt_lo = (double)(b.minflt - a1.minflt) / outer;
    double flt_hi = (double)(b.minflt - a0.minflt) / inner;
    CHECK_MSG(flt_lo > 1000, "only %.0f faults/s", flt_lo);
    CHECK_MSG(rate->min_flt_ps >= flt_lo - 1e-9 && rate->min_flt_ps <= flt_hi + 1e-9,
              "faults %.1f/s outside [%.1f, %.1f]", rate->min_flt_ps, flt_lo, flt_hi);
    CHECK(rate->maj_flt_ps == 0.0); /* anonymous memory: nothing read from storage */
    CHECK_EQ_U64(row->min_flt, b.minflt);
    /* mem_percent: statm's resident pages over MemTotal, both read here. */
    char path[64];
    unsigned long long pages = 0, total_kb = 0;
    snprintf(path, sizeof(path), "/proc/%d/statm", spin);
    FILE *f = fopen(path, "r");
    CHECK(f && fscanf(f, "%*u %llu", &pages) == 1);
    fclose(f);
    f = fopen("/proc/meminfo", "r");
    CHECK(f && fscanf(f, "MemTotal: %llu kB", &total_kb) == 1);
    fclose(f);
    double want = (double)pages * (double)sysconf(_SC_PAGESIZE) / ((double)total_kb * 1024) * 100;
    CHECK_MSG(rate->mem_percent > 0 && fabs(rate->mem_percent - want) < 1e-9,
              "mem %.6f%%, statm says %.6f%%", rate->mem_percent, want);
    psutil_proc_monitor_free(m);
    kill(spin, SIGKILL);
    waitpid(spin, NULL, 0);
}

/* 200 refreshes under ~1,000 forks a second: rows in pid order, a churn child's name,
 * pid and command line always its own (the command line is cached per identity and
 * read again when comm changes), a child started between refreshes appears and one
 * killed leaves, and the monitor's fds stay within 7 per row. */
TEST(monitor_refreshes_under_churn_never_mix_rows)
{
    int base = open_fds();
    psutil_proc_monitor_t *m;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_ALL, &m));
    int churner = start_churner();
    size_t marked = 0;
    int child = 0;
    for (int k = 0; k < 200; k++) {
        const psutil_proc_row_t *t;
        const psutil_proc_rate_t *rt;
        size_t n;
        CHECK_OK(psutil_proc_monitor_refresh(m, &t, &rt, &n));
        int fds = open_fds();
        /* /proc/PID and at most six files each (stat, status, statm, io, cgroup, fd/). */
        CHECK_MSG((size_t)(fds - base) <= 1 + 7 * n, "%d fds for %zu rows", fds - base, n);
        for (size_t i = 0; i < n; i++) {
            const psutil_proc_row_t *r = &t[i];
            CHECK(i == 0 || r->pid > t[i - 1].pid);
            /* Finite and >= 0; not bounded by the CPU count: refreshes a few ms apart see
             * whole clock ticks (10 ms) of CPU, as top does with a short delay. */
            CHECK(isfinite(rt[i].cpu_percent) && rt[i].cpu_percent >= 0);
            if (r->name[0] == 'c' && atoll(r->name + 1) > 0) {
                marked++;
                CHECK_MSG(atoll(r->name + 1) == r->pid, "row %lld named %s", (long long)r->pid,
                          r->name);
                CHECK_MSG(r->cmdline[0] == '\0' ||
                              strncmp(r->cmdline, r->name, strlen(r->name)) == 0,
                          "row %lld: name %s, cmdline %s", (long long)r->pid, r->name, r->cmdline);
            }
        }
        /* Every 50th: the child of the previous round is there, then killed. */
        if (k % 50 == 0) {
            if (child) {
                CHECK_MSG(find(t, n, child) != NULL, "child %d started before was not seen", child);
                kill(child, SIGKILL);
                waitpid(child, NULL, 0);
                const psutil_proc_row_t *t2;
                size_t n2;
                CHECK_OK(psutil_proc_monitor_refresh(m, &t2, NULL, &n2));
                CHECK_MSG(find(t2, n2, child) == NULL, "child %d killed and reaped is listed",
                          child);
                /* t and rt were the monitor's until this refresh: the loop is done with them. */
                t = t2;
                n = n2;
            }
            child = child_sleeping();
        }
    }
    kill(churner, SIGKILL);
    waitpid(churner, NULL, 0);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    psutil_proc_monitor_free(m);
    CHECK_MSG(open_fds() == base, "%d fds after free, %d before", open_fds(), base);
    CHECK_MSG(marked > 0, "no churn child was ever caught: the test proved nothing");
}

/* A process seen before its execve: its command line is read again after it (comm
 * changed), not kept from the cache. Deterministic, unlike the churn test's chances. */
TEST(monitor_reads_the_command_line_again_after_an_exec)
{
    int go[2];
    CHECK(pipe(go) == 0);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) == 1)
            execl("/bin/sleep", "sleep", "3600", (char *)NULL);
        _exit(127);
    }
    close(go[0]);
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *r, *row;
    size_t n;
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_NAME | PSUTIL_PF_CMDLINE, &m));
    CHECK_OK(psutil_proc_monitor_refresh(m, &r, NULL, &n));
    CHECK((row = find(r, n, pid)) != NULL && strncmp(row->cmdline, "sleep", 5) != 0);
    CHECK(write(go[1], "x", 1) == 1);
    wait_argv0(pid, "sleep");
    CHECK_OK(psutil_proc_monitor_refresh(m, &r, NULL, &n));
    CHECK((row = find(r, n, pid)) != NULL);
    CHECK_MSG(strcmp(row->name, "sleep") == 0 && strcmp(row->cmdline, "sleep 3600") == 0,
              "after the exec: name %s, cmdline %s", row->name, row->cmdline);
    psutil_proc_monitor_free(m);
    close(go[1]);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* In a pid namespace (this helper's child is its init): a row for pid 2 kept by the
 * monitor, pid 2 ended and given to a new process with the same comm and another
 * command line; with kept fds (the old ones answer ESRCH) and, budget 0, without (the
 * start time tells). Exit code: 0, or the check that failed. */
static int reuse_in_namespace(long budget)
{
    psutil__test_monitor_fd_budget(budget);
    if (unshare(CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
        return 100;
    psutil_proc_monitor_t *m;
    if (psutil_proc_monitor_new(PSUTIL_PF_ALL, &m) != 0)
        return 101;
    const char *marks[2] = {"ida", "idb"};
    uint64_t start[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        pid_t c = fork();
        if (c == 0) {
            /* Same comm, different command line: only identity can tell them apart. */
            memset(program_invocation_name, 0, strlen(program_invocation_name));
            memcpy(program_invocation_name, marks[k], 3);
            prctl(PR_SET_NAME, "same-comm", 0, 0, 0);
            for (;;)
                pause();
        }
        if (c != 2)
            return 102;
        usleep(100000);
        const psutil_proc_row_t *t;
        const psutil_proc_rate_t *rt;
        size_t n;
        if (psutil_proc_monitor_refresh(m, &t, &rt, &n) != 0)
            return 103;
        const psutil_proc_row_t *r = find(t, n, 2);
        int bad = !r                                       ? 104
                  : strcmp(r->name, "same-comm") != 0      ? 105
                  : strncmp(r->cmdline, marks[k], 3) != 0  ? 106
                  : rt[r - t].cpu_percent != 0.0 && k == 1 ? 107
                                                           : 0;
        if (r)
            start[k] = r->start;
        if (bad)
            return bad;
        kill(c, SIGKILL);
        waitpid(c, NULL, 0);
        usleep(50000); /* a tick, so the start times differ */
        int fd = open("/proc/sys/kernel/ns_last_pid", O_WRONLY);
        if (fd < 0 || write(fd, "1", 1) != 1)
            return 108;
        close(fd);
    }
    psutil_proc_monitor_free(m);
    return start[0] != start[1] ? 0 : 109;
}

TEST(monitor_reads_a_reused_pid_as_a_new_process)
{
    if (geteuid() != 0)
        harness_skip("needs root for a new pid namespace");
    /* A helper per run unshares, not this process (see test_proc.c's reuse test); its
     * child is the new namespace's init, pid 1. */
    for (long budget = -1; budget <= 0; budget++) {
        fflush(NULL);
        pid_t helper = fork();
        if (helper == 0) {
            if (unshare(CLONE_NEWPID) != 0)
                _exit(77);
            pid_t init = fork();
            if (init == 0)
                _exit(reuse_in_namespace(budget));
            int ist;
            waitpid(init, &ist, 0);
            _exit(WIFEXITED(ist) ? WEXITSTATUS(ist) : 99);
        }
        int st;
        waitpid(helper, &st, 0);
        if (WIFEXITED(st) && WEXITSTATUS(st) == 77)
            harness_skip("unshare(CLONE_NEWPID) is not allowed here");
        CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "budget %ld: namespace check status %d",
                  budget, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
}

/* The pids and names of a refresh equal a table's taken right after (processes that
 * came or went in between aside). */
static int agrees_with_table(const psutil_proc_row_t *r, size_t n)
{
    psutil_proc_row_t *t;
    size_t tn, common = 0, differ = 0;
    if (psutil_proc_table(PSUTIL_PF_NAME | PSUTIL_PF_CMDLINE | PSUTIL_PF_PPID, &t, &tn) != 0)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const psutil_proc_row_t *b = find(t, tn, r[i].pid);
        if (!b || b->start != r[i].start)
            continue;
        common++;
        /* Kernel threads (children of kthreadd) rename themselves (kworker/1:1+events is
         * kworker/1:1-events once idle); another process may exec in between: two such
         * at most. */
        int kthread = b->ppid == 2 && r[i].ppid == 2 && !b->cmdline[0] && !r[i].cmdline[0];
        if (!kthread &&
            (strcmp(b->name, r[i].name) != 0 || strcmp(b->cmdline, r[i].cmdline) != 0)) {
            fprintf(stderr, "    pid %lld: [%s][%s], the table [%s][%s]\n", (long long)r[i].pid,
                    r[i].name, r[i].cmdline, b->name, b->cmdline);
            differ++;
        }
    }
    psutil_free(t);
    return differ <= 2 && common > 0 && common + 5 >= tn && common + 5 >= n;
}

/* In a child with RLIMIT_NOFILE 400/400: the monitor keeps 400 - 256 fds (the caller's
 * reserve) and reads the other processes by opening their files; refreshes give the
 * whole table, and with every fd but three taken they still do. */
static int low_nofile(void)
{
    struct rlimit rl = {400, 400};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 10;
    int base = open_fds();
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *r;
    size_t n;
    if (psutil_proc_monitor_new(PSUTIL_PF_ALL, &m) != 0)
        return 11;
    for (int k = 0; k < 3; k++) {
        if (psutil_proc_monitor_refresh(m, &r, NULL, &n) != 0)
            return 12;
        if (!agrees_with_table(r, n))
            return 13;
        /* The budget is used (more processes than it covers) and never exceeded. */
        int kept = open_fds() - base - 1;
        if (kept > 144 || (n * 3 > 144 && kept < 144 - 7))
            return 14;
    }
    /* Take every fd left but three. */
    int hog[512], nh = 0;
    while (nh < 512 && (hog[nh] = dup(0)) >= 0)
        nh++;
    if (nh < 3)
        return 15;
    for (int k = 0; k < 3; k++)
        close(hog[--nh]);
    int rc = psutil_proc_monitor_refresh(m, &r, NULL, &n);
    for (int k = 0; k < nh; k++)
        close(hog[k]);
    if (rc != 0)
        return 16;
    int ok = agrees_with_table(r, n);
    psutil_proc_monitor_free(m);
    if (!ok)
        return 17;
    if (open_fds() != base)
        return 18;
    /* A soft limit below the hard one is raised to it. */
    rl = (struct rlimit){16, 48};
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0 || psutil_proc_monitor_new(PSUTIL_PF_NAME, &m) != 0)
        return 19;
    psutil_proc_monitor_free(m);
    return getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 48 ? 0 : 20;
}

TEST(monitor_with_few_file_descriptors_still_reads_everything)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        _exit(low_nofile());
    int st;
    waitpid(pid, &st, 0);
    CHECK_MSG(WIFEXITED(st) && WEXITSTATUS(st) == 0, "low-limit check status %d",
              WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

TEST(monitor_rejects_bad_arguments)
{
    psutil_proc_monitor_t *m;
    const psutil_proc_row_t *r = NULL;
    const psutil_proc_rate_t *rt = NULL;
    size_t n = 7;
    CHECK_RC(psutil_proc_monitor_new(PSUTIL_PF_ALL, NULL), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_monitor_refresh(NULL, &r, &rt, &n), PSUTIL_EINVAL);
    CHECK_OK(psutil_proc_monitor_new(PSUTIL_PF_ALL | (1u << 31), &m));
    CHECK_RC(psutil_proc_monitor_refresh(m, NULL, &rt, &n), PSUTIL_EINVAL);
    CHECK_RC(psutil_proc_monitor_refresh(m, &r, &rt, NULL), PSUTIL_EINVAL);
    CHECK_RC((psutil_proc_monitor_refresh)(m, &r, &rt, &n, 0, sizeof(*rt)), PSUTIL_EINVAL);
    CHECK_RC((psutil_proc_monitor_refresh)(m, &r, &rt, &n, sizeof(*r), 3), PSUTIL_EINVAL);
    CHECK(n == 7 && r == NULL && rt == NULL);
    /* Unknown bits are ignored, never reported as had. */
    CHECK_OK(psutil_proc_monitor_refresh(m, &r, NULL, &n));
    CHECK(n > 0);
    for (size_t i = 0; i < n; i++)
        CHECK((r[i].have & ~(uint32_t)PSUTIL_PF_ALL) == 0);
    psutil_proc_monitor_free(m);
    psutil_proc_monitor_free(NULL);
}
